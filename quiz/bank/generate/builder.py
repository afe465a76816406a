"""The question builder the generator's rules share: unique ids, skips, and single-choice questions (pure)."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from typing import Any

from quiz.bank.generate.distractors import MIN_DISTRACTORS, distractors, gives_away, rank
from quiz.bank.material.blocks import BulletList, Entry, Material, Text
from quiz.bank.material.sections import slugify
from quiz.bank.model import Choice, Difficulty, Kind, Question

DIFFICULTY = {
    "glossary": Difficulty.EASY,
    "table": Difficulty.EASY,
    "matching": Difficulty.MEDIUM,
    "list": Difficulty.MEDIUM,
    "cloze": Difficulty.MEDIUM,
}
SLUG_PART = 40  # id parts are cut to this length so ids stay under the schema's 100 characters


def slug(text: str) -> str:
    """An id part: the material's slug rules, accents dropped first ("Parícutin" -> "paricutin")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    part = slugify(ascii_text)[:SLUG_PART].strip("-")
    return part or "x" + hashlib.sha256(text.encode()).hexdigest()[:8]


class Builder:
    """Makes the questions of one material file, keeping ids unique and recording skips.

    The rules (one module each: glossary, tables, lists, cloze) call it.
    """

    def __init__(self, material: Material) -> None:
        self.title = material.title
        self.ids: set[str] = set()
        self.skipped: list[str] = []
        self.questions: list[Question] = []
        self.entries = [b for b in material.blocks if isinstance(b, Entry)]
        self.lists = [b for b in material.blocks if isinstance(b, BulletList)]

    def skip(self, source: str, ident: str, why: str) -> None:
        self.skipped.append(f'{source}: question "{ident}" skipped: {why}')

    def new_id(self, *parts: str) -> str:
        """An id not used yet in this bank: the parts joined, then "-2", "-3" ... on a clash."""
        base = "-".join(parts)
        ident, n = base, 1
        while ident in self.ids:
            n += 1
            ident = f"{base}-{n}"
        return ident

    def add(self, rule: str, kind: Kind, ident: str, source: str, **fields: Any) -> None:
        self.ids.add(ident)
        self.questions.append(
            Question(
                id=ident,
                kind=kind,
                topic=self.title,
                tags=(rule,),
                difficulty=DIFFICULTY[rule],
                source=source,
                **fields,
            )
        )

    def choice(
        self,
        rule: str,
        ident: str,
        source: str,
        prompt: str,
        answer: Text,
        pool: Iterable[Text],
        explanation: str,
        fallback: Iterable[Text] = (),
    ) -> None:
        """A single-choice question: the answer plus distractors from the pool, in a stable shuffled order."""
        if gives_away(prompt, answer):
            self.skip(source, ident, f'the prompt gives the answer "{answer.plain}" away')
            return
        wrong = distractors(ident, pool, [answer], prompt, fallback)
        if len(wrong) < MIN_DISTRACTORS:
            self.skip(source, ident, f"only {len(wrong)} usable distractor(s), {MIN_DISTRACTORS} needed")
            return
        choices = tuple(Choice(t.md, t is answer) for t in rank([answer, *wrong], ident))
        self.add(rule, Kind.SINGLE, ident, source, prompt=prompt, explanation=explanation, choices=choices)
