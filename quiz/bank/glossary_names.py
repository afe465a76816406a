"""The names of glossary terms, which a curated question can opt into accepting as typed answers.

The study material's glossary declares each term's other names (`**CRS** (also: cytokine release
syndrome): ...`). Generated questions accept them all. A curated short-answer or cloze question opts in
with the tag `glossary-names`: each of its accepted answers that is a glossary term, or one of its
names, then also accepts the term's other names, with the same credit and feedback.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from quiz.bank.errors import Problem, Severity
from quiz.bank.material.blocks import Entry, read_material
from quiz.bank.model import AcceptedAnswer, Bank, Blank, Question

OPT_IN_TAG = "glossary-names"
Names = dict[str, tuple[str, ...]]  # a name, folded -> every name of its term


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def material_files(root: Path) -> list[Path]:
    """The study material of a questions folder (its `material/*.md`, README aside)."""
    folder = root / "material"
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md") if folder.is_dir() else []


def glossary_names(paths: Iterable[Path]) -> Names:
    """Every glossary term with other names, read from the material files, keyed by each of its names."""
    names: Names = {}
    for path in paths:
        for block in read_material(path.read_text(encoding="utf-8"), path.stem).blocks:
            if isinstance(block, Entry) and block.aliases:
                every = (block.term.plain, *block.aliases)
                for name in every:
                    names.setdefault(_folded(name), every)
    return names


def _widen(answers: tuple[AcceptedAnswer, ...], names: Names) -> tuple[AcceptedAnswer, ...]:
    """The answers plus, for each plain one that is a glossary name, the term's other names."""
    known = {_folded(a.text) for a in answers}
    added = []
    for answer in answers:
        for other in names.get(_folded(answer.text), ()) if not answer.regex else ():
            if _folded(other) not in known:
                known.add(_folded(other))
                added.append(dataclasses.replace(answer, text=other))
    return (*answers, *added)


def _opted_in(question: Question, names: Names) -> Question:
    blanks = tuple(Blank(_widen(b.answers, names), b.choices) for b in question.blanks)
    return dataclasses.replace(question, answers=_widen(question.answers, names), blanks=blanks)


def with_glossary_names(bank: Bank, names: Names) -> tuple[Bank, list[Problem]]:
    """The bank with its opted-in questions accepting glossary names; a warning where opting in changed nothing."""
    questions, problems = [], []
    for question in bank.questions:
        if OPT_IN_TAG in question.tags:
            widened = _opted_in(question, names)
            if widened == question:
                message = f'question "{question.id}" is tagged {OPT_IN_TAG}, but none of its answers has another name'
                problems.append(Problem(bank.path, question.line, message, Severity.WARNING))
            question = widened
        questions.append(question)
    return dataclasses.replace(bank, questions=tuple(questions)), problems
