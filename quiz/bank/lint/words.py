"""Plain text and words of question text, and the word lists the rules use (documented in questions/README.md)."""

from __future__ import annotations

import re

from quiz.bank.model import Choice, Kind, Question


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one string (kept as prose so the lists read easily)."""
    return frozenset(text.split())


# Words that claim too much; item writers put them in wrong options, so students learn to rule such options out.
ABSOLUTE_WORDS = word_set(
    """always never all none only must cannot can't every everyone everything nothing nobody completely entirely
    totally invariably permanently exclusively solely absolutely impossible guaranteed regardless"""
)
# Words that turn a stem negative ("Which is NOT..."); a reader who skims past them answers the opposite question.
NEGATIVE_WORDS = word_set("not except least incorrect untrue false")
# Words too common to cue anything when a stem and a key share them.
STOP_WORDS = word_set(
    """about above after again against also among and another any are around because been before being below
    between both but can could did does doing down during each either few for from further had has have having her
    here hers him his how however into its itself just may might more most much nor off once one other others our
    out over own same she should some such than that the their theirs them then there these they this those through
    too two under until upon very was were what when where which while who whom whose why will with within without
    would you your patient patients following true best likely used uses using given give main usually"""
)
# "All of the above" and its kin; its own rule reports it, so its "all" or "none" is not counted as absolute.
ABOVE = re.compile(r"\b(?:all|none|both|neither) of (?:the )?(?:above|these|those|the options)\b", re.IGNORECASE)
# "Every three weeks", "every 6 hours": a dosing interval, not a claim that something always happens.
INTERVAL = re.compile(
    r"\bevery\s+(?:\d+(?:[-–]\d+)?|one|two|three|four|five|six|eight|twelve|other|few)?\s*"
    r"(?:minutes?|hours?|days?|weeks?|months?|years?|cycles?|doses?)\b",
    re.IGNORECASE,
)
SHORTEST_CUE_WORD = 4  # shorter words ("IL", "T", "of") are too common to be a cue

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_MARKS = re.compile(r"[*_`~]+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def plain(text: str) -> str:
    """The text a learner reads: Markdown emphasis marks and HTML tags removed, spaces collapsed."""
    return " ".join(_MARKS.sub("", _TAG.sub(" ", text)).split())


def words(text: str) -> list[str]:
    """The words of a text, lower case, in order (hyphenated words stay whole: "anti-pd-1")."""
    return [w.replace("’", "'") for w in _WORD.findall(plain(text).lower())]


def root(word: str) -> str:
    """A crude singular, so "tumours" and "tumour" count as one word."""
    if len(word) > SHORTEST_CUE_WORD and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str) -> set[str]:
    """The words that could cue an answer: no stop words, none shorter than SHORTEST_CUE_WORD, singular."""
    return {root(w) for w in words(text) if len(w) >= SHORTEST_CUE_WORD and w not in STOP_WORDS}


def absolute_words(text: str) -> list[str]:
    """The absolute words of a text, in order."""
    return [w for w in words(INTERVAL.sub(" ", ABOVE.sub(" ", text))) if w in ABSOLUTE_WORDS]


def options(question: Question) -> tuple[Choice, ...]:
    """The options a student picks from: the choices of a single or multiple choice question, else none."""
    return question.choices if question.kind in (Kind.SINGLE, Kind.MULTIPLE) else ()


def quoted(text: str, limit: int = 50) -> str:
    """A short quotation of an option for a message."""
    text = plain(text)
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1]}…"'
