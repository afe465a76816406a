"""What counts as a term a cloze may blank, and which terms are of the same kind (pure).

A cloze blanks a term, never a clause: at most four words, no verb, negation or linking word, not a
list of terms. Terms are of the same kind when they share a family the words show: a number, a gene or
protein symbol with the same letters (CD20, CD38), a drug-name stem (-mab), an "anti-" class, or, for
phrases, the same last word (regulatory T cells, memory T cells).
"""

from __future__ import annotations

import re

from quiz.bank.generate.distractors import words

MAX_TERM_WORDS = 4
# Words that make bold text a clause or an emphasis rather than a term.
_CLAUSE_WORDS = frozenset({
    "not", "no", "never", "must", "should", "is", "are", "be", "been", "was", "were", "can", "cannot", "will",
    "would", "may", "might", "any", "at", "directly", "only", "first", "most", "before", "after", "within", "wait",
    "than", "if", "when", "which", "who", "that", "this", "these", "those", "it", "its", "they", "their", "there",
    "then", "do", "does", "did", "has", "have", "had", "very", "more", "less", "all", "each", "every", "some",
    "such", "also", "still", "always", "often", "rarely", "usually", "of", "for", "to", "into", "in", "on", "by",
    "from"
})  # fmt: skip
_LIST_WORDS = frozenset({"and", "or", "plus", "versus", "vs"})
_DRUG_STEMS = ("mab", "cept", "leucel", "kin", "tafusp", "nib", "lib")
_LEADING_LETTERS = re.compile(r"^[A-Za-z]+")


def why_not_a_term(plain: str) -> str | None:
    """Why bold text is not a term to blank (None when it is one)."""
    found = words(plain).split()
    if not found:
        return "the bold text has no words"
    if len(found) > MAX_TERM_WORDS:
        return f"the bold text has {len(found)} words; a blank holds a term of at most {MAX_TERM_WORDS}"
    if "," in plain or _LIST_WORDS & set(found):
        return "the bold text is a list of terms, not one term"
    clause = [w for w in found if w in _CLAUSE_WORDS]
    if clause:
        return f'the bold text is a clause or an emphasis, not a term ("{clause[0]}")'
    if len(found) == 1 and plain.islower() and plain.endswith(("ed", "ly")):
        return "the bold text is a single adjective or adverb, not a term"
    return None


def kind_of(plain: str) -> str | None:
    """The family a term belongs to, so a drop-down offers only terms of the same kind (None: no family)."""
    text = plain.strip()
    found = words(text).split()
    if not found:
        return None
    if text[:1].isdigit() or not text[:1].isalpha():
        return None  # a number can be written in several ways; "-mab" is a name ending, not a term
    if text.casefold().startswith("anti-"):
        return "anti"
    capitals = sum(c.isupper() for c in text)
    if " " not in text and capitals and (capitals > 1 or any(c.isdigit() for c in text)):
        letters = _LEADING_LETTERS.match(text)
        return f"symbol:{letters.group(0).upper()}" if letters else None
    if found[0].endswith(_DRUG_STEMS) and len(found) <= 2:
        return f"drug:{next(stem for stem in _DRUG_STEMS if found[0].endswith(stem))}:{len(found)}"
    if len(found) > 1:  # as many words, so a narrower kind ("personalised neoantigen vaccines") is not offered
        return f"head:{found[-1]}:{len(found)}"
    return None
