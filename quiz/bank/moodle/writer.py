"""Export to Moodle XML; every question is read back with our reader and must mean the same.

Texts keep their format (`markdown`, `html`, or `moodle_auto_format` for text). What Moodle has no field for
travels where Moodle keeps it too: difficulty and source as `difficulty:hard` and `source:page#part` tags,
the id as `<idnumber>`, a min..max range as the middle value with a tolerance (plus `<min>`/`<max>`, which
Moodle ignores and we read back), an image as a base64 `<file>` shown by `<img src="@@PLUGINFILE@@/name">`
after the question text. A question Moodle cannot grade the same (a regular expression beyond `*`
wildcards, a case-sensitive cloze) is listed in `skipped` with the reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar
from xml.sax.saxutils import escape, quoteattr

from quiz.bank.errors import BankError, CannotExport, Exported
from quiz.bank.gift.text import moodle_wildcard
from quiz.bank.model import Bank, Kind, NumericAnswer, Question, choice_weights
from quiz.bank.moodle.cloze import write_blank
from quiz.bank.moodle.files import MAX_IMAGE_BYTES, image_file, image_tag, safe_file_name
from quiz.bank.moodle.formats import TO_MOODLE
from quiz.bank.moodle.reader import parse_moodle_xml
from quiz.bank.moodle.units import units_xml
from quiz.bank.writing import check_meaning, write_each


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100, 7):.7f}".rstrip("0").rstrip(".")


def _text(tag: str, text: str, fmt: str | None, extra: str = "", attrs: str = "") -> str:
    """`<tag format="...">` holding `<text>`, then any extra child elements."""
    formats = f" format={quoteattr(fmt)}" if fmt else ""
    return f"<{tag}{attrs}{formats}><text>{escape(text)}</text>{extra}</{tag}>"


def exported_image_name(question: Question) -> str:
    """The name a question's image travels under in Moodle XML (Moodle keeps files flat, by plain names)."""
    return safe_file_name(question.image) if question.image else ""


def _image_bytes(question: Question, folder: Path) -> bytes:
    path = folder / question.image
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise CannotExport(f"its image {question.image} is larger than {MAX_IMAGE_BYTES // 1_000_000} MB")
        return path.read_bytes()
    except OSError:
        raise CannotExport(f"its image {question.image} cannot be read beside the bank") from None


class _Writer:
    def __init__(self, question: Question, folder: Path) -> None:
        self.q = question
        self.fmt = TO_MOODLE[question.text_format]
        self.folder = folder

    def text(self, tag: str, text: str, extra: str = "", attrs: str = "") -> str:
        return _text(tag, text, self.fmt, extra, attrs)

    def answer(self, fraction: float, text: str, feedback: str = "", extra: str = "", fmt: bool = True) -> str:
        inner = self.text("feedback", feedback) + extra
        return _text("answer", text, self.fmt if fmt else None, inner, f' fraction="{_percent(fraction)}"')

    def choices(self) -> list[str]:
        q = self.q
        single = "true" if q.kind is Kind.SINGLE else "false"
        answers = [self.answer(w, c.text, c.feedback) for c, w in zip(q.choices, choice_weights(q), strict=True)]
        return [f"<single>{single}</single>", "<shuffleanswers>true</shuffleanswers>", *answers]

    def true_false(self) -> list[str]:
        q = self.q
        return [
            self.answer(1.0 if q.answer else 0.0, "true", q.true_feedback, fmt=False),
            self.answer(0.0 if q.answer else 1.0, "false", q.false_feedback, fmt=False),
        ]

    def short(self) -> list[str]:
        q = self.q
        answers = [self.answer(a.credit, moodle_wildcard(a), a.feedback, fmt=False) for a in q.answers]
        return [f"<usecase>{1 if q.case_sensitive else 0}</usecase>", *answers]

    def numeric_answer(self, answer: NumericAnswer) -> str:
        if answer.min is not None:
            middle, half = (answer.low + answer.high) / 2, (answer.high - answer.low) / 2
            extra = f"<tolerance>{_num(half)}</tolerance><min>{_num(answer.low)}</min><max>{_num(answer.high)}</max>"
            return self.answer(answer.credit, _num(middle), answer.feedback, extra, fmt=False)
        extra = f"<tolerance>{_num(answer.tolerance)}</tolerance>"
        return self.answer(answer.credit, _num(float(answer.value or 0)), answer.feedback, extra, fmt=False)

    def numeric(self) -> list[str]:
        answers = [self.numeric_answer(a) for a in self.q.numeric]
        if self.q.other_feedback:
            answers.append(self.answer(0.0, "*", self.q.other_feedback, "<tolerance>0</tolerance>", fmt=False))
        return [*answers, units_xml(self.q.units, _num)]

    def matching(self) -> list[str]:
        rows = [*self.q.pairs, *(("", right) for right in self.q.distractors)]
        subs = [self.text("subquestion", left, self.text("answer", right)) for left, right in rows]
        return ["<shuffleanswers>true</shuffleanswers>", *subs]

    def ordering(self) -> list[str]:
        places = enumerate(self.q.items, start=1)
        answers = [self.text("answer", item, attrs=f' fraction="{place}"') for place, item in places]
        return ["<layouttype>VERTICAL</layouttype>", "<selecttype>ALL</selecttype>", "<selectcount>0</selectcount>",
                "<gradingtype>ABSOLUTE_POSITION</gradingtype>", *answers]  # fmt: skip

    def prompt(self) -> str:
        """The question text; a cloze's `{{n}}` markers replaced by embedded answers."""
        text = self.q.prompt
        for number, blank in enumerate(self.q.blanks, start=1):
            text = text.replace("{{" + str(number) + "}}", write_blank(blank))
        return text

    def question_text(self) -> str:
        """`<questiontext>`, with the image (if any) shown after the text and embedded as a base64 `<file>`."""
        if not self.q.image:
            return self.text("questiontext", self.prompt())
        name = exported_image_name(self.q)
        data = _image_bytes(self.q, self.folder)
        return self.text("questiontext", self.prompt() + "\n" + image_tag(name, self.q.alt), image_file(name, data))

    def question(self) -> str:
        """The whole `<question>` element."""
        q = self.q
        parts = self.BODY.get(q.kind, lambda w: [])(self)
        tags = [*q.tags, *([f"difficulty:{q.difficulty.value}"] if q.difficulty else [])]
        tags += [f"source:{q.source}"] if q.source else []
        head = [
            f"<name><text>{escape(q.title or q.id)}</text></name>",
            self.question_text(),
            self.text("generalfeedback", q.explanation),
            f"<defaultgrade>{_num(q.points if q.scored else 0)}</defaultgrade>",
            f"<idnumber>{escape(q.id)}</idnumber>",
        ]
        tag_xml = "<tags>" + "".join(f"<tag><text>{escape(t)}</text></tag>" for t in tags) + "</tags>" if tags else ""
        return f'<question type="{self.TYPES[q.kind]}">' + "".join([*head, *parts, tag_xml]) + "</question>"

    TYPES: ClassVar[dict[Kind, str]] = {
        Kind.SINGLE: "multichoice", Kind.MULTIPLE: "multichoice", Kind.TRUE_FALSE: "truefalse",
        Kind.SHORT: "shortanswer", Kind.NUMERIC: "numerical", Kind.MATCHING: "matching",
        Kind.ORDERING: "ordering", Kind.CLOZE: "cloze", Kind.DESCRIPTION: "description",
    }  # fmt: skip
    BODY: ClassVar[dict[Kind, Callable[[_Writer], list[str]]]] = {
        Kind.SINGLE: choices, Kind.MULTIPLE: choices, Kind.TRUE_FALSE: true_false, Kind.SHORT: short,
        Kind.NUMERIC: numeric, Kind.MATCHING: matching, Kind.ORDERING: ordering,
    }  # fmt: skip


def _category(bank: Bank, topic: str) -> str:
    parts = [bank.title] if topic == bank.title else [bank.title, topic]
    path = "/".join(["$course$", "top", *(p.strip().replace("/", "//") for p in parts)])
    return f'<question type="category"><category><text>{escape(path)}</text></category></question>'


def _written(question: Question, category: str, bank: Bank) -> str:
    """The question's XML, once it has been read back and means the same; raise CannotExport if not."""
    text = _Writer(question, Path(bank.path).parent).question()
    try:
        back = parse_moodle_xml(f"<quiz>{category}{text}</quiz>", "export.xml").bank.questions
    except BankError as exc:
        raise CannotExport("Moodle XML cannot express it: " + "; ".join(p.message for p in exc.problems)) from None
    check_meaning(dataclasses.replace(question, image=exported_image_name(question)), back, bank, "Moodle XML")
    return text


def to_moodle_xml(bank: Bank) -> Exported:
    """The bank as a Moodle XML file Moodle imports; questions it cannot express are skipped, with the reason.

    Images are read beside the bank (`bank.path` is where it was read from) and embedded in the file."""
    written, skipped = write_each(bank, lambda topic: _category(bank, topic), lambda q, c: _written(q, c, bank))
    out: list[str] = []
    current = None
    for category, text in written:
        if category != current:
            out.append(category)
            current = category
        out.append(text)
    count = len(bank.questions) - len(skipped)
    header = f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- Exported from ImmunoQuiz: {count} questions -->\n'
    return Exported(header + "<quiz>\n" + "\n".join(out) + "\n</quiz>\n", skipped)
