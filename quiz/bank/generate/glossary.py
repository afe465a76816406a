"""The generator's glossary rule: `**Term**: definition` entries become single-choice questions (pure)."""

from __future__ import annotations

from quiz.bank.generate.builder import Builder, slug
from quiz.bank.generate.distractors import key
from quiz.bank.generate.wording import quote, sentence
from quiz.bank.material.blocks import Entry


def glossary(builder: Builder, entry: Entry) -> None:
    """Term to definition and definition to term; other entries of the same list are the distractors,
    then other glossary lists of the file.

    A labelled list outside a glossary ("- **Blood**: low platelets") is not asked about: its labels are
    categories of one passage, and which label a sentence sits under is seldom the only defensible answer.
    """
    part = slug(entry.term.plain)
    if not entry.glossary:
        detail = "a labelled list outside a glossary is not asked about (its labels are not terms)"
        builder.refuse(entry.line, f"gloss-{part}", "labelled-list-not-asked", detail)
        return
    explanation = sentence(f"**{entry.term.md}**: {entry.definition.md}")
    # Another entry of the same term (or with the same definition) would be a second right answer.
    term, definition = key(entry.term), key(entry.definition)
    same = [e for e in builder.entries if e.group == entry.group]
    more = [e for e in builder.entries if e.glossary and e.group != entry.group]
    at = (entry.source, entry.line)
    builder.choice(
        "glossary",
        builder.new_id("gloss", part, "definition"),
        at,
        f"Which definition fits **{entry.term.md}**?",
        entry.definition,
        [e.definition for e in same if key(e.term) != term],
        explanation,
        [e.definition for e in more if key(e.term) != term],
    )
    builder.choice(
        "glossary",
        builder.new_id("gloss", part, "term"),
        at,
        f"Which term is defined as {quote(entry.definition.md)}?",
        entry.term,
        [e.term for e in same if key(e.definition) != definition],
        explanation,
        [e.term for e in more if key(e.definition) != definition],
        subjects=builder.corpus.names(entry.term.plain),  # a term named with the answer may be a kind of it
    )
