"""GIFT constants and the text helpers the GIFT reader shares with the Aiken reader and the exporters."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePosixPath

from quiz.bank.errors import CannotExport
from quiz.bank.model import AcceptedAnswer

BLANK_MARKER = "{{1}}"
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_ID = 100

# Moodle accepts only these answer weights (question_bank::fraction_options_full), and their negatives.
MOODLE_FRACTIONS = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
    0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)  # fmt: skip


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


def default_weights_dropped(weights: list[float]) -> list[float | None]:
    """Multiple-response weights, each None when all of them equal the default rule (they mean the same)."""
    right = sum(1 for w in weights if w > 0)
    wrong = len(weights) - right
    default = [1.0 / (right or 1) if w > 0 else -1.0 / (wrong or 1) for w in weights]
    if all(abs(w - d) < 1e-6 for w, d in zip(weights, default, strict=True)):
        return [None] * len(weights)
    return list(weights)


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


def moodle_wildcard(answer: AcceptedAnswer) -> str:
    """A short answer as Moodle writes it (GIFT and Moodle XML): `*` a wildcard, `\\*` a literal star.

    A regular expression can be written only when it is literal text and `.*` wildcards.
    """
    if not answer.regex:
        return answer.text.replace("*", "\\*")
    text, out, i = answer.text, [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and not text[i + 1].isalnum():
            out.append("\\*" if text[i + 1] == "*" else text[i + 1])
            i += 2
        elif text.startswith(".*", i):
            out.append("*")
            i += 2
        elif text[i] in _REGEX_SPECIAL:
            raise CannotExport(
                f'the regular expression "{text}" cannot be written in GIFT or Moodle XML (only * wildcards)'
            )
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
