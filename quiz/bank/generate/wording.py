"""Wording for generated questions: column headers as nouns, facts, sentences and quotes (pure)."""

from __future__ import annotations

from quiz.bank.material.inline import Text

_QUESTION_WORDS = {"what", "when", "where", "which", "who", "whom", "whose", "why", "how"}
_SINGULAR_ENDINGS = ("ss", "us", "is", "ics")
MAX_HEADER_WORDS = 4  # a longer column header is quoted instead of used as a noun


def lower_first(text: str) -> str:
    """ "Target" -> "target", "Trade-off" -> "trade-off"; "PD-L1", "VEI" and "Mauna Loa" stay."""
    words = text.split(" ")
    first = words[0]
    letters = first.replace("-", "")
    capitalised = first[:1].isupper() and letters[1:].islower() and letters.isalpha()
    if capitalised and (len(words) == 1 or words[1][:1].islower()):
        return first[:1].lower() + text[1:]
    return text


def _participle(word: str) -> bool:
    """ "used", "approved": a header with one reads badly as a noun ("the used in of ...")."""
    return len(word) >= 4 and word.endswith("ed") and not word.endswith("eed")


def noun(header: Text) -> str | None:
    """A column header usable as a noun ("target", "antibody type"), or None ("Where it mainly acts", "Used in")."""
    words = header.plain.casefold().split()
    if not words or len(words) > MAX_HEADER_WORDS or words[0] in _QUESTION_WORDS or _participle(words[0]):
        return None
    if any(ch.isdigit() for ch in header.plain):  # "Grade 3" names a value, not a field: quote it
        return None
    return lower_first(header.md)


def participle(phrase: str) -> bool:
    """Has the phrase a participle ("immunotherapy used")? Then "its immunotherapy used" reads badly."""
    return any(map(_participle, phrase.casefold().split()))


def ask(header: Text, about: str) -> str | None:
    """The question asking for a column's value of one row ("What is the target of the drug “X”?"), or None
    when the header cannot be asked about without the table ("What replaced it": replaced what?)."""
    field = noun(header)
    if field:
        of = "for" if " of " in f" {field} " or any(map(_participle, field.split())) else "of"  # not "role of X of"
        return f"What {'are' if is_plural(field) else 'is'} the {field} {of} {about}?"
    found = header.plain.split()
    if not found:
        return None
    if found[0].casefold() in _QUESTION_WORDS:
        return _inverted(found, about)
    if _participle(found[0].casefold()) and len(found) <= MAX_HEADER_WORDS:  # "Used in", "Measured by"
        return f"What is {about} {lower_first(header.md)}?"
    return f"For {about}, what does the table give as {quote(header.md)}?"


def _inverted(found: list[str], about: str) -> str | None:
    """ "Where it mainly acts" -> "Where does X mainly act?", "How it is measured" -> "How is X measured?";
    None when "it" is not the subject right after the question word ("What replaced it", "Where")."""
    asking, rest = found[0].capitalize(), found[1:]
    if len(rest) < 2 or rest[0].casefold() != "it":
        return None
    rest = rest[1:]
    if rest[0].casefold() in ("is", "are", "was", "were"):
        return f"{asking} {rest[0]} {about} {' '.join(rest[1:])}?"
    adverbs = []
    while len(rest) > 1 and rest[0].endswith("ly"):
        adverbs.append(rest.pop(0))
    verb = rest[0]
    if not verb.endswith("s") or verb.endswith(("ss", "us", "is")):
        return None
    base = verb[:-2] if verb.endswith(("ches", "shes", "sses", "xes", "zes")) else verb[:-1]
    return f"{asking} does {about} {' '.join([*adverbs, base, *rest[1:]])}?"


def is_plural(phrase: str) -> bool:
    last = phrase.split()[-1].casefold()
    return last.endswith("s") and not last.endswith(_SINGULAR_ENDINGS)


def fact(header: Text, value: Text) -> str:
    """ "the target is PD-1", "the ligands are CD80 and CD86", "“Where it mainly acts” is Lymph nodes"."""
    name = noun(header)
    if name is None:
        return f"{quote(header.md)} is {value.md.rstrip('.')}"
    return f"the {name} {'are' if is_plural(name) else 'is'} {value.md.rstrip('.')}"


def sentence(md: str) -> str:
    """End a piece of text with a full stop unless it already ends a sentence."""
    md = md.rstrip()
    return md if md.endswith((".", "!", "?", ".)", ".”", '."')) else md + "."


def quote(md: str) -> str:
    return f"“{md.rstrip('.')}”"
