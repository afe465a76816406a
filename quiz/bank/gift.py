"""GIFT, Moodle's plain-text question format: text in, canonical `Bank` out, every mistake tied to its line.

We read what Moodle's importer reads (question/format/gift/format.php) and report more: where Moodle
silently imports something odd (a question swallowed by a missing blank line, an unknown weight,
a numeric answer that is not a number), we name the file, the line where the question starts and
what is wrong, then carry on with the next question. Decisions that GIFT leaves to the importer:

* Topic: `$CATEGORY: a/b/c` sets the topic of the questions that follow to the last part of the
  path ("c"); Moodle's context prefixes (`$course$/top/...`) are dropped and `//` is a literal `/`.
  Questions before any `$CATEGORY` get the bank title as topic.
* Bank title: the first part of a `$CATEGORY` path that comes before the first question, else the
  file name prettified ("checkpoint_inhibitors.gift" -> "Checkpoint inhibitors").
* Question id: `// [id:...]`, else the slug of the `::title::`, else the slug of the question text
  (a hash when that slug is empty). Generated ids never take an explicit one; repeats get "-2", "-3"...
  in file order, so ids are stable as long as the file is. A duplicated explicit id is an error.
* `// [tag:...]` adds a tag. ImmunoQuiz also reads `// [points:2]`, `// [difficulty:hard]` and
  `// [source:file#anchor]`, which Moodle ignores like any comment. Comments in a question's block,
  or in a comment-only block before it, belong to that question.
* Text formats: `[html]`, `[moodle]` and `[markdown]` text is passed on as Markdown; `[plain]` text is
  escaped so it shows literally. Answers, feedback and general feedback inherit the question's format.
* Short answers: `*` is Moodle's wildcard (`\\*` a literal star); answers with one become regular
  expressions. Essays `{}` cannot be graded automatically: they are skipped with a warning.
* A block inside the sentence ("missing word") makes a single-choice or short-answer question a cloze
  with the blank `{{1}}` where the block was; other kinds keep their kind with "_____" in the prompt.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, NoReturn

from quiz.bank.errors import BankError, Parsed, Problem, Severity
from quiz.bank.model import AcceptedAnswer, Bank, Blank, Choice, Difficulty, Kind, NumericAnswer, Question

MAX_BYTES = 1_000_000
BLANK_MARKER = "{{1}}"
MISSING_WORD = "_____"
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_ID = 100

# While the structure is parsed, escaped special characters are swapped for Unicode noncharacters
# (reserved for exactly this kind of internal use), then swapped back in the finished text.
_ESCAPABLE = "~=#{}:\\"
_HIDE = {c: chr(0xFDD0 + i) for i, c in enumerate(_ESCAPABLE)}
_SHOW = str.maketrans({v: k for k, v in _HIDE.items()})
_RESERVED = re.compile("[\ufdd0-\ufdef]")
_ESCAPE = re.compile(r"\\([~=#{}:\\n])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]")
_WEIGHT = re.compile(r"^%([^%\s]*)%")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_TOKEN = re.compile(r"\[(id|tag|points|difficulty|source):((?:\\\]|[^\]])*)\]")
_CONTEXT = re.compile(r"^\$\w*\$$")
_BLANKS = re.compile(r"\{\{\d+\}\}")
_BRACE = re.compile(r"[{}]")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}

# Moodle accepts only these answer weights (question_bank::fraction_options_full), and their negatives.
MOODLE_FRACTIONS = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
    0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)  # fmt: skip


# --- text helpers shared with the Aiken reader and the exporters -------------------------------------

_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>~|])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^([ \t]*)([#+=-])", re.M)
_MD_ORDERED = re.compile(r"^([ \t]*\d+)([.)])", re.M)
_MD_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def markdown_escape(text: str) -> str:
    """Backslash-escape what Markdown would treat as markup, so plain text shows literally."""
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    return _MD_ORDERED.sub(r"\1\\\2", text)


def markdown_unescape(text: str) -> str:
    """Undo backslash escapes of punctuation (the inverse of `markdown_escape`)."""
    return _MD_UNESCAPE.sub(r"\1", text)


def slugify(text: str, limit: int = 60) -> str:
    """ASCII slug: 'CAR-T cells: how?' -> 'car-t-cells-how', cut at a '-' to at most `limit` characters."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:limit]
    return slug.strip("-")


def text_id(text: str) -> str:
    """A stable id from question text: its slug, or a short hash when the text has no letters or digits."""
    readable = re.sub(r"<[^>]*>|\{\{\d+\}\}", " ", text)
    return slugify(readable, 48) or "q-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def unique_ids(wanted: list[str], reserved: set[str]) -> list[str]:
    """Make ids unique in order: a repeat gets '-2', '-3'... never taking a reserved (explicit) id."""
    taken = set(reserved)
    result = []
    for base in wanted:
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base[: MAX_ID - len(str(n)) - 1]}-{n}"
        taken.add(candidate)
        result.append(candidate)
    return result


def stem_title(path: str, fallback: str) -> str:
    """The bank title made from a file name: 'checkpoint_inhibitors.gift' -> 'Checkpoint inhibitors'."""
    stem = re.sub(r"[-_\s]+", " ", PurePosixPath(path.replace("\\", "/")).stem).strip()
    return stem[:1].upper() + stem[1:] if stem else fallback


def snap_fraction(value: float) -> float:
    """Read a rounded percentage as the fraction it stands for: 33.33% -> 1/3, 16.66667% -> 1/6."""
    for n in range(3, 13):
        k = round(value * n)
        if abs(value - k / n) < 5e-5:
            return k / n
    return value


def wildcard_answer(text: str) -> AcceptedAnswer | None:
    """A Moodle short answer with `*` wildcards as a regular expression (None when it has none)."""
    parts = re.split(r"(\\\*|\*)", text)
    if "*" not in parts:
        return None
    pattern = []
    for part in parts:
        if part == "*":
            pattern.append(".*")
        else:
            pattern.append(regex_literal("*" if part == "\\*" else re.sub(r"\s+", " ", part)))
    return AcceptedAnswer("".join(pattern), regex=True)


_REGEX_SPECIAL = set(".^$*+?{}[]|()\\")


def regex_literal(text: str) -> str:
    """Escape only the characters that are special in a regular expression ('pd-1' stays 'pd-1')."""
    return "".join("\\" + c if c in _REGEX_SPECIAL else c for c in text)


# --- parsing -------------------------------------------------------------------------------------------


@dataclass
class _Block:
    lines: list[tuple[int, str]]
    comments: list[tuple[int, str]]


@dataclass
class _Meta:
    """What the comments before and in a question say about it."""

    id: str | None = None
    id_line: int = 0
    tags: list[str] = field(default_factory=list)
    points: float | None = None
    difficulty: Difficulty | None = None
    source: str = ""
    lines: list[int] = field(default_factory=list)


class _Skip(Exception):
    """The current question cannot be imported; the reason has been recorded."""


def _blocks(text: str) -> list[_Block]:
    """Split into blocks separated by blank lines; comment lines are set aside, as Moodle does."""
    blocks: list[_Block] = []
    current = _Block([], [])
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw.strip()
        if not line:
            if current.lines or current.comments:
                blocks.append(current)
                current = _Block([], [])
        elif line.startswith("//"):
            current.comments.append((number, line))
        else:
            current.lines.append((number, line))
    if current.lines or current.comments:
        blocks.append(current)
    return blocks


def _show(text: str) -> str:
    return text.translate(_SHOW)


def _split_answers(text: str, markers: str) -> tuple[str, list[tuple[str, str]]]:
    """Split an answer block at each marker character: ('lead text', [(marker, body), ...])."""
    pieces = re.split(f"([{re.escape(markers)}])", text)
    lead = pieces[0].strip()
    return lead, [(pieces[i], pieces[i + 1].strip()) for i in range(1, len(pieces), 2)]


def _number(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.errors = False

    def error(self, line: int, message: str) -> None:
        self.errors = True
        self.problems.append(Problem(self.path, line, message))

    def fail(self, line: int, message: str) -> NoReturn:
        """Record an error and give up on the current question."""
        self.error(line, message)
        raise _Skip

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, Severity.WARNING))

    # Comments -------------------------------------------------------------------------------------------

    def read_comments(self, comments: list[tuple[int, str]], meta: _Meta) -> None:
        for line, comment in comments:
            for match in _TOKEN.finditer(comment):
                key, value = match.group(1), match.group(2).replace("\\]", "]").strip()
                meta.lines.append(line)
                if key == "id":
                    if meta.id is None:
                        meta.id, meta.id_line = value, line
                    else:
                        self.warn(line, f'a second id "{value}" for the same question is ignored (it is "{meta.id}")')
                elif key == "tag":
                    if value and value not in meta.tags:
                        meta.tags.append(value)
                elif key == "points":
                    points = _number(value)
                    if points is None or not 0 < points <= 100:
                        self.error(line, f"[points:{value}] must be a number greater than 0 and at most 100")
                    else:
                        meta.points = points
                elif key == "difficulty":
                    if value not in ("easy", "medium", "hard"):
                        self.error(line, f"[difficulty:{value}] must be easy, medium or hard")
                    else:
                        meta.difficulty = Difficulty(value)
                else:
                    meta.source = value

    # Text ----------------------------------------------------------------------------------------------

    @staticmethod
    def formatted(raw: str, default: str) -> tuple[str, str]:
        """Strip a leading [format] tag: (format, rest)."""
        raw = raw.strip()
        match = _FORMAT.match(raw)
        return (match.group(1), raw[match.end() :]) if match else (default, raw)

    @staticmethod
    def display(raw: str, fmt: str) -> str:
        """Text learners see, as Markdown."""
        text = _show(raw).strip()
        return markdown_escape(text) if fmt == "plain" else text

    def text_part(self, raw: str, default: str) -> str:
        fmt, rest = self.formatted(raw, default)
        return self.display(rest, fmt)

    def plain_part(self, raw: str, default: str) -> str:
        """Text compared with what learners type (answers): the format tag goes, nothing is escaped."""
        return _show(self.formatted(raw, default)[1]).strip()

    # Weights -------------------------------------------------------------------------------------------

    def weight(self, body: str, line: int, number: int, low: float) -> tuple[float | None, str]:
        """Split a leading %weight% off an answer: (fraction or None, rest)."""
        match = _WEIGHT.match(body)
        if not match:
            return None, body
        value = _number(match.group(1))
        if value is None:
            self.fail(
                line,
                f'answer {number} has an unknown weight "%{_show(match.group(1))}%" '
                "(write a percentage such as %50% or %-25%)",
            )
        if not low * 100 <= value <= 100:
            self.fail(
                line, f"answer {number} has the weight {match.group(0)}, out of range: use {low * 100:g}% to 100%"
            )
        return snap_fraction(value / 100), body[match.end() :]

    # Questions -----------------------------------------------------------------------------------------

    def question(self, raw: str, line: int, meta: _Meta, topic: str) -> dict[str, Any] | None:
        """Parse one question's text (escapes hidden); return Question fields, or None when skipped."""
        title = ""
        if raw.startswith("::"):
            end = raw.find("::", 2)
            if end < 0:
                self.fail(
                    line, 'the question title opened with "::" is not closed with "::" (write \\: for a literal colon)'
                )
            title = re.sub(r"\s+", " ", _show(raw[2:end])).strip()
            raw = raw[end + 2 :].strip()
        fields: dict[str, Any] = {
            "title": title,
            "topic": topic,
            "tags": tuple(meta.tags),
            "source": meta.source,
            "line": line,
        }
        start, end = self.answer_block(raw, line)
        if start < 0:
            prompt = self.text_part(raw, "moodle")
            if not prompt:
                self.fail(line, "the question has no text")
            return fields | {"kind": Kind.DESCRIPTION, "prompt": prompt, "explanation": "", "points": 0.0}
        fmt, before = self.formatted(raw[:start], "moodle")
        block, after = raw[start + 1 : end].strip(), raw[end + 1 :]
        explanation = ""
        feedback_at = block.rfind("####")
        if feedback_at >= 0:
            explanation = self.text_part(block[feedback_at + 4 :], fmt)
            block = block[:feedback_at].strip()
        if not block:
            self.warn(line, "an essay question ({}) was skipped because essays cannot be graded automatically")
            return None
        fields.update(self.answers(block, line, fmt))
        text_before, text_after = self.display(before, fmt), self.display(after, fmt)
        if not after.strip():
            prompt = text_before
        elif fields["kind"] in (Kind.SINGLE, Kind.SHORT):  # missing word: the block sits inside the sentence
            if _BLANKS.search(text_before) or _BLANKS.search(text_after):
                self.fail(line, "the text contains {{n}}, which marks the blanks of a missing-word question; reword it")
            fields = self.as_cloze(fields, line)
            prompt = _glue(raw[:start], BLANK_MARKER, after, text_before, text_after)
        else:
            prompt = _glue(raw[:start], MISSING_WORD, after, text_before, text_after)
        if not text_before and not text_after:
            self.fail(line, "the question has no text")
        if not explanation:
            self.warn(line, "the question has no general feedback (####...), so learners get no explanation")
        points = meta.points if meta.points is not None else 1.0
        return fields | {"prompt": prompt, "explanation": explanation, "points": points, "difficulty": meta.difficulty}

    def answer_block(self, raw: str, line: int) -> tuple[int, int]:
        """Positions of the one `{` and `}` (-1, -1 for a description); every brace mistake is an error."""
        start = end = -1
        for brace in _BRACE.finditer(raw):
            index, char = brace.start(), brace.group()
            if char == "{":
                if start >= 0 and end < 0:
                    self.fail(line, 'a "{" inside the answer block (write \\{ for a literal brace)')
                if end >= 0:
                    self.fail(
                        line,
                        "the question has more than one answer block {...}; separate questions with a blank line "
                        "(or write \\{ \\} for literal braces)",
                    )
                start = index
            elif char == "}":
                if start < 0 or end >= 0:
                    self.fail(line, 'a "}" closes no answer block (write \\} for a literal brace)')
                end = index
        if start >= 0 and end < 0:
            self.fail(
                line,
                'the answer block "{" is not closed with "}" '
                "(a blank line ends a question: is there one inside the block?)",
            )
        return start, end

    def answers(self, block: str, line: int, fmt: str) -> dict[str, Any]:
        if block.startswith("#"):
            return self.numeric(block[1:], line, fmt)
        if "~" in block:
            return self.choices(block, line, fmt)
        if "=" in block and "->" in block:
            return self.matching(block, line, fmt)
        check = block[: block.find("#")].strip() if block.find("#") > 0 else block
        if check in _TRUE_FALSE:
            return self.true_false(block, fmt)
        if check.upper() in _TRUE_FALSE:
            self.warn(
                line,
                f'"{_show(check)}" makes this a short-answer question; '
                f"write {{{check.upper()}}} for true/false (it is case-sensitive)",
            )
        return self.short(block, line, fmt)

    def choices(self, block: str, line: int, fmt: str) -> dict[str, Any]:
        lead, parts = _split_answers(block, "=~")
        if lead:
            self.fail(
                line,
                f'"{_show(lead)}" in the answer block is not an answer: '
                'start every answer with "=" (right) or "~" (wrong)',
            )
        if len(parts) < 2:
            self.fail(line, f"a multiple-choice question needs at least two answers (found {len(parts)})")
        single = any(marker == "=" for marker, _ in parts)
        raw_choices: list[tuple[str, float | None, str, bool]] = []  # text, weight, feedback, marked "="
        for number, (marker, body) in enumerate(parts, start=1):
            weight = None
            if marker == "~":
                weight, body = self.weight(body, line, number, -1.0)
            elif (match := _WEIGHT.match(body)) and _number(match.group(1)) is not None:
                self.fail(
                    line,
                    f'answer {number} has a weight after "=", which marks a right answer: '
                    'use "~%50%" for partial credit',
                )
            text, _, feedback = body.partition("#")
            choice_text = self.text_part(text, fmt)
            if not choice_text:
                self.fail(line, f"answer {number} is empty")
            raw_choices.append((choice_text, weight, self.text_part(feedback, fmt), marker == "="))
        if single:
            choices = []
            for text, weight, feedback, marked in raw_choices:
                full = marked or (weight is not None and weight >= 1.0 - 1e-9)
                kept = None if full or not weight else weight
                choices.append(Choice(text, full, feedback, kept))
            return {"kind": Kind.SINGLE, "choices": tuple(choices)}
        weights = [w or 0.0 for _, w, _, _ in raw_choices]
        if not any(w > 0 for w in weights):
            self.fail(
                line,
                'no answer is right: mark the right answer with "=" (or give weights such as ~%50% to the right ones)',
            )
        right = sum(1 for w in weights if w > 0)
        wrong = len(weights) - right
        default = [1.0 / right if w > 0 else -1.0 / (wrong or 1) for w in weights]
        same = all(abs(w - d) < 1e-6 for w, d in zip(weights, default, strict=True))
        positive = sum(w for w in weights if w > 0)
        if positive < 1.0 - 1e-6:
            self.warn(line, f"the positive weights add up to {positive * 100:g}%, so nobody can get full marks")
        choices = tuple(
            Choice(text, w > 0, feedback, None if same else w)
            for (text, _, feedback, _), w in zip(raw_choices, weights, strict=True)
        )
        return {"kind": Kind.MULTIPLE, "choices": choices}

    def true_false(self, block: str, fmt: str) -> dict[str, Any]:
        value, *feedback = block.split("#", 2)
        wrong = self.text_part(feedback[0], fmt) if feedback else ""
        right = self.text_part(feedback[1], fmt) if len(feedback) > 1 else ""
        answer = _TRUE_FALSE[value.strip()]
        # `{T#wrong#right}`: the first feedback is for a wrong answer, the second for a right one.
        true_feedback, false_feedback = (right, wrong) if answer else (wrong, right)
        return {
            "kind": Kind.TRUE_FALSE,
            "answer": answer,
            "true_feedback": true_feedback,
            "false_feedback": false_feedback,
        }

    def accepted(self, lead: str, parts: list[tuple[str, str]], line: int, fmt: str) -> list[AcceptedAnswer]:
        bodies = ([lead] if lead else []) + [body for _, body in parts]
        answers = []
        for number, body in enumerate(bodies, start=1):
            credit, body = self.weight(body, line, number, 0.0)
            text, _, feedback = body.partition("#")
            value = self.plain_part(text, fmt)
            if not value:
                self.fail(line, f"answer {number} is empty")
            wildcard = wildcard_answer(value)
            answer = wildcard or AcceptedAnswer(value.replace("\\*", "*"))
            answers.append(
                AcceptedAnswer(
                    answer.text, 1.0 if credit is None else credit, self.text_part(feedback, fmt), answer.regex
                )
            )
        return answers

    def short(self, block: str, line: int, fmt: str) -> dict[str, Any]:
        lead, parts = _split_answers(block, "=")
        answers = self.accepted(lead, parts, line, fmt)
        if not answers:
            self.fail(line, "a short-answer question needs at least one answer")
        if not any(a.credit >= 1.0 for a in answers):
            self.warn(line, "no answer is worth 100%, so nobody can get full marks")
        return {"kind": Kind.SHORT, "answers": tuple(answers)}

    def numeric(self, block: str, line: int, fmt: str) -> dict[str, Any]:
        tilde = block.find("~")
        if tilde >= 0:
            self.warn(
                line, "the feedback for any other answer (~...) in a numeric question is not supported and was dropped"
            )
            block = block[:tilde]
        lead, parts = _split_answers(block, "=")
        bodies = ([lead] if lead else []) + [body for _, body in parts]
        if not bodies:
            self.fail(line, "a numeric question needs at least one answer, e.g. {#42:0.5} or {#40..44}")
        answers = []
        for number, body in enumerate(bodies, start=1):
            credit, body = self.weight(body, line, number, 0.0)
            text, _, feedback = body.partition("#")
            value = self.plain_part(text, fmt)
            answers.append(
                self.numeric_answer(
                    value, line, number, 1.0 if credit is None else credit, self.text_part(feedback, fmt)
                )
            )
        full = next((i for i, a in enumerate(answers) if a.credit >= 1.0), None)
        if full is None:
            self.fail(line, "a numeric question needs an answer worth 100% (write it without a weight, or with %100%)")
        answers.insert(0, answers.pop(full))
        return {"kind": Kind.NUMERIC, "numeric": tuple(answers)}

    def numeric_answer(self, value: str, line: int, number: int, credit: float, feedback: str) -> NumericAnswer:
        where = f"numeric answer {number}" if number > 1 else "the numeric answer"
        marker = value.find("..")
        if marker > 0:
            low, high = _number(value[:marker]), _number(value[marker + 2 :])
            for text, parsed in ((value[:marker], low), (value[marker + 2 :], high)):
                if parsed is None:
                    self.fail(line, f'{where}: "{text.strip()}" is not a number (write min..max, e.g. 1.5..2.5)')
            if low > high:  # type: ignore[operator]
                self.fail(
                    line, f'{where}: the range "{value}" runs backwards (the minimum is greater than the maximum)'
                )
            return NumericAnswer(min=low, max=high, credit=credit, feedback=feedback)
        colon = value.find(":")
        center, margin = (value[:colon], value[colon + 1 :]) if colon > 0 else (value, "0")
        number_value, tolerance = _number(center), _number(margin)
        if number_value is None:
            hint = " (use a point for decimals)" if re.fullmatch(r"\s*[+-]?\d+,\d+\s*", center) else ""
            self.fail(line, f'{where}: "{center.strip()}" is not a number{hint}')
        if tolerance is None or tolerance < 0:
            self.fail(line, f'{where}: the margin "{margin.strip()}" after ":" must be a number, zero or more')
        return NumericAnswer(value=number_value, tolerance=tolerance, credit=credit, feedback=feedback)

    def matching(self, block: str, line: int, fmt: str) -> dict[str, Any]:
        lead, parts = _split_answers(block, "=")
        bodies = ([lead] if lead else []) + [body for _, body in parts]
        pairs: list[tuple[str, str]] = []
        distractors: list[str] = []
        for number, body in enumerate(bodies, start=1):
            arrow = body.find("->")
            if arrow < 0:
                self.fail(line, f'matching pair {number} ("{_show(body)}") has no "->" between the item and its match')
            left, right = self.text_part(body[:arrow], fmt), _show(body[arrow + 2 :]).strip()
            if not right:
                self.fail(line, f'matching pair {number} has nothing after "->"')
            if not left:
                distractors.append(right)
            elif any(left == known for known, _ in pairs):
                self.fail(line, f'the item "{left}" appears in more than one matching pair')
            else:
                pairs.append((left, right))
        if len(pairs) < 2:
            self.fail(line, f"a matching question needs at least two pairs (found {len(pairs)})")
        rights = {right for _, right in pairs}
        for distractor in distractors:
            if distractor in rights:
                self.fail(line, f'the extra answer "{distractor}" is also the match of an item')
        return {"kind": Kind.MATCHING, "pairs": tuple(pairs), "distractors": tuple(distractors)}

    def as_cloze(self, fields: dict[str, Any], line: int) -> dict[str, Any]:
        """A single-choice or short-answer block inside the sentence becomes a one-blank cloze."""
        if fields["kind"] is Kind.SHORT:
            blank = Blank(fields.pop("answers"))
        else:
            answers, texts = [], []
            for choice in fields.pop("choices"):
                plain = markdown_unescape(choice.text)
                texts.append(plain)
                credit = 1.0 if choice.correct else (choice.weight or 0.0)
                if credit > 0:
                    answers.append(AcceptedAnswer(plain, credit, choice.feedback))
                elif choice.feedback:
                    self.warn(
                        line, f'the feedback on the wrong choice "{plain}" of a missing-word question is not shown'
                    )
            blank = Blank(tuple(answers), tuple(texts))
        return fields | {"kind": Kind.CLOZE, "blanks": (blank,)}

    # The file -------------------------------------------------------------------------------------------

    def category(self, raw: str, line: int) -> list[str]:
        path = _show(raw[len("$CATEGORY:") :]).strip().replace("//", "\0")
        parts = [p.replace("\0", "/").strip() for p in path.split("/")]
        parts = [p for p in parts if p]
        had_context = False
        while parts and _CONTEXT.match(parts[0]):
            parts.pop(0)
            had_context = True
        if had_context and parts and parts[0] == "top":
            parts.pop(0)
        if not parts:
            self.error(line, "the $CATEGORY line names no category")
        return parts

    def parse(self, text: str, bank_id: str) -> Parsed:
        if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise BankError.single(
                self.path, 1, f"the file is larger than {MAX_BYTES // 1000} kB; split it into several banks"
            )
        text = _RESERVED.sub("\ufffd", text.removeprefix("\ufeff"))
        title = ""
        topic = ""
        seen_question = False
        drafts: list[tuple[dict[str, Any], _Meta]] = []
        pending = _Meta()
        for block in _blocks(text):
            if not block.lines:  # comments only: they describe the next question
                self.read_comments(block.comments, pending)
                continue
            lines = block.lines
            first = lines[0][1]
            if first.upper().startswith("$CATEGORY:"):
                if not first.startswith("$CATEGORY:"):
                    self.error(lines[0][0], 'write "$CATEGORY:" in capitals')
                    continue
                self.read_comments(block.comments, pending)
                parts = self.category(_ESCAPE.sub(_unhide, first), lines[0][0])
                if parts:
                    topic = parts[-1]
                    if not seen_question and not title:
                        title = parts[0]
                if len(lines) == 1:
                    continue
                self.warn(
                    lines[1][0],
                    "Moodle needs a blank line after a $CATEGORY line (without one it swallows the next question)",
                )
                lines = lines[1:]
            meta, pending = pending, _Meta()
            self.read_comments(block.comments, meta)
            seen_question = True
            inside = next((n for n, text in lines if text.upper().startswith("$CATEGORY:")), None)
            if inside is not None:
                self.error(inside, "a $CATEGORY line must be a block of its own: put a blank line before it")
                continue
            raw = _ESCAPE.sub(_unhide, "\n".join(line for _, line in lines))
            try:
                fields = self.question(raw, lines[0][0], meta, topic)
            except _Skip:
                continue
            if fields is not None:
                drafts.append((fields, meta))
        if pending.lines:
            self.warn(pending.lines[0], "this comment's [id:], [tag:] or other setting is followed by no question")
        title = title or stem_title(self.path, "GIFT questions")
        questions = self.finish(drafts, title)
        if not questions and not self.errors:
            self.error(1, "the file contains no questions")
        if self.errors:
            raise BankError(self.problems)
        bank = Bank(
            id=bank_id or self.path,
            title=title,
            path=self.path,
            format="gift",
            questions=tuple(questions),
            topic=title,
        )
        return Parsed(bank, tuple(sorted(self.problems)))

    def finish(self, drafts: list[tuple[dict[str, Any], _Meta]], title: str) -> list[Question]:
        """Give every question its id (explicit ones first, then unique generated ones) and build it."""
        explicit: dict[str, int] = {}
        wanted: list[str | None] = []
        for fields, meta in drafts:
            if meta.id is None:
                wanted.append(None)
                continue
            ident = meta.id
            if not ID_PATTERN.match(ident) or len(ident) > MAX_ID:
                fixed = slugify(ident, MAX_ID) or text_id(ident)
                self.warn(
                    meta.id_line,
                    f'the id "{ident}" may only contain letters, digits, "-", "_" and "."; it was read as "{fixed}"',
                )
                ident = fixed
            if ident in explicit:
                self.error(fields["line"], f'the question id "{ident}" is already used on line {explicit[ident]}')
            explicit.setdefault(ident, fields["line"])
            wanted.append(ident)
        generated = unique_ids(
            [
                slugify(f["title"]) or text_id(f["prompt"])
                for (f, _), w in zip(drafts, wanted, strict=True)
                if w is None
            ],
            set(explicit),
        )
        questions = []
        for fields, _meta in drafts:
            ident = wanted.pop(0) or generated.pop(0)
            fields["topic"] = fields["topic"] or title
            questions.append(Question(id=ident, **fields))
        return questions


def _unhide(match: re.Match[str]) -> str:
    char = match.group(1)
    return "\n" if char == "n" else _HIDE[char]


def _glue(before: str, marker: str, after: str, text_before: str, text_after: str) -> str:
    """Put the blank marker where the block was, keeping one space on each side if there was one."""
    left = text_before + (" " if before[-1:].isspace() and text_before else "")
    right = (" " if after[:1].isspace() and text_after else "") + text_after
    return f"{left}{marker}{right}"


def parse_gift(text: str, path: str, bank_id: str = "") -> Parsed:
    """Parse a GIFT file; raise BankError listing every mistake (file, line where the question starts, what)."""
    return _Reader(path).parse(text, bank_id)
