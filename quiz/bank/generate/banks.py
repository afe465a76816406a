"""Generate the bank of one material file: read its blocks, apply the rule of each (pure).

The rules are documented for educators in `questions/material/README.md`: glossary entries,
tables and bold key terms each become questions. Bulleted lists do not: whether an item belongs
under a heading and no other cannot be checked against the whole material, so their options could
be true elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.bank.generate.builder import Builder, Refusal, slug
from quiz.bank.generate.cloze import cloze
from quiz.bank.generate.corpus import Corpus
from quiz.bank.generate.glossary import glossary
from quiz.bank.generate.tables import table
from quiz.bank.lint.duplicates import similar_pairs, stem_words
from quiz.bank.material.blocks import BulletList, Entry, Table, read_material
from quiz.bank.model import Question


@dataclass(frozen=True)
class GeneratedBank:
    """A bank generated from one material file, ready for `render_yaml`."""

    name: str  # the file name without ".yaml"
    material: str  # the material file's stem
    title: str
    topic: str
    description: str
    questions: tuple[Question, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.yaml"


@dataclass(frozen=True)
class Generation:
    """Everything generated from one material file, and the candidates refused with the rule each broke."""

    banks: tuple[GeneratedBank, ...]
    refused: tuple[Refusal, ...]


def generate(markdown: str, stem: str, corpus: Corpus | None = None) -> Generation:
    """Generate the bank of one material file (`stem` is its file name without ".md").

    `corpus` is the whole material the questions are checked against (by default, this file alone).
    """
    material = read_material(markdown, stem)
    builder = Builder(material, corpus or Corpus([(stem, material)]))
    for block in material.blocks:
        if isinstance(block, Entry):
            glossary(builder, block)
        elif isinstance(block, Table):
            table(builder, block)
        elif isinstance(block, BulletList):
            line = block.lines[0] if block.lines else 0
            detail = "a bulleted list is not asked about: an item of another list may be true here too"
            builder.refuse(line, f"list-{slug(block.heading.plain if block.heading else '')}", "list-not-asked", detail)
        else:
            cloze(builder, block)
    _drop_near_duplicates(builder)
    banks: tuple[GeneratedBank, ...] = ()
    if builder.questions:
        description = (
            f"Questions generated from the study material {stem}.md: glossary entries, tables and bold key "
            "terms. Check them before use; to change one, copy this file and edit the copy."
        )
        title = material.title
        banks = (GeneratedBank(stem, stem, f"{title} (generated)", title, description, tuple(builder.questions)),)
    return Generation(banks, tuple(builder.refused))


def _drop_near_duplicates(builder: Builder) -> None:
    """Keep the first of two questions whose stems and answers are near-alike (the linter's measure): each would
    teach the other's answer."""
    questions = builder.questions
    later = {j: i for i, j, _ in similar_pairs([stem_words(q) for q in questions])}
    for j, i in sorted(later.items()):
        detail = f'its stem and answer are near-alike those of "{questions[i].id}"'
        builder.refuse(0, questions[j].id, "near-duplicate", detail)
    builder.questions = [q for n, q in enumerate(questions) if n not in later]


def generate_banks(markdown: str, stem: str, corpus: Corpus | None = None) -> list[GeneratedBank]:
    """The banks generated from one material file: one, or none when nothing made a question."""
    return list(generate(markdown, stem, corpus).banks)
