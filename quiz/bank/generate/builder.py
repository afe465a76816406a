"""The question builder the generator's rules share: unique ids, refusals, and single-choice questions (pure)."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quiz.bank.generate.corpus import Corpus, name_key
from quiz.bank.generate.distractors import MIN_DISTRACTORS, distractors, gives_away, key, open_ended, rank, words
from quiz.bank.material.blocks import Entry, Material, Text
from quiz.bank.material.sections import slugify
from quiz.bank.model import Choice, Difficulty, Kind, Question

DIFFICULTY = {
    "glossary": Difficulty.EASY,
    "table": Difficulty.EASY,
    "matching": Difficulty.MEDIUM,
    "cloze": Difficulty.MEDIUM,
}
SLUG_PART = 40  # id parts are cut to this length so ids stay under the schema's 100 characters


def slug(text: str) -> str:
    """An id part: the material's slug rules, accents dropped first ("Parícutin" -> "paricutin")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    part = slugify(ascii_text)[:SLUG_PART].strip("-")
    return part or "x" + hashlib.sha256(text.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Refusal:
    """A candidate question (or one of its options) the generator refused, the rule it broke, and where."""

    line: int  # in the material file
    candidate: str  # 'question "cloze-vent"' or 'option "Japan" of "table-etna-country"'
    rule: str
    detail: str

    def report(self, path: str) -> str:
        return f"{path}:{self.line}: {self.candidate} refused ({self.rule}): {self.detail}"


class Builder:
    """Makes the questions of one material file, keeping ids unique and recording refusals.

    The rules (one module each: glossary, tables, cloze) call it; `corpus` is the whole material folder.
    """

    def __init__(self, material: Material, corpus: Corpus) -> None:
        self.title = material.title
        self.corpus = corpus
        self.ids: set[str] = set()
        self.refused: list[Refusal] = []
        self.questions: list[Question] = []
        self.entries = [b for b in material.blocks if isinstance(b, Entry)]

    def refuse(self, line: int, ident: str, rule: str, detail: str) -> None:
        self.refused.append(Refusal(line, f'question "{ident}"', rule, detail))

    def refuse_option(self, line: int, ident: str, option: str, rule: str, detail: str) -> None:
        refusal = Refusal(line, f'option "{option}" of "{ident}"', rule, detail)
        if refusal not in self.refused:
            self.refused.append(refusal)

    def gives_away(self, prompt: str, answer: Text) -> bool:
        """Does the prompt hold the answer under any of its names?"""
        return any(gives_away(prompt, Text(name, name)) for name in self.corpus.names(answer.plain))

    def sound_option(
        self,
        line: int,
        ident: str,
        option: Text,
        answer: Text,
        subjects: Sequence[str],
        owners: Mapping[str, Sequence[str]] | None = None,
    ) -> bool:
        """Is a wrong option safe: not another name of the answer, and never said of the subject in the material?

        `owners` maps an option's `key` to the things it is true of: a statement naming one of them as well
        ("nivolumab (PD-1) and atezolizumab (PD-L1)") is no evidence against the option.
        """
        names = {name_key(n) for n in self.corpus.names(option.plain)}
        if names & {name_key(n) for n in self.corpus.names(answer.plain)}:
            return False
        ending = words(subjects[0]) if subjects and subjects[0].startswith("-") else ""
        if ending and any(word.endswith(ending) for word in words(option.plain).split()):
            return False  # "Trastuzumab" is an example of the ending "-umab" too
        if open_ended(option.plain):
            detail = "it does not say where it stops (“among others”, “in some settings”): it may be true of anything"
            self.refuse_option(line, ident, option.plain, "open-ended-option", detail)
            return False
        together = [words(s) for s in subjects]
        unless = [words(name) for name in (owners or {}).get(key(option), ())]
        said = (self.corpus.said_with(n, together, 1, unless=unless) for n in self.corpus.names(option.plain))
        where = next((w for w in said if w), None) if together else None
        if where:
            detail = f"the material says it of “{subjects[0]}” at {where}"
            self.refuse_option(line, ident, option.plain, "wrong-option-true-elsewhere", detail)
        return where is None

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
        at: tuple[str, int],
        prompt: str,
        answer: Text,
        pool: Iterable[Text],
        explanation: str,
        fallback: Iterable[Text] = (),
        subjects: Sequence[str] = (),
        owners: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """A single-choice question: the answer plus sound distractors from the pool, in a stable shuffled order.

        `at` is the (source anchor, line) of the material; `subjects` name what the question is about, so a
        distractor the material says of them anywhere is dropped.
        """
        source, line = at
        if self.gives_away(prompt, answer):
            self.refuse(line, ident, "answer-in-prompt", f'the prompt gives the answer "{answer.plain}" away')
            return
        wrong = distractors(
            ident,
            pool,
            [answer],
            prompt,
            fallback,
            lambda t: not self.gives_away(prompt, t) and self.sound_option(line, ident, t, answer, subjects, owners),
        )
        if len(wrong) < MIN_DISTRACTORS:
            detail = f"only {len(wrong)} sound distractor(s), {MIN_DISTRACTORS} needed"
            self.refuse(line, ident, "too-few-distractors", detail)
            return
        choices = tuple(Choice(t.md, t is answer) for t in rank([answer, *wrong], ident))
        self.add(rule, Kind.SINGLE, ident, source, prompt=prompt, explanation=explanation, choices=choices)
