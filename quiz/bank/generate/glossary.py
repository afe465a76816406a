"""The generator's glossary rule: `**Term**: definition` entries become single-choice questions (pure)."""

from __future__ import annotations

from quiz.bank.generate.builder import Builder, slug
from quiz.bank.generate.distractors import key
from quiz.bank.generate.wording import quote, sentence
from quiz.bank.material.blocks import Entry


def glossary(builder: Builder, entry: Entry) -> None:
    """Term to definition and definition to term; other entries of the same list are the distractors.

    Under a glossary heading the wording is "definition"/"term" and other glossary lists of the
    file may fill in distractors; a labelled list elsewhere ("- **Blood**: low platelets") is
    asked about with neutral wording and only its own entries as distractors.
    """
    part = slug(entry.term.plain)
    explanation = sentence(f"**{entry.term.md}**: {entry.definition.md}")
    # Another entry of the same term (or with the same definition) would be a second right answer.
    term, definition = key(entry.term), key(entry.definition)
    same = [e for e in builder.entries if e.group == entry.group]
    more = [e for e in builder.entries if e.glossary and e.group != entry.group] if entry.glossary else []
    if entry.glossary:
        to_definition = f"Which definition fits **{entry.term.md}**?"
        to_term = f"Which term is defined as {quote(entry.definition.md)}?"
    else:
        to_definition = f"What does the material say about **{entry.term.md}**?"
        to_term = f"Which of these does the material describe as {quote(entry.definition.md)}?"
    builder.choice(
        "glossary",
        builder.new_id("gloss", part, "definition"),
        (entry.source, entry.line),
        to_definition,
        entry.definition,
        [e.definition for e in same if key(e.term) != term],
        explanation,
        [e.definition for e in more if key(e.term) != term],
    )
    builder.choice(
        "glossary",
        builder.new_id("gloss", part, "term"),
        (entry.source, entry.line),
        to_term,
        entry.term,
        [e.term for e in same if key(e.definition) != definition],
        explanation,
        [e.term for e in more if key(e.definition) != definition],
    )
