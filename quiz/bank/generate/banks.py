"""Generate the bank of one material file: read its blocks, apply the rule of each (pure).

The rules are documented for educators in `questions/material/README.md`: glossary entries,
tables, bulleted lists and bold key terms each become questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.bank.generate.builder import Builder
from quiz.bank.generate.cloze import cloze
from quiz.bank.generate.glossary import glossary
from quiz.bank.generate.lists import bullet_list
from quiz.bank.generate.tables import table
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
    """Everything generated from one material file, and why candidate questions were skipped."""

    banks: tuple[GeneratedBank, ...]
    skipped: tuple[str, ...]


def generate(markdown: str, stem: str) -> Generation:
    """Generate the bank of one material file (`stem` is its file name without ".md")."""
    material = read_material(markdown, stem)
    builder = Builder(material)
    for block in material.blocks:
        if isinstance(block, Entry):
            glossary(builder, block)
        elif isinstance(block, Table):
            table(builder, block)
        elif isinstance(block, BulletList):
            bullet_list(builder, block)
        else:
            cloze(builder, block)
    banks: tuple[GeneratedBank, ...] = ()
    if builder.questions:
        description = (
            f"Questions generated from the study material {stem}.md: glossary entries, tables, lists and bold key "
            "terms. Check them before use; to change one, copy this file and edit the copy."
        )
        title = material.title
        banks = (GeneratedBank(stem, stem, f"{title} (generated)", title, description, tuple(builder.questions)),)
    return Generation(banks, tuple(builder.skipped))


def generate_banks(markdown: str, stem: str) -> list[GeneratedBank]:
    """The banks generated from one material file: one, or none when nothing made a question."""
    return list(generate(markdown, stem).banks)
