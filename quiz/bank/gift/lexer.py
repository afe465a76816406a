"""GIFT's small pieces: escapes, blank-line blocks, comments, [format] tags, %weights% and numbers.

`BaseReader` records problems and reads these pieces; `answers.AnswerReader` and `reader._Reader` build on it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import NoReturn

from quiz.bank.errors import Problem, Severity
from quiz.bank.gift.text import snap_fraction
from quiz.bank.model import Difficulty, TextFormat
from quiz.bank.moodle.formats import convert

# While the structure is parsed, escaped special characters are swapped for Unicode noncharacters
# (reserved for exactly this kind of internal use), then swapped back in the finished text.
_ESCAPABLE = "~=#{}:\\"
_HIDE = {c: chr(0xFDD0 + i) for i, c in enumerate(_ESCAPABLE)}
_SHOW = str.maketrans({v: k for k, v in _HIDE.items()})
_RESERVED = re.compile("[\ufdd0-\ufdef]")
_ESCAPE = re.compile(r"\\([~=#{}:\\n])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]")
# GIFT's [format] tags -> ours: Moodle's auto-format (no tag) and [plain] are shown as typed.
GIFT_FORMATS = {
    "html": TextFormat.HTML,
    "markdown": TextFormat.MARKDOWN,
    "moodle": TextFormat.TEXT,
    "plain": TextFormat.TEXT,
}
WEIGHT = re.compile(r"^%([^%\s]*)%")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_TOKEN = re.compile(r"\[(id|tag|points|difficulty|source):((?:\\\]|[^\]])*)\]")


@dataclass
class Block:
    lines: list[tuple[int, str]]
    comments: list[tuple[int, str]]


@dataclass
class Meta:
    """What the comments before and in a question say about it."""

    id: str | None = None
    id_line: int = 0
    tags: list[str] = field(default_factory=list)
    points: float | None = None
    difficulty: Difficulty | None = None
    source: str = ""
    lines: list[int] = field(default_factory=list)


class Skip(Exception):
    """The current question cannot be imported; the reason has been recorded."""


def split_blocks(text: str) -> list[Block]:
    """Split into blocks separated by blank lines; comment lines are set aside, as Moodle does."""
    blocks: list[Block] = []
    current = Block([], [])
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw.strip()
        # Inside a question leading spaces are kept (code in <pre> needs them); its first line starts at its text.
        kept = raw.rstrip() if current.lines else line
        if not line:
            if current.lines or current.comments:
                blocks.append(current)
                current = Block([], [])
        elif line.startswith("//"):
            current.comments.append((number, line))
        else:
            current.lines.append((number, kept))
    if current.lines or current.comments:
        blocks.append(current)
    return blocks


def _unhide(match: re.Match[str]) -> str:
    char = match.group(1)
    return "\n" if char == "n" else _HIDE[char]


def hide_escapes(text: str) -> str:
    """Swap escaped special characters for their noncharacters (and `\\n` for a line break)."""
    return _ESCAPE.sub(_unhide, text)


def replace_reserved(text: str) -> str:
    """Replace the noncharacters we hide escapes in, should the file itself contain any."""
    return _RESERVED.sub("\ufffd", text)


def show(text: str) -> str:
    """Swap the hidden escapes back for the characters they stand for."""
    return text.translate(_SHOW)


def split_answers(text: str, markers: str) -> tuple[str, list[tuple[str, str]]]:
    """Split an answer block at each marker character: ('lead text', [(marker, body), ...])."""
    pieces = re.split(f"([{re.escape(markers)}])", text)
    lead = pieces[0].strip()
    return lead, [(pieces[i], pieces[i + 1].strip()) for i in range(1, len(pieces), 2)]


def parse_number(text: str) -> float | None:
    """A finite number written as GIFT writes numbers, or None."""
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


class BaseReader:
    """Records the problems of one file and reads the pieces every question is made of."""

    def __init__(self, path: str) -> None:
        self.path = path
        # The format every text of the current question is converted to (see `display`).
        self.text_format = TextFormat.TEXT
        self.problems: list[Problem] = []
        self.errors = False

    def error(self, line: int, message: str) -> None:
        self.errors = True
        self.problems.append(Problem(self.path, line, message))

    def fail(self, line: int, message: str) -> NoReturn:
        """Record an error and give up on the current question."""
        self.error(line, message)
        raise Skip

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, Severity.WARNING))

    # Comments -------------------------------------------------------------------------------------------

    def read_comments(self, comments: list[tuple[int, str]], meta: Meta) -> None:
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
                    points = parse_number(value)
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

    def display(self, raw: str, fmt: str) -> str:
        """Text learners see, in the current question's format."""
        return convert(show(raw).strip(), GIFT_FORMATS[fmt], self.text_format)

    def text_part(self, raw: str, default: str) -> str:
        fmt, rest = self.formatted(raw, default)
        return self.display(rest, fmt)

    def plain_part(self, raw: str, default: str) -> str:
        """Text compared with what learners type (answers): the format tag goes, nothing is escaped."""
        return show(self.formatted(raw, default)[1]).strip()

    # Weights -------------------------------------------------------------------------------------------

    def weight(self, body: str, line: int, number: int, low: float) -> tuple[float | None, str]:
        """Split a leading %weight% off an answer: (fraction or None, rest)."""
        match = WEIGHT.match(body)
        if not match:
            return None, body
        value = parse_number(match.group(1))
        if value is None:
            self.fail(
                line,
                f'answer {number} has an unknown weight "%{show(match.group(1))}%" '
                "(write a percentage such as %50% or %-25%)",
            )
        if not low * 100 <= value <= 100:
            self.fail(
                line, f"answer {number} has the weight {match.group(0)}, out of range: use {low * 100:g}% to 100%"
            )
        return snap_fraction(value / 100), body[match.end() :]
