"""The generator's cloze rule: a bold key term in a sentence becomes a fill-in-the-blank question (pure)."""

from __future__ import annotations

import re

from quiz.bank.generate.builder import Builder, slug
from quiz.bank.generate.distractors import contains, words
from quiz.bank.generate.wording import sentence
from quiz.bank.material.blocks import Paragraph
from quiz.bank.model import AcceptedAnswer, Blank, Kind

MAX_CLOZE_WORDS = 6  # a bold phrase longer than this is not a key term
MAX_CLOZE_PER_SENTENCE = 2  # more bold terms in one sentence would give near-identical questions
# A sentence opening with one of these leans on the sentence before it: no cloze from it.
_LEANING = {"it", "its", "this", "these", "they", "their", "them", "those", "that", "he", "she", "his", "her"}
_ABBREVIATED = re.compile(r"^(?P<long>[^()]*\S)\s*\((?P<short>[^()]+)\)$")


def cloze(builder: Builder, paragraph: Paragraph) -> None:
    """Blank out each bold term of each sentence, unless the rest of the sentence would not pin it down."""
    for pieces in paragraph.sentences:
        explanation = "".join(p[0] for p in pieces).strip()
        made = 0
        for index, (_md, term, bold) in enumerate(pieces):
            if not bold:
                continue
            ident = builder.new_id("cloze", slug(term))
            prompt = "".join("{{1}}" if i == index else p[0] for i, p in enumerate(pieces)).strip()
            term_words = words(term).split()
            context = words(prompt.replace("{{1}}", " "))
            if made == MAX_CLOZE_PER_SENTENCE:
                builder.skip(paragraph.source, ident, f"already {made} cloze questions from this sentence")
            elif not term_words or len(term_words) > MAX_CLOZE_WORDS:
                builder.skip(
                    paragraph.source, ident, f"the bold text is not a key term of 1 to {MAX_CLOZE_WORDS} words"
                )
            elif "{{" in explanation or "}}" in explanation:
                builder.skip(paragraph.source, ident, "the sentence already contains {{ or }}")
            elif words(explanation).split()[0] in _LEANING:
                builder.skip(paragraph.source, ident, "the sentence starts with a pronoun that needs the one before")
            elif len(context.split()) < 2:
                builder.skip(paragraph.source, ident, "too little of the sentence is left around the blank")
            elif any(contains(context, words(spelling)) for spelling in _spellings(term)):
                builder.skip(paragraph.source, ident, f'the sentence gives the answer "{term}" away elsewhere')
            else:
                made += 1
                builder.add(
                    "cloze",
                    Kind.CLOZE,
                    ident,
                    paragraph.source,
                    prompt=prompt,
                    explanation=sentence(explanation),
                    blanks=(Blank(tuple(AcceptedAnswer(spelling) for spelling in _spellings(term))),),
                )


def _spellings(term: str) -> list[str]:
    """What a learner may type for a bold term: "tumour proportion score (TPS)" also as either part."""
    match = _ABBREVIATED.match(term)
    found = [term, match["long"].strip(), match["short"].strip()] if match else [term]
    return list(dict.fromkeys(t for t in found if words(t)))
