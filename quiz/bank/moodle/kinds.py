"""The answers of each Moodle question type, read into the fields of our question kinds.

Each reader takes the `<question>` element and its `Texts` (which put every text into the question's one
format) and returns Question fields; `Unreadable` says why a question cannot be imported.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

from quiz.bank.gift.text import default_weights_dropped, snap_fraction, wildcard_answer
from quiz.bank.model import AcceptedAnswer, Blank, Choice, Kind, NumericAnswer, TextFormat
from quiz.bank.moodle.cloze import EMBEDDED, BlankError, read_blank
from quiz.bank.moodle.files import image_refs
from quiz.bank.moodle.formats import FROM_MOODLE, convert, question_format
from quiz.bank.moodle.units import read_units
from quiz.bank.moodle.xmltree import Node

# A field of the returned dict holding warnings about the question, (line, message), not content.
NOTES = "notes"


class Unreadable(Exception):
    """A question we cannot import: (line, reason)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


class Texts:
    """The texts of one question, each turned from its own Moodle format into the question's format.

    ImmunoQuiz shows one image per question, under its text: the first embedded image of the question text
    becomes `image`; any other (in an answer, a feedback, later in the text) is replaced by its alt text, noted.
    """

    def __init__(self, question: Node) -> None:
        found = [
            FROM_MOODLE.get(node.attrs["format"], TextFormat.TEXT)
            for node in _walk(question)
            if "format" in node.attrs and node.value("text").strip()
        ]
        self.question_text = question.child("questiontext")
        own = self._format_of(self.question_text) if self.question_text else TextFormat.TEXT
        self.format = question_format(found, own)
        self.image = ("", "")
        # (line, note) as keys of a dict: an ordered set, since the question text may be read twice.
        self.notes: dict[tuple[int, str], None] = {}

    @staticmethod
    def _format_of(node: Node) -> TextFormat:
        return FROM_MOODLE.get(node.attrs.get("format", ""), TextFormat.TEXT)

    def read(self, node: Node | None) -> str:
        """The text of an element with a `<text>` child (questiontext, answer...), in the question's format."""
        if node is None:
            return ""
        source = self._format_of(node)
        return convert(self._without_images(node.value("text").strip(), node, source), source, self.format)

    def _without_images(self, text: str, node: Node, source: TextFormat) -> str:
        refs = image_refs(text)
        pieces, at = [], 0
        for number, ref in enumerate(refs):
            pieces.append(text[at : ref.start])
            at = ref.end
            if number == 0 and node is self.question_text:
                self.image = (ref.name, ref.alt)
                continue
            said = f"[{ref.alt or ref.name}]"
            pieces.append(html.escape(said, quote=False) if source is TextFormat.HTML else said)
            note = f"the image {ref.name} in <{node.tag}> is shown as its alt text (one image per question is shown)"
            self.notes[(node.line, note)] = None
        return "".join([*pieces, text[at:]]).strip() if refs else text


def _walk(node: Node) -> list[Node]:
    return [node, *(grand for child in node.children for grand in _walk(child))]


def fraction(answer: Node) -> float:
    """An answer's `fraction` attribute (a percentage) as a fraction; Unreadable when it is not a number."""
    raw = answer.attrs.get("fraction", "0")
    try:
        value = float(raw) / 100
    except ValueError:
        raise Unreadable(answer.line, f'the answer fraction "{raw}" is not a number') from None
    if not math.isfinite(value) or not -1 <= value <= 1:
        raise Unreadable(answer.line, f'the answer fraction "{raw}" is not between -100 and 100')
    return snap_fraction(value)


def _number(text: str, line: int, what: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise Unreadable(line, f'{what} "{text.strip()}" is not a number') from None
    if not math.isfinite(value):
        raise Unreadable(line, f'{what} "{text.strip()}" is not a number')
    return value


def multichoice(q: Node, texts: Texts) -> dict[str, Any]:
    answers = q.all("answer")
    if len(answers) < 2:
        raise Unreadable(q.line, f"a multiple-choice question needs at least two answers (found {len(answers)})")
    raw = [(texts.read(a), fraction(a), texts.read(a.child("feedback"))) for a in answers]
    for (text, _, _), answer in zip(raw, answers, strict=True):
        if not text:
            raise Unreadable(answer.line, "an answer of this multiple-choice question is empty")
    if q.value("single").strip().lower() in ("false", "0"):
        if not any(weight > 0 for _, weight, _ in raw):
            raise Unreadable(q.line, "no answer of this multiple-response question has a positive fraction")
        weights = default_weights_dropped([weight for _, weight, _ in raw])
        choices = tuple(Choice(t, w > 0, f, kept) for (t, w, f), kept in zip(raw, weights, strict=True))
        return {"kind": Kind.MULTIPLE, "choices": choices}
    best = max(weight for _, weight, _ in raw)
    if best < 1.0 - 1e-9:
        raise Unreadable(q.line, "no answer of this single-choice question is worth 100%")
    right = next(i for i, (_, weight, _) in enumerate(raw) if weight == best)
    choices = tuple(Choice(t, i == right, f, None if i == right or w == 0 else w) for i, (t, w, f) in enumerate(raw))
    return {"kind": Kind.SINGLE, "choices": choices}


def truefalse(q: Node, texts: Texts) -> dict[str, Any]:
    by_value = {a.value("text").strip().lower(): a for a in q.all("answer")}
    if set(by_value) != {"true", "false"}:
        raise Unreadable(q.line, 'a true/false question needs the answers "true" and "false"')
    return {
        "kind": Kind.TRUE_FALSE,
        "answer": fraction(by_value["true"]) >= fraction(by_value["false"]),
        "true_feedback": texts.read(by_value["true"].child("feedback")),
        "false_feedback": texts.read(by_value["false"].child("feedback")),
    }


def shortanswer(q: Node, texts: Texts) -> dict[str, Any]:
    answers = []
    for answer in q.all("answer"):
        typed = answer.value("text").strip()
        if not typed:
            raise Unreadable(answer.line, "an answer of this short-answer question is empty")
        accepted = wildcard_answer(typed) or AcceptedAnswer(typed.replace("\\*", "*"))
        credit = max(fraction(answer), 0.0)
        answers.append(AcceptedAnswer(accepted.text, credit, texts.read(answer.child("feedback")), accepted.regex))
    if not any(a.credit >= 1.0 for a in answers):
        raise Unreadable(q.line, "no answer of this short-answer question is worth 100%")
    return {"kind": Kind.SHORT, "answers": tuple(answers), "case_sensitive": q.value("usecase").strip() == "1"}


def numerical(q: Node, texts: Texts) -> dict[str, Any]:
    answers, other = [], ""
    for answer in q.all("answer"):
        typed, feedback = answer.value("text").strip(), texts.read(answer.child("feedback"))
        if typed == "*":
            other = feedback
            continue
        credit = max(fraction(answer), 0.0)
        if credit == 0 and not feedback:
            continue
        if answer.child("min") is not None and answer.child("max") is not None:
            low, high = (_number(answer.value(k), answer.line, k) for k in ("min", "max"))
            answers.append(NumericAnswer(min=low, max=high, credit=credit, feedback=feedback))
            continue
        tolerance = abs(_number(answer.value("tolerance", default="0") or "0", answer.line, "the tolerance"))
        value = _number(typed, answer.line, "the answer")
        answers.append(NumericAnswer(value=value, tolerance=tolerance, credit=credit, feedback=feedback))
    full = next((i for i, a in enumerate(answers) if a.credit >= 1.0), None)
    if full is None:
        raise Unreadable(q.line, "no answer of this numerical question is worth 100%")
    answers.insert(0, answers.pop(full))
    units, notes = read_units(q)
    return {"kind": Kind.NUMERIC, "numeric": tuple(answers), "other_feedback": other, "units": units, NOTES: notes}


def matching(q: Node, texts: Texts) -> dict[str, Any]:
    pairs, distractors = [], []
    for sub in q.all("subquestion"):
        left, right = texts.read(sub), texts.read(sub.child("answer"))
        if not right:
            raise Unreadable(sub.line, "a subquestion of this matching question has no answer")
        if left:
            pairs.append((left, right))
        elif right not in distractors:
            distractors.append(right)
    if len(pairs) < 2:
        raise Unreadable(q.line, f"a matching question needs at least two pairs (found {len(pairs)})")
    if len({left for left, _ in pairs}) < len(pairs):
        raise Unreadable(q.line, "two subquestions of this matching question have the same text")
    rights = {right for _, right in pairs}
    return {
        "kind": Kind.MATCHING,
        "pairs": tuple(pairs),
        "distractors": tuple(d for d in distractors if d not in rights),
    }


def ordering(q: Node, texts: Texts) -> dict[str, Any]:
    answers = q.all("answer")
    # Moodle writes each item's place in the right order as its "fraction": 1, 2, 3...
    positions = [_number(a.attrs.get("fraction", "0"), a.line, "the place") for a in answers]
    if len(set(positions)) == len(positions) and all(p > 0 for p in positions):
        answers = [a for _, a in sorted(zip(positions, answers, strict=True), key=lambda pair: pair[0])]
    items = tuple(texts.read(a) for a in answers)
    if len(items) < 2 or not all(items) or len(set(items)) < len(items):
        raise Unreadable(q.line, "an ordering question needs at least two different, non-empty items")
    return {"kind": Kind.ORDERING, "items": items}


def cloze(q: Node, texts: Texts) -> dict[str, Any]:
    """Embedded answers: each becomes a blank, `{{n}}` in the prompt (returned as the `prompt` field)."""
    blanks: list[Blank] = []
    weights: list[int] = []
    line = texts.question_text.line if texts.question_text else q.line
    notes: list[tuple[int, str]] = []

    def to_marker(match: Any) -> str:
        try:
            blank, dropped = read_blank(match.group(2), match.group(3))
        except BlankError as exc:
            raise Unreadable(q.line, f"blank {len(blanks) + 1}: {exc}") from None
        blanks.append(blank)
        weights.append(int(match.group(1) or 1))
        notes.extend((line, f"blank {len(blanks)}: {note}") for note in dropped)
        return "{{" + str(len(blanks)) + "}}"

    prompt = EMBEDDED.sub(to_marker, texts.read(q.child("questiontext")))
    if not blanks:
        raise Unreadable(q.line, "this cloze question has no embedded answers such as {1:SHORTANSWER:=yes}")
    if len(set(weights)) > 1:
        listed = ", ".join(map(str, weights))
        notes.append((line, f"the blank weights ({listed}) were dropped: every blank counts the same in ImmunoQuiz"))
    return {"kind": Kind.CLOZE, "blanks": tuple(blanks), "prompt": prompt, NOTES: notes}


def description(q: Node, texts: Texts) -> dict[str, Any]:
    return {"kind": Kind.DESCRIPTION, "points": 0.0}


# Moodle's `type` attribute -> the reader of its answers.
READERS: dict[str, Callable[[Node, Texts], dict[str, Any]]] = {
    "multichoice": multichoice,
    "truefalse": truefalse,
    "shortanswer": shortanswer,
    "numerical": numerical,
    "matching": matching,
    "ordering": ordering,
    "cloze": cloze,
    "description": description,
}
