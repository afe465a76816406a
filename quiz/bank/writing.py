"""What every exporter that reads its output back shares: write each question, keep it only if it means the same."""

from __future__ import annotations

from collections.abc import Callable

from quiz.bank.dict_form import question_meaning
from quiz.bank.errors import CannotExport
from quiz.bank.model import Bank, Question


def check_meaning(question: Question, back: tuple[Question, ...], bank: Bank, format_name: str) -> None:
    """Raise CannotExport unless `back` (the written question read again) is one question meaning the same."""
    original = question_meaning(question, bank.title)
    reread = question_meaning(back[0], bank.title) if len(back) == 1 else {}
    if original != reread:
        field_name = next((k for k in original if original[k] != reread.get(k)), "content")
        raise CannotExport(f"{format_name} cannot express it exactly (its {field_name} would change)")


def write_each(
    bank: Bank, category_of: Callable[[str], str], write: Callable[[Question, str], str]
) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    """Each question as (its category, its text), in order; those `write` refuses are skipped with the reason."""
    written, skipped = [], []
    for question in bank.questions:
        category = category_of(question.topic or bank.title)
        try:
            written.append((category, write(question, category)))
        except CannotExport as exc:
            skipped.append(f'question "{question.id}": {exc}')
    return written, tuple(skipped)
