"""How typed answers (short answers and cloze blanks) are compared with the accepted ones.

A right answer must never be marked wrong for how it was spelt. Plain accepted answers and the
typed text are both reduced to a comparison key (`answer_key`): Unicode dashes, minus signs and
typographic quotes unified, Greek letters spelt out (β and beta), accents and case dropped,
British spellings the material uses made American, and spaces and hyphens between words dropped
(T-cell, T cell and Tcell are one answer), except between digits, so 1-2 never becomes 12;
quotes, apostrophes and closing punctuation are dropped.
Regular-expression answers see the typed text with only dashes, quotes and white space unified.
The rule is documented for educators in questions/README.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from quiz.bank.model import AcceptedAnswer

_SPACES = re.compile(r"\s+")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u00b4`"), "'") | dict.fromkeys(
    map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"'
)
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta", "θ": "theta",
    "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma",
    "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}  # fmt: skip
# British spellings in the material, as word beginnings, and the American ones they stand for.
_SPELLINGS = (
    ("tumour", "tumor"), ("haem", "hem"), ("anaem", "anem"), ("leukaem", "leukem"), ("oesophag", "esophag"),
    ("oestr", "estr"), ("oedem", "edem"), ("paediatr", "pediatr"), ("aetiol", "etiol"), ("foet", "fet"),
    ("coeliac", "celiac"), ("diarrhoe", "diarrhe"), ("colour", "color"), ("behaviour", "behavior"),
    ("favour", "favor"), ("centre", "center"), ("fibre", "fiber"), ("litre", "liter"), ("signall", "signal"),
    ("labell", "label"), ("modell", "model"), ("ageing", "aging"), ("programme", "program"), ("grey", "gray"),
    ("anaesth", "anesth"), ("orthopaed", "orthoped"), ("gynaecol", "gynecol"), ("dyspnoea", "dyspnea"),
)  # fmt: skip
_BRITISH = re.compile(r"\b(" + "|".join(british for british, _ in _SPELLINGS) + ")")
_AMERICAN = dict(_SPELLINGS)
# -ise/-isation endings (recognise, humanised, randomisation) read as -ize/-ization.
_ISE = re.compile(r"(?<=\w\w)is(e|es|ed|ing|ation|ations)\b")
# A space or hyphen between two words (not between two digits) is dropped.
_JOINER = re.compile(r"(?<![0-9])[ -]+|[ -]+(?![0-9])")
# Quotes, apostrophes and closing punctuation say nothing about which answer was meant (Hodgkin's, "CD19.").
_NOISE = re.compile(r"['\"]|[.,;:!?]+$")


def normalise(text: str, case_sensitive: bool = False) -> str:
    """Unify dashes, quotes and white space (also around hyphens and slashes); fold case unless asked not to."""
    unified = _SPACES.sub(" ", text.translate(_DASHES).translate(_QUOTES)).strip()
    unified = re.sub(r" ?([-/]) ?", r"\1", unified)
    return unified if case_sensitive else unified.casefold()


@lru_cache(maxsize=8192)
def answer_key(text: str, case_sensitive: bool = False) -> str:
    """The form two typed answers share when they differ only in spelling, punctuation or spacing."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_GREEK.get(char.lower(), char) if char.lower() in _GREEK else char for char in text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = normalise(text, case_sensitive)
    folded = text.casefold()
    if folded == text:  # spelling rules work on lower case; a case-sensitive answer keeps its capitals
        text = _ISE.sub(r"iz\1", _BRITISH.sub(lambda m: _AMERICAN[m.group(1)], text))
    return _JOINER.sub("", _NOISE.sub("", text))


_BRACKETED = re.compile(r"^(?P<before>.*?)(?P<word>[^\s(]+)?\s*\((?P<inside>[^()]+)\)(?P<after>.*)$")


@lru_cache(maxsize=8192)
def answer_keys(accepted: str, case_sensitive: bool = False) -> frozenset[str]:
    """The keys an accepted answer matches: itself and, for "X (Y)", the wordings a learner may type.

    "Cytokine release syndrome (CRS)" also accepts "CRS"; "Primary (innate) resistance" also accepts
    "primary resistance" and "innate resistance".
    """
    wordings = {accepted}
    found = _BRACKETED.match(accepted)
    if found:
        before, word, inside, after = (found.group(name) or "" for name in ("before", "word", "inside", "after"))
        wordings |= {f"{before}{word}{after}", f"{before}{inside}{after}", f"{before}{word} {inside}{after}"}
        if not after.strip():
            wordings.add(inside)  # a trailing bracket names the whole thing (an abbreviation, another name)
    return frozenset(answer_key(text, case_sensitive) for text in wordings if text.strip())


def match_text(answer: str, accepted: Iterable[AcceptedAnswer], case_sensitive: bool = False) -> AcceptedAnswer | None:
    """Return the best accepted answer that the typed text matches, or None."""
    typed = answer_key(answer, case_sensitive)
    best: AcceptedAnswer | None = None
    for option in accepted:
        if option.regex:
            flags = 0 if case_sensitive else re.IGNORECASE
            try:
                hit = re.fullmatch(option.text, normalise(answer, case_sensitive), flags) is not None
            except re.error:
                hit = False
        else:
            hit = typed in answer_keys(option.text, case_sensitive)
        if hit and (best is None or option.credit > best.credit):
            best = option
    return best


def key_texts(accepted: Iterable[AcceptedAnswer]) -> list[str]:
    """The fully right answers that are plain text (not patterns), as a key shows them."""
    return [a.text for a in accepted if a.credit >= 1.0 and not a.regex]
