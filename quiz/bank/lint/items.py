"""Cues inside one question: "all/none of the above", a stem that echoes only the key, an unemphasised negative."""

from __future__ import annotations

import re

from quiz.bank.lint.findings import Finding
from quiz.bank.lint.words import ABOVE, NEGATIVE_WORDS, content_words, options, quoted
from quiz.bank.model import Kind, Question

_EMPHASIS = re.compile(
    r"\*\*.+?\*\*|__.+?__|(?<![*\w])\*[^*]+?\*(?![*\w])|(?<!\w)_[^_]+?_(?!\w)|<(b|strong|em|i)>.*?</\1>",
    re.IGNORECASE | re.DOTALL,
)
_NEGATIVE = re.compile(r"\b(?:" + "|".join(sorted(NEGATIVE_WORDS)) + r")\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def question_sentences(prompt: str) -> str:
    """The sentences that ask (ending in "?"), else the last one: a vignette's facts may say "not" freely."""
    sentences = [s for s in _SENTENCE_END.split(prompt.strip()) if s]
    asking = [s for s in sentences if s.rstrip("*_ )").endswith("?")]
    return " ".join(asking or sentences[-1:])


def above_options(path: str, question: Question) -> list[Finding]:
    """Options like "All of the above": a student who spots two right options needs no more knowledge."""
    texts = [c.text for c in options(question)]
    texts += [choice for blank in question.blanks for choice in blank.choices]
    return [
        Finding(path, question.line, "all-none-of-the-above", f"option {quoted(text)} lets partial knowledge answer")
        for text in texts
        if ABOVE.search(text)
    ]


def key_echo(path: str, question: Question) -> list[Finding]:
    """A stem word that only the key repeats (a clang cue): the student matches words, not knowledge."""
    choices = options(question)
    keys = [c.text for c in choices if c.correct]
    wrong = [c.text for c in choices if not c.correct]
    if not keys or not wrong:
        return []
    stem = content_words(question.prompt)
    in_keys = set().union(*(content_words(text) for text in keys))
    in_wrong = set().union(*(content_words(text) for text in wrong))
    echoed = sorted(stem & in_keys - in_wrong)
    if not echoed:
        return []
    shown = ", ".join(f'"{word}"' for word in echoed)
    return [
        Finding(path, question.line, "key-echoes-stem", f"the stem and the key share {shown}; no wrong option does")
    ]


def unemphasised_negative(path: str, question: Question) -> list[Finding]:
    """A negative stem ("NOT", "EXCEPT", "least") whose negative word is neither upper case nor bold or italic."""
    if question.kind not in (Kind.SINGLE, Kind.MULTIPLE):
        return []
    prompt = question_sentences(question.prompt)
    emphasised = [match.span() for match in _EMPHASIS.finditer(prompt)]
    for match in _NEGATIVE.finditer(prompt):
        word = match.group()
        inside = any(start <= match.start() and match.end() <= end for start, end in emphasised)
        if not (word.isupper() or inside):
            message = f'the stem is negative ("{word}") without emphasis; write **{word}** or {word.upper()}'
            return [Finding(path, question.line, "negative-stem", message)]
    return []
