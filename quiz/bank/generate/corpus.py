"""The whole material a bank is generated against (pure).

A wrong option must not be true anywhere in the material, not only in the section it came from, and a
glossary term is right under any of its names. So the generator reads every material file of the folder
once: each statement (sentence, list item, glossary entry, table row) with its `file.md:line`, the names
each glossary term declares (`**CRS** (also: cytokine release syndrome): ...`), and the terms drop-down
options are drawn from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.bank.generate.distractors import contains, words
from quiz.bank.generate.terms import kind_of, why_not_a_term
from quiz.bank.generate.wording import lower_first
from quiz.bank.material.blocks import BulletList, Entry, Material, Paragraph, Table, read_material
from quiz.bank.material.inline import Text

_ABBREVIATED = re.compile(r"^(?P<long>[^()]*\S)\s*\((?P<short>[^()]+)\)$")
_ASIDE = re.compile(r"\s*\([^()]*\)")


@dataclass(frozen=True)
class Unit:
    """One statement of the material: its words, and where it is (`file.md:line`)."""

    words: str
    where: str


def parts(term: str) -> list[str]:
    """A term and, for "tumour proportion score (TPS)", each part on its own; "Primary (innate) resistance"
    also without its aside."""
    match = _ABBREVIATED.match(term)
    found = [term, match["long"].strip(), match["short"].strip()] if match else [term]
    found.append(_ASIDE.sub("", term).strip())
    return list(dict.fromkeys(t for t in found if words(t)))


def name_key(text: str) -> str:
    """Two names with the same key are one name ("Regulatory T cells", "regulatory T-cell")."""
    found = words(text).split()
    if found and len(found[-1]) > 3 and found[-1].endswith("s"):
        found[-1] = found[-1][:-1]
    ending = "-" if text.strip().startswith("-") else ""  # the name ending "-mab" is not the word "mAb"
    return ending + "".join(found)


class Corpus:
    """Every statement, glossary name and candidate term of the material folder."""

    def __init__(self, materials: Iterable[tuple[str, Material]] = ()) -> None:
        self.units: list[Unit] = []
        self._index: dict[str, set[int]] = defaultdict(set)
        self._names: dict[str, tuple[str, ...]] = {}
        self._terms: dict[str, tuple[Text, bool]] = {}  # name key -> (term, seen only capitalised by position)
        for stem, material in materials:
            self.add(stem, material)

    @classmethod
    def read(cls, files: Iterable[tuple[str, str]]) -> Corpus:
        """The corpus of (stem, markdown) pairs."""
        return cls((stem, read_material(markdown, stem)) for stem, markdown in files)

    def add(self, stem: str, material: Material) -> None:
        """Take in one material file's statements, names and terms."""
        for block in material.blocks:
            if isinstance(block, Paragraph):
                for pieces, line in zip(block.sentences, block.lines or [0] * len(block.sentences), strict=True):
                    self._unit("".join(p[1] for p in pieces), f"{stem}.md:{line}")
                    for index, (md, plain, bold) in enumerate(pieces):
                        opening = not "".join(p[1] for p in pieces[:index]).strip()
                        if bold:
                            self._term(Text(md.strip("*_") if md[:2] in ("**", "__") else md, plain), opening)
            elif isinstance(block, BulletList):
                heading = block.heading.plain if block.heading else ""
                for item, line in zip(block.items, block.lines or [0] * len(block.items), strict=True):
                    self._unit(f"{heading} {item.plain}", f"{stem}.md:{line}")
            elif isinstance(block, Entry):
                self._unit(
                    " ".join([block.term.plain, *block.aliases, block.definition.plain]), f"{stem}.md:{block.line}"
                )
                self._entry(block)
            elif isinstance(block, Table):
                for row, line in zip(block.rows, block.lines or [0] * len(block.rows), strict=True):
                    self._unit(" ".join(cell.plain for cell in row), f"{stem}.md:{line}")
                    self._term(row[0], True)  # the first column names things; later cells may be fragments

    def _unit(self, text: str, where: str) -> None:
        number = len(self.units)
        self.units.append(Unit(words(text), where))
        for word in self.units[-1].words.split():
            self._index[word].add(number)

    def _entry(self, entry: Entry) -> None:
        if entry.glossary:
            self._term(entry.term, True)
        if not (entry.glossary or entry.aliases):
            return  # a labelled list ("**Blood**: low platelets") names no term
        spellings = [p for name in (entry.term.plain, *entry.aliases) for p in parts(name)]
        for spelling in spellings:
            known = self._names.get(name_key(spelling), ())
            self._names[name_key(spelling)] = tuple(dict.fromkeys([*known, *spellings]))

    def _term(self, text: Text, opening: bool) -> None:
        if why_not_a_term(text.plain) or not kind_of(text.plain):
            return
        seen = self._terms.get(name_key(text.plain))
        if seen is None or (seen[1] and not opening):
            self._terms[name_key(text.plain)] = (text, opening)

    def names(self, term: str) -> list[str]:
        """Every name a learner may give for a term: its parts, and the aliases its glossary entry declares."""
        found = parts(term)
        for part in list(found):
            found.extend(self._names.get(name_key(part), ()))
        unique: dict[str, str] = {}
        for name in found:
            unique.setdefault(words(name), name)
        return list(unique.values())

    def is_glossary_name(self, term: str) -> bool:
        """Does the material's glossary name this term (under any of its names)?"""
        return any(name_key(part) in self._names for part in parts(term))

    def same_kind(self, kind: str) -> list[Text]:
        """The terms of one family, as written in the middle of a sentence."""
        found = []
        for text, opening in self._terms.values():
            if kind_of(text.plain) == kind:
                found.append(Text(lower_first(text.md), lower_first(text.plain)) if opening else text)
        return found

    def said_with(
        self, option: str, together: Sequence[str], need: int, skip: str = "", unless: Sequence[str] = ()
    ) -> str | None:
        """Where the material says `option` together with at least `need` of the phrases `together` (all as
        `words`), other than at `skip` or in a statement naming one of `unless` (the things the option is
        true of, which explain why it is there); None when it never does."""
        option_words = words(option).split()
        if not option_words:
            return None
        *head, last = option_words
        found = set().union(*(self._index.get(last + end, set()) for end in ("", "s", "es")))
        for word in head:
            found &= self._index.get(word, set())
        for number in sorted(found):
            unit = self.units[number]
            if unit.where == skip or not contains(unit.words, " ".join(option_words)):
                continue
            if any(contains(unit.words, phrase) for phrase in unless if phrase):
                continue
            if sum(contains(unit.words, phrase) for phrase in together if phrase) >= need:
                return unit.where
        return None
