"""The generator's cloze rule: a bold key term in a sentence becomes a fill-in-the-blank question (pure).

A blank holds a term, never a clause (`terms.why_not_a_term`). It is typed only when the material's
glossary names the term, so every name it declares is accepted; any other term could be right in
wordings the material never lists, so its blank is a drop-down of terms of the same kind, none of
which the material says in the same breath as the rest of the sentence.
"""

from __future__ import annotations

from quiz.bank.generate.builder import Builder, slug
from quiz.bank.generate.distractors import MIN_DISTRACTORS, contains, distractors, rank, words
from quiz.bank.generate.terms import kind_of, why_not_a_term
from quiz.bank.generate.wording import sentence
from quiz.bank.material.blocks import Paragraph, Piece
from quiz.bank.material.inline import Text
from quiz.bank.model import AcceptedAnswer, Blank, Kind

MAX_CLOZE_PER_SENTENCE = 2  # more bold terms in one sentence would give near-identical questions
# A sentence opening with one of these leans on the sentence before it: no cloze from it.
_LEANING = {"it", "its", "this", "these", "they", "their", "them", "those", "that", "he", "she", "his", "her"}
# Words that point to text outside the sentence; "that" does after these words ("lack that response").
_POINTERS = frozenset({"this", "these", "those", "such", "former", "latter"})
_PLACES = frozenset({"above", "below", "following"})
_PLACE_ENDS = frozenset({"", "is", "are", "show", "shows", "build", "builds", "list", "lists", "give", "gives"})
_BEFORE_DEMONSTRATIVE = frozenset({
    "of", "in", "for", "with", "from", "to", "by", "on", "at", "lack", "lacks", "have", "has", "had", "give", "gives"
})  # fmt: skip
# Words too common to tie a statement to its subject when looking for the same statement elsewhere.
_COMMON = frozenset({
    "the", "and", "with", "that", "this", "from", "into", "than", "then", "when", "which", "while", "also", "only",
    "more", "most", "less", "such", "their", "there", "these", "those", "have", "has", "had", "are", "was", "were",
    "been", "being", "can", "may", "might", "will", "would", "should", "must", "not", "for", "its", "often",
    "usually", "other", "some", "many", "much", "very", "after", "before", "during", "about", "over", "under",
    "between", "both", "each", "all", "any", "one", "two"
})  # fmt: skip


def cloze(builder: Builder, paragraph: Paragraph) -> None:
    """Blank out each bold term of each sentence, unless the rest of the sentence would not pin it down."""
    stem = paragraph.source.split("#")[0]
    for pieces, line in zip(paragraph.sentences, paragraph.lines or [0] * len(paragraph.sentences), strict=True):
        explanation = "".join(p[0] for p in pieces).strip()
        made = 0
        for index, (md, term, bold) in enumerate(pieces):
            if not bold:
                continue
            ident = builder.new_id("cloze", slug(term))
            prompt = "".join("{{1}}" if i == index else p[0] for i, p in enumerate(pieces)).strip()
            why = _why_not(builder, term, prompt, explanation, made)
            if why:
                builder.refuse(line, ident, *why)
                continue
            answer = Text(md[2:-2] if md[:2] in ("**", "__") else md, term)
            blank = _blank(builder, ident, (f"{stem}.md", line), answer, prompt, _opens(pieces, index))
            if blank is None:
                continue
            made += 1
            builder.add(
                "cloze",
                Kind.CLOZE,
                ident,
                paragraph.source,
                prompt=prompt,
                explanation=sentence(explanation),
                blanks=(blank,),
            )


def _why_not(builder: Builder, term: str, prompt: str, explanation: str, made: int) -> tuple[str, str] | None:
    """The rule a candidate blank breaks and why, or None when it may become a question."""
    context = words(prompt.replace("{{1}}", " "))
    not_a_term = why_not_a_term(term)
    if made == MAX_CLOZE_PER_SENTENCE:
        return "too-many-from-one-sentence", f"already {made} cloze questions from this sentence"
    if not_a_term:
        return "not-a-term", not_a_term
    if "{{" in explanation or "}}" in explanation:
        return "braces-in-sentence", "the sentence already contains {{ or }}"
    if explanation.endswith(":"):
        return "sentence-continues", "the sentence ends in a colon and goes on in a list"
    if words(explanation).split()[0] in _LEANING:
        return "leans-on-previous-sentence", "the sentence starts with a pronoun that needs the one before"
    pointer = _points_elsewhere(words(explanation).split())
    if pointer:
        return "leans-on-other-text", f"“{pointer}” points to text outside the sentence"
    if len(context.split()) < 2:
        return "too-little-context", "too little of the sentence is left around the blank"
    if any(contains(context, words(name)) for name in builder.corpus.names(term)):
        return "answer-in-prompt", f'the sentence gives the answer "{term}" away elsewhere'
    return None


def _points_elsewhere(found: list[str]) -> str:
    """A word that points outside the sentence ("this response", "lack that response", "the steps below")."""
    for before, word, after in zip(["", *found[:-1]], found, [*found[1:], ""], strict=True):
        if word in _POINTERS and not (word == "such" and after == "as"):
            return word
        if word in _PLACES and (before == "the" if word == "following" else after in _PLACE_ENDS):
            return word  # "the steps below", "the following", not "below the surface", "following infusion"
        if word == "that" and before in _BEFORE_DEMONSTRATIVE:
            return f"{before} that"
    return ""


def _blank(builder: Builder, ident: str, at: tuple[str, int], answer: Text, prompt: str, opening: bool) -> Blank | None:
    """A typed blank for a glossary term (all its names accepted), else a drop-down of same-kind terms."""
    path, line = at
    if builder.corpus.is_glossary_name(answer.plain):
        return Blank(tuple(AcceptedAnswer(name) for name in builder.corpus.names(answer.plain)))
    kind = kind_of(answer.plain)
    if kind is None:
        detail = "not a glossary term (typed, it could be right in other wordings) and no same-kind terms to offer"
        builder.refuse(line, ident, "no-same-kind-options", detail)
        return None
    anchors = sorted({w for w in words(prompt.replace("{{1}}", " ")).split() if len(w) > 2 and w not in _COMMON})
    need = max(2, (len(anchors) + 1) // 2)

    def sound(option: Text) -> bool:
        if _article(prompt) and _vowel(option.plain) != _vowel(answer.plain):
            return False
        if builder.sound_option(line, ident, option, answer, ()):
            where = builder.corpus.said_with(option.plain, anchors, need, skip=f"{path}:{line}")
            if where is None:
                return True
            detail = f"the material says it with the rest of the sentence at {where}"
            builder.refuse_option(line, ident, option.plain, "wrong-option-true-elsewhere", detail)
        return False

    wrong = distractors(ident, builder.corpus.same_kind(kind), [answer], prompt, sound=sound)
    if len(wrong) < MIN_DISTRACTORS:
        detail = f"only {len(wrong)} sound same-kind option(s) for the drop-down, {MIN_DISTRACTORS} needed"
        builder.refuse(line, ident, "no-same-kind-options", detail)
        return None
    shown = [answer.md, *(_capital(t.md) if opening else t.md for t in wrong)]
    choices = tuple(t.md for t in rank([Text(text, text) for text in shown], ident))
    return Blank((AcceptedAnswer(answer.md),), choices)


def _opens(pieces: tuple[Piece, ...], index: int) -> bool:
    """Does the piece at `index` open its sentence?"""
    return not "".join(p[1] for p in pieces[:index]).strip()


def _article(prompt: str) -> bool:
    before = prompt.split("{{1}}")[0].split()
    return bool(before) and before[-1].casefold() in ("a", "an")


def _vowel(text: str) -> bool:
    return text[:1].casefold() in "aeiou"


def _capital(md: str) -> str:
    """Capitalise an option that opens the sentence ("nivolumab"), not a symbol ("dMMR")."""
    return md[:1].upper() + md[1:] if md[1:2].islower() or not md[1:2].isalpha() else md
