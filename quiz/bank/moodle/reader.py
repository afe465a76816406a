"""Moodle XML (what Moodle's question bank exports) in, canonical `Bank` out, every mistake tied to its line.

We read what Moodle's importer reads (question/format/xml/format.php):

* `<question type="category">` sets the topic of the questions after it to the last part of its path
  (`$course$/top/Bank/Topic` -> "Topic"); the first category before any question names the bank.
* Each question's name is its title, `<idnumber>` its id (else the slug of the name or text), `<tags>` its
  tags (`difficulty:hard` and `source:page#part` tags set those fields), `<defaultgrade>` its points and
  `<generalfeedback>` its explanation.
* multichoice, truefalse, shortanswer, numerical, matching, ordering, cloze (embedded answers) and
  description are read; essays and every other type are skipped with a warning naming their line.
* A question that is wrong is reported and left out; the rest are kept in `BankError.partial` for the
  import command, while the app, as for every format, serves no file with errors.
"""

from __future__ import annotations

import math
from typing import Any

from quiz.bank.errors import BankError, Parsed, Problem, Severity
from quiz.bank.gift.text import ID_PATTERN, MAX_ID, slugify, stem_title, text_id, unique_ids
from quiz.bank.model import Bank, Difficulty, Question
from quiz.bank.moodle.files import file_names
from quiz.bank.moodle.kinds import NOTES, READERS, Texts, Unreadable
from quiz.bank.moodle.xmltree import Node, parse_xml

CONTEXT_PREFIX = "$"


def category_parts(path: str) -> list[str]:
    """`$course$/top/Bank/Topic` -> ["Bank", "Topic"]: Moodle's context and "top" dropped, `//` a literal `/`."""
    parts = [p.replace("\0", "/").strip() for p in path.replace("//", "\0").split("/")]
    parts = [p for p in parts if p]
    if parts and parts[0].startswith(CONTEXT_PREFIX) and parts[0].endswith(CONTEXT_PREFIX):
        parts = parts[1:]
        if parts and parts[0] == "top":
            parts = parts[1:]
    return parts


def _points(q: Node) -> float:
    raw = q.value("defaultgrade", default="1").strip() or "1"
    try:
        points = float(raw)
    except ValueError:
        raise Unreadable(q.line, f'the default mark "{raw}" is not a number') from None
    if not math.isfinite(points) or not 0 < points <= 100:
        raise Unreadable(q.line, f"the default mark {raw} must be greater than 0 and at most 100")
    return points


def _tags(q: Node) -> dict[str, Any]:
    tags, fields = [], {"difficulty": None, "source": ""}
    holder = q.child("tags")
    for tag in (t.value("text").strip() for t in holder.all("tag")) if holder else ():
        key, _, value = tag.partition(":")
        if key == "difficulty" and value in Difficulty.__members__.values():
            fields["difficulty"] = Difficulty(value)
        elif key == "source" and value:
            fields["source"] = value
        elif tag and tag not in tags:
            tags.append(tag)
    return fields | {"tags": tuple(tags)}


def _image_notes(q: Node, texts: Texts) -> list[tuple[int, str]]:
    image, alt = texts.image
    line = texts.question_text.line if texts.question_text else q.line
    notes = [(line, f"the image {image} has no alt text: describe what it shows")] if image and not alt else []
    if image and image not in file_names(q):
        notes.append((line, f"the image {image} is not embedded (no <file> element): put the file beside the bank"))
    return notes


def read_question(q: Node, topic: str) -> dict[str, Any]:
    """One `<question>` element as Question fields (without its id); raise Unreadable when it cannot be kept."""
    texts = Texts(q)
    name = " ".join(q.value("name", "text").split())
    fields: dict[str, Any] = {
        # Moodle needs a name; ours may have none, and we then write the id there.
        "title": "" if name == q.value("idnumber").strip() else name,
        "topic": topic,
        "prompt": texts.read(q.child("questiontext")),
        "explanation": texts.read(q.child("generalfeedback")),
        "text_format": texts.format,
        "points": 0.0 if q.attrs["type"] == "description" else _points(q),
        "line": q.line,
    }
    fields |= _tags(q) | READERS[q.attrs["type"]](q, texts)
    fields[NOTES] = [*fields.get(NOTES, ()), *texts.notes, *_image_notes(q, texts)]
    image, alt = texts.image
    # Our format requires a text alternative; the file name stands in, with a warning, when Moodle has none.
    fields |= {"image": image, "alt": alt or image}
    if not fields["prompt"]:
        raise Unreadable(q.line, "the question has no text")
    return fields


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.drafts: list[tuple[dict[str, Any], str]] = []
        self.title = self.topic = ""

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, Severity.WARNING))

    def element(self, q: Node) -> None:
        """Read one child of `<quiz>`: a category, a question we keep, or one we skip or report."""
        kind = q.attrs.get("type", "")
        if q.tag != "question":
            self.warn(q.line, f"<{q.tag}> is not a Moodle question element; it was skipped")
        elif kind == "category":
            parts = category_parts(q.value("category", "text"))
            if parts and not self.drafts and not self.title:
                self.title = parts[0]
            self.topic = parts[-1] if parts else self.topic
        elif kind not in READERS:
            why = "essays cannot be graded automatically" if kind == "essay" else "ImmunoQuiz has no such questions"
            self.warn(q.line, f'a question of type "{kind}" was skipped: {why}')
        else:
            try:
                fields = read_question(q, self.topic)
            except Unreadable as exc:
                self.error(exc.line, exc.reason)
                return
            for line, note in fields.pop(NOTES, ()):
                self.warn(line, note)
            self.drafts.append((fields, q.value("idnumber").strip()))

    def ids(self) -> list[str]:
        """Each draft's id: its idnumber when usable, else a unique slug of its name or text."""
        explicit: dict[str, int] = {}
        wanted: list[str | None] = []
        for fields, ident in self.drafts:
            if ident and (not ID_PATTERN.match(ident) or len(ident) > MAX_ID):
                fixed = slugify(ident, MAX_ID) or text_id(ident)
                self.warn(fields["line"], f'the idnumber "{ident}" was read as "{fixed}" (letters, digits, "-_." only)')
                ident = fixed
            if ident in explicit:
                self.error(fields["line"], f'the idnumber "{ident}" is already used on line {explicit[ident]}')
            if ident:
                explicit.setdefault(ident, fields["line"])
            wanted.append(ident or None)
        bases = [slugify(f["title"]) or text_id(f["prompt"]) for (f, _), w in zip(self.drafts, wanted, strict=True)]
        generated = unique_ids([base for base, w in zip(bases, wanted, strict=True) if not w], set(explicit))
        return [w or generated.pop(0) for w in wanted]

    def bank(self, bank_id: str) -> Parsed:
        title = self.title or stem_title(self.path, "Moodle questions")
        questions = tuple(
            Question(id=ident, **(fields | {"topic": fields["topic"] or title}))
            for (fields, _), ident in zip(self.drafts, self.ids(), strict=True)
        )
        if not questions and not any(p.is_error for p in self.problems):
            self.error(1, "the file contains no questions")
        bank = Bank(bank_id or self.path, title, self.path, "moodle-xml", questions, topic=title)
        if any(p.is_error for p in self.problems):
            raise BankError(self.problems, partial=bank)
        return Parsed(bank, tuple(sorted(self.problems)))


def parse_moodle_xml(text: str, path: str, bank_id: str = "") -> Parsed:
    """Parse a Moodle XML file; raise BankError listing every mistake (file and line), with the good questions."""
    root = parse_xml(text, path)
    if root.tag != "quiz":
        raise BankError.single(path, root.line, f"a Moodle XML file starts with <quiz>, not <{root.tag}>")
    reader = _Reader(path)
    for element in root.children:
        reader.element(element)
    return reader.bank(bank_id)
