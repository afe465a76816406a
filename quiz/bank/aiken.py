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
from quiz.bank.gift import MAX_BYTES, markdown_escape, stem_title, text_id, unique_ids
from quiz.bank.model import Bank, Choice, Kind, Question

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Like Moodle's own pattern, "A.text" (no space) is an option too.
_OPTION = re.compile(r"^([A-Z])[.)]")
_ANSWER = re.compile(r"^ANSWER:(.*)$")
_ANSWER_ANY_CASE = re.compile(r"^answer\s*:", re.I)


class _Open:
    def __init__(self, line: int, text: str) -> None:
        self.line = line
        self.text = text
        self.options: list[tuple[int, str]] = []
        self.broken = False


def _clean(text: str) -> str:
    return markdown_escape(re.sub(r"\s+", " ", text).strip())


def parse_aiken(text: str, path: str, bank_id: str = "") -> Parsed:
    """Parse an Aiken file; raise BankError listing every mistake with its line."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise BankError.single(path, 1, f"the file is larger than {MAX_BYTES // 1000} kB; split it into several banks")
    text = text.removeprefix("\ufeff")
    problems: list[Problem] = []
    drafts: list[tuple[int, str, tuple[Choice, ...]]] = []
    question: _Open | None = None

    def error(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    def unfinished(current: _Open, where: str) -> None:
        if not current.broken:
            error(current.line, f'the question has no "ANSWER:" line {where}')

    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw.strip()
        if len(line) < 2:  # Moodle skips blank lines and lines of one character
            continue
        option = _OPTION.match(line)
        answer = _ANSWER.match(line)
        if option:
            if question is None:
                error(number, f'the option "{line}" belongs to no question (a question line must come before it)')
                continue
            expected = chr(ord("A") + len(question.options))
            letter = option.group(1)
            body = line[option.end() :].strip()
            if letter != expected:
                error(number, f"option {letter} is out of order: the next option of this question must be {expected}")
                question.broken = True
            elif not body:
                error(number, f"option {letter} has no text")
                question.broken = True
            question.options.append((number, body))
        elif answer:
            if question is None:
                error(number, "this ANSWER line belongs to no question")
                continue
            current, question = question, None
            letter = answer.group(1).strip().rstrip(".)")
            if len(current.options) < 2:
                error(current.line, f"the question needs at least two options (found {len(current.options)})")
            elif not re.fullmatch(r"[A-Z]", letter):
                error(number, f'the answer "{answer.group(1).strip()}" must be the capital letter of one option')
            elif ord(letter) - ord("A") >= len(current.options):
                last = chr(ord("A") + len(current.options) - 1)
                error(number, f"the answer {letter} names no option (the options run from A to {last})")
            elif not current.broken:
                right = ord(letter) - ord("A")
                choices = tuple(Choice(_clean(body), i == right) for i, (_, body) in enumerate(current.options))
                drafts.append((current.line, _clean(current.text), choices))
        elif _ANSWER_ANY_CASE.match(line):
            error(number, 'write the answer line as "ANSWER: X", with ANSWER in capitals')
            if question is not None:
                question.broken = True
        else:
            if question is not None:
                if not question.options:
                    error(question.line, f"the question text must be on one line (line {number} continues it)")
                    question.text += " " + line
                    question.broken = True
                    continue
                unfinished(question, f"before the next question on line {number}")
            question = _Open(number, line)
    if question is not None:
        unfinished(question, "before the end of the file")
    if not drafts and not problems:
        error(1, "the file contains no questions")
    if any(p.is_error for p in problems):
        raise BankError(problems)
    title = stem_title(path, "Aiken questions")
    ids = unique_ids([text_id(prompt) for _, prompt, _ in drafts], set())
    questions = tuple(
        Question(id=ident, kind=Kind.SINGLE, prompt=prompt, explanation="", topic=title, choices=choices, line=line)
        for ident, (line, prompt, choices) in zip(ids, drafts, strict=True)
    )
    warnings = []
    if questions:
        warnings.append(
            Problem(
                path,
                1,
                f"Aiken has no explanations: the {len(questions)} question(s) of this file have none",
                Severity.WARNING,
            )
        )
    bank = Bank(id=bank_id or path, title=title, path=path, format="aiken", questions=questions, topic=title)
    return Parsed(bank, tuple(warnings))
