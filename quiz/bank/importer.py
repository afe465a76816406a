"""Convert a GIFT, Aiken or Moodle XML file into our YAML, keeping every question that could be read.

Moodle imports the good questions of a partly broken file; so do we, listing every question that could not be
converted with its line and reason, so an educator can fix the rest and commit clean YAML. Questions without an
explanation (Aiken has none, many Moodle questions none) get a marked placeholder, listed too, because our
format requires one. Files embedded in Moodle XML are saved beside the new bank.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from quiz.bank.errors import BankError, Problem, Severity
from quiz.bank.loader import parse_file
from quiz.bank.model import Bank
from quiz.bank.moodle.files import embedded_files
from quiz.bank.yaml.writer import to_yaml

NO_EXPLANATION = "TODO: explain why the right answer is right (the imported question had no explanation)."
IMPORTABLE = (".gift", ".aiken", ".xml")


@dataclass(frozen=True)
class Imported:
    """What an import wrote, and every problem an educator should look at."""

    written: tuple[Path, ...]
    converted: int
    problems: tuple[Problem, ...]

    @property
    def not_converted(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def _with_placeholders(bank: Bank) -> tuple[Bank, list[Problem]]:
    notes, questions = [], []
    for question in bank.questions:
        if question.scored and not question.explanation.strip():
            question = dataclasses.replace(question, explanation=NO_EXPLANATION)
            notes.append(
                Problem(bank.path, question.line, "no explanation: write one in place of the TODO", Severity.WARNING)
            )
        questions.append(question)
    return dataclasses.replace(bank, questions=tuple(questions)), notes


def import_file(source: Path, out_dir: Path) -> Imported:
    """Write SOURCE as OUT_DIR/<name>.yaml (plus its embedded files); raise BankError when nothing could be read."""
    if source.suffix.lower() not in IMPORTABLE:
        raise BankError.single(source.as_posix(), 1, f"import reads {', '.join(IMPORTABLE)} files")
    shown = source.as_posix()
    try:
        bank, problems = parse_file(source, shown, source.stem)
    except BankError as exc:
        if exc.partial is None or not exc.partial.questions:
            raise
        bank, problems = exc.partial, exc.problems
    bank, notes = _with_placeholders(bank)
    exported = to_yaml(bank)
    by_id = {q.id: q.line for q in bank.questions}
    skipped = [
        Problem(shown, by_id.get(reason.split('"')[1], 1), f"not converted: {reason}") for reason in exported.skipped
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{source.stem}.yaml"
    target.write_text(exported.text, encoding="utf-8")
    written = [target]
    if source.suffix.lower() == ".xml":
        written += embedded_files(source.read_text("utf-8-sig"), out_dir)
    converted = len(bank.questions) - len(skipped)
    return Imported(tuple(written), converted, tuple(sorted([*problems, *notes, *skipped])))
