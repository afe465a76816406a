"""Comparing material texts and picking distractors for the question generator (pure).

Texts are compared by their normalised words, so "PD-1", "pd1" and "PD 1" are the same answer.
Every "random" choice (which distractors, in which order) is a ranking by a SHA-256 hash of the
question and the candidate, so the same material always gives the same questions.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from quiz.bank.material.inline import Text

DISTRACTORS = 3  # wanted per choice question; fewer than MIN_DISTRACTORS and the question is skipped
MIN_DISTRACTORS = 2

_WORD = re.compile(r"[^\W_]+")
# A text with one of these does not say where it stops, so as a wrong option it may be true of anything.
_OPEN_ENDED = ("among others", "and others", "etc", "in some settings", "in some cases", "and so on")


@lru_cache(maxsize=8192)
def words(text: str) -> str:
    """Lower-case words only, one space apart: what comparisons between texts look at."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def key(text: Text) -> str:
    """Two texts with the same key are the same answer ("PD-1", "pd1", "PD 1")."""
    return words(text.plain).replace(" ", "")


def contains(haystack: str, needle: str) -> bool:
    """Does `needle` occur in `haystack` as whole words (a plural ending allowed)? Both are `words`."""
    if not needle or needle not in haystack:  # a cheap test first: most pairs share nothing
        return False
    hay = haystack.split()
    *head, last = needle.split()
    endings = (last, last + "s", last + "es")
    return any(hay[i : i + len(head)] == head and hay[i + len(head)] in endings for i in range(len(hay) - len(head)))


def overlap(a: Text, b: Text) -> bool:
    """The same answer, one contains the other ("PD-1" and "PD-1, CTLA-4"), or one's words are all among
    the other's ("Before surgery" and "Before and after surgery": part of the answer is not wrong)."""
    wa, wb = words(a.plain), words(b.plain)
    subset = set(wa.split()) <= set(wb.split()) or set(wb.split()) <= set(wa.split())
    return key(a) == key(b) or contains(wa, wb) or contains(wb, wa) or subset


def open_ended(text: str) -> bool:
    """Does the text leave its list open ("Cemiplimab, among others", "Used in some settings")?"""
    return any(contains(words(text), phrase) for phrase in _OPEN_ENDED)


def gives_away(prompt: str, answer: Text) -> bool:
    return contains(words(prompt), words(answer.plain))


def rank(items: Iterable[Text], seed: str) -> list[Text]:
    """A stable shuffle: order by a hash of the seed and the text (no RNG state, no Python version drift)."""
    return sorted(items, key=lambda t: (hashlib.sha256(f"{seed}\0{t.md}".encode()).hexdigest(), t.md))


def distractors(
    seed: str,
    pool: Iterable[Text],
    exclude: Sequence[Text],
    prompt: str,
    fallback: Iterable[Text] = (),
    sound: Callable[[Text], bool] = lambda _: True,
) -> list[Text]:
    """Up to DISTRACTORS texts of the pool (then the fallback) that are not an answer, nor like one,
    nor in the prompt, and that `sound` accepts."""
    picked: list[Text] = []
    for candidate in [*rank(pool, seed), *rank(fallback, seed)]:
        if not key(candidate) or gives_away(prompt, candidate):
            continue
        if any(overlap(candidate, other) for other in (*exclude, *picked)) or not sound(candidate):
            continue
        picked.append(candidate)
        if len(picked) == DISTRACTORS:
            break
    return picked
