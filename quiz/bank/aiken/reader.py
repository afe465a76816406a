"""Aiken, Moodle's simplest text format: one-line single-choice questions.

    Which receptor does nivolumab block?
    A. CTLA-4
    B) PD-1
    ANSWER: B

We read what Moodle's importer reads (question/format/aiken/format.php): blank lines are ignored, an
option is a capital letter, "." or ")", then its text; "ANSWER: X" closes the question. Aiken text is
plain, so Markdown characters in it are escaped to show literally. Unlike Moodle, every mistake is an
error with its line and parsing goes on; the file loads only when there are none:

* an option or ANSWER line with no open question (reported on that line);
* option letters out of sequence (A, B, C...: Moodle numbers options by position, not by letter);
* a question with fewer than two options, or that ends without an ANSWER line (on the question's line);
* an ANSWER that names no option, or is not one capital letter (on the ANSWER line).

Aiken has no explanations or feedback: one warning per file says so (not one per question).
Ids are slugs of the question text, made unique with "-2", "-3"...; the title comes from the file name.
"""

from __future__ import annotations

import re

from quiz.bank.errors import BankError, Parsed, Problem, Severity
from quiz.bank.gift.text import markdown_escape, stem_title, text_id, unique_ids
from quiz.bank.model import Bank, Choice, Kind, Question

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Like Moodle's own pattern, "A.text" (no space) is an option too.
_OPTION = re.compile(r"^([A-Z])[.)]")
_ANSWER = re.compile(r"^ANSWER:(.*)$")
_ANSWER_ANY_CASE = re.compile(r"^answer\s*:", re.I)


class _Open:
    """The question being read: its line, text, options so far, and whether a mistake spoiled it."""

    def __init__(self, line: int, text: str) -> None:
        self.line = line
        self.text = text
        self.options: list[tuple[int, str]] = []
        self.broken = False


def _clean(text: str) -> str:
    return markdown_escape(re.sub(r"\s+", " ", text).strip())


class _Reader:
    """Reads one Aiken file line by line; each kind of line (option, ANSWER, text) has its own method."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.drafts: list[tuple[int, str, tuple[Choice, ...]]] = []
        self.open: _Open | None = None

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def unfinished(self, where: str) -> None:
        """Report the open question as lacking its ANSWER line (unless a mistake in it was reported already)."""
        if self.open is not None and not self.open.broken:
            self.error(self.open.line, f'the question has no "ANSWER:" line {where}')

    def read(self, text: str) -> None:
        """Read every line, then close the question still open at the end."""
        for number, raw in enumerate(_LINE_BREAK.split(text.removeprefix("\ufeff")), start=1):
            line = raw.strip()
            if len(line) < 2:  # Moodle skips blank lines and lines of one character
                continue
            if option := _OPTION.match(line):
                self.option(number, line, option)
            elif answer := _ANSWER.match(line):
                self.answer(number, answer.group(1).strip())
            elif _ANSWER_ANY_CASE.match(line):
                self.error(number, 'write the answer line as "ANSWER: X", with ANSWER in capitals')
                if self.open is not None:
                    self.open.broken = True
            else:
                self.text(number, line)
        self.unfinished("before the end of the file")

    def option(self, number: int, line: str, option: re.Match[str]) -> None:
        question = self.open
        if question is None:
            self.error(number, f'the option "{line}" belongs to no question (a question line must come before it)')
            return
        expected = chr(ord("A") + len(question.options))
        letter = option.group(1)
        body = line[option.end() :].strip()
        if letter != expected:
            self.error(number, f"option {letter} is out of order: the next option of this question must be {expected}")
            question.broken = True
        elif not body:
            self.error(number, f"option {letter} has no text")
            question.broken = True
        question.options.append((number, body))

    def answer(self, number: int, answer: str) -> None:
        question, self.open = self.open, None
        if question is None:
            self.error(number, "this ANSWER line belongs to no question")
            return
        letter = answer.rstrip(".)")
        options = question.options
        if len(options) < 2:
            # Moodle names the ANSWER line, where it finds out (aikenformat_test, "too few answers": line 3).
            self.error(number, f"the question needs at least two options (found {len(options)})")
        elif not re.fullmatch(r"[A-Z]", letter):
            self.error(number, f'the answer "{answer}" must be the capital letter of one option')
        elif ord(letter) - ord("A") >= len(options):
            last = chr(ord("A") + len(options) - 1)
            self.error(number, f"the answer {letter} names no option (the options run from A to {last})")
        elif not question.broken:
            right = ord(letter) - ord("A")
            choices = tuple(Choice(_clean(body), i == right) for i, (_, body) in enumerate(options))
            self.drafts.append((question.line, _clean(question.text), choices))

    def text(self, number: int, line: str) -> None:
        """A line that is neither option nor answer: a new question, or a question text run over two lines."""
        question = self.open
        if question is not None and not question.options:
            self.error(question.line, f"the question text must be on one line (line {number} continues it)")
            question.text += " " + line
            question.broken = True
            return
        self.unfinished(f"before the next question on line {number}")
        self.open = _Open(number, line)

    def bank(self, bank_id: str) -> Parsed:
        """The bank the questions make, or BankError (holding the good questions) when any line was wrong."""
        if not self.drafts and not self.problems:
            self.error(1, "the file contains no questions")
        path = self.path
        title = stem_title(path, "Aiken questions")
        ids = unique_ids([text_id(prompt) for _, prompt, _ in self.drafts], set())
        questions = tuple(
            Question(id=ident, kind=Kind.SINGLE, prompt=prompt, explanation="", topic=title, choices=choices, line=line)
            for ident, (line, prompt, choices) in zip(ids, self.drafts, strict=True)
        )
        warning = f"Aiken has no explanations: the {len(questions)} question(s) of this file have none"
        warnings = (Problem(path, 1, warning, Severity.WARNING),) if questions else ()
        bank = Bank(id=bank_id or path, title=title, path=path, format="aiken", questions=questions, topic=title)
        if any(p.is_error for p in self.problems):
            raise BankError(self.problems, partial=bank)
        return Parsed(bank, warnings)


def parse_aiken(text: str, path: str, bank_id: str = "") -> Parsed:
    """Parse an Aiken file; raise BankError listing every mistake with its line (and the good questions, as Moodle
    imports them, in `partial`)."""
    reader = _Reader(path)
    reader.read(text)
    return reader.bank(bank_id)
