"""GIFT, Moodle's plain-text question format: text in, canonical `Bank` out, every mistake tied to its line.

We read what Moodle's importer reads (question/format/gift/format.php) and report more: where Moodle
silently imports something odd (a question swallowed by a missing blank line, an unknown weight,
a numeric answer that is not a number), we name the file, the line where the question starts and
what is wrong, then carry on with the next question. Decisions that GIFT leaves to the importer:

* Topic: `$CATEGORY: a/b/c` sets the topic of the questions that follow to the last part of the
  path ("c"); Moodle's context prefixes (`$course$/top/...`) are dropped and `//` is a literal `/`.
  Questions before any `$CATEGORY` get the bank title as topic.
* Bank title: the first part of a `$CATEGORY` path that comes before the first question, else the
  file name prettified ("checkpoint_inhibitors.gift" -> "Checkpoint inhibitors").
* Question id: `// [id:...]`, else the slug of the `::title::`, else the slug of the question text
  (a hash when that slug is empty). Generated ids never take an explicit one; repeats get "-2", "-3"...
  in file order, so ids are stable as long as the file is. A duplicated explicit id is an error.
* `// [tag:...]` adds a tag. ImmunoQuiz also reads `// [points:2]`, `// [difficulty:hard]` and
  `// [source:file#anchor]`, which Moodle ignores like any comment. Comments in a question's block,
  or in a comment-only block before it, belong to that question.
* Text formats: `[markdown]` text is Markdown, `[html]` text HTML (sanitised when shown), and `[plain]`
  or untagged text (Moodle's auto-format) is shown as typed with its line breaks. Answers, feedback and
  general feedback inherit the question's format; a question with any `[html]` part is HTML throughout
  (its other texts escaped into HTML). Leading spaces inside a question's text are kept.
* Short answers: `*` is Moodle's wildcard (`\\*` a literal star); answers with one become regular
  expressions. Essays `{}` cannot be graded automatically: they are skipped with a warning.
* A block inside the sentence ("missing word") makes a single-choice or short-answer question a cloze
  with the blank `{{1}}` where the block was; other kinds keep their kind with "_____" in the prompt.
"""

from __future__ import annotations

import re
from typing import Any

from quiz.bank.errors import BankError, Parsed
from quiz.bank.gift.answers import AnswerReader
from quiz.bank.gift.lexer import (
    GIFT_FORMATS,
    Block,
    Meta,
    Skip,
    hide_escapes,
    replace_reserved,
    show,
    split_blocks,
)
from quiz.bank.gift.text import (
    BLANK_MARKER,
    ID_PATTERN,
    MAX_ID,
    slugify,
    stem_title,
    text_id,
    unique_ids,
)
from quiz.bank.model import Bank, Kind, Question, TextFormat

MISSING_WORD = "_____"
_CONTEXT = re.compile(r"^\$\w*\$$")
_BLANKS = re.compile(r"\{\{\d+\}\}")
_BRACE = re.compile(r"[{}]")


class _Reader(AnswerReader):
    """Reads one GIFT file: its questions, their categories and ids, and the bank they make."""

    # Questions -----------------------------------------------------------------------------------------

    def question(self, raw: str, line: int, meta: Meta, topic: str) -> dict[str, Any] | None:
        """Parse one question's text (escapes hidden); return Question fields, or None when skipped."""
        title, raw = self.title_and_rest(raw, line)
        fields: dict[str, Any] = {
            "title": title,
            "topic": topic,
            "tags": tuple(meta.tags),
            "source": meta.source,
            "line": line,
        }
        start, end = self.answer_block(raw, line)
        self.text_format = self.question_format(raw, start)
        fields["text_format"] = self.text_format
        if start < 0:
            prompt = self.text_part(raw, "moodle")
            if not prompt:
                self.fail(line, "the question has no text")
            return fields | {"kind": Kind.DESCRIPTION, "prompt": prompt, "explanation": "", "points": 0.0}
        fmt, before = self.formatted(raw[:start], "moodle")
        block, after = raw[start + 1 : end].strip(), raw[end + 1 :]
        explanation = ""
        feedback_at = block.rfind("####")
        if feedback_at >= 0:
            explanation = self.text_part(block[feedback_at + 4 :], fmt)
            block = block[:feedback_at].strip()
        if not block:
            self.warn(line, "an essay question ({}) was skipped because essays cannot be graded automatically")
            return None
        fields = fields | self.answers(block, line, fmt)
        fields, prompt = self.prompt(fields, (raw[:start], self.display(before, fmt)), after, fmt, line)
        if not explanation:
            self.warn(line, "the question has no general feedback (####...), so learners get no explanation")
        points = meta.points if meta.points is not None else 1.0
        return fields | {"prompt": prompt, "explanation": explanation, "points": points, "difficulty": meta.difficulty}

    def question_format(self, raw: str, start: int) -> TextFormat:
        """The one format of the question's texts: its text's [format] tag, HTML when any of its parts is [html]."""
        fmt, _ = self.formatted(raw[:start] if start >= 0 else raw, "moodle")
        return TextFormat.HTML if "[html]" in raw else GIFT_FORMATS[fmt]

    def title_and_rest(self, raw: str, line: int) -> tuple[str, str]:
        """Split off a `::title::` (empty when there is none)."""
        if not raw.startswith("::"):
            return "", raw
        end = raw.find("::", 2)
        if end < 0:
            self.fail(
                line, 'the question title opened with "::" is not closed with "::" (write \\: for a literal colon)'
            )
        return re.sub(r"\s+", " ", show(raw[2:end])).strip(), raw[end + 2 :].strip()

    def prompt(
        self, fields: dict[str, Any], before: tuple[str, str], after: str, fmt: str, line: int
    ) -> tuple[dict[str, Any], str]:
        """The question text around the answer block (`before` raw and as shown); a block inside the sentence
        leaves a blank there."""
        (raw_before, text_before), text_after = before, self.display(after, fmt)
        if not text_before and not text_after:
            self.fail(line, "the question has no text")
        if not after.strip():
            return fields, text_before
        if fields["kind"] not in (Kind.SINGLE, Kind.SHORT):
            return fields, _glue(raw_before, MISSING_WORD, after, text_before, text_after)
        # Missing word: single choice and short answer become a cloze with the blank where the block was.
        if _BLANKS.search(text_before) or _BLANKS.search(text_after):
            self.fail(line, "the text contains {{n}}, which marks the blanks of a missing-word question; reword it")
        return self.as_cloze(fields, line), _glue(raw_before, BLANK_MARKER, after, text_before, text_after)

    def answer_block(self, raw: str, line: int) -> tuple[int, int]:
        """Positions of the one `{` and `}` (-1, -1 for a description); every brace mistake is an error."""
        start = end = -1
        for brace in _BRACE.finditer(raw):
            index, char = brace.start(), brace.group()
            if char == "{":
                if start >= 0 and end < 0:
                    self.fail(line, 'a "{" inside the answer block (write \\{ for a literal brace)')
                if end >= 0:
                    self.fail(
                        line,
                        "the question has more than one answer block {...}; separate questions with a blank line "
                        "(or write \\{ \\} for literal braces)",
                    )
                start = index
            elif char == "}":
                if start < 0 or end >= 0:
                    self.fail(line, 'a "}" closes no answer block (write \\} for a literal brace)')
                end = index
        if start >= 0 and end < 0:
            self.fail(
                line,
                'the answer block "{" is not closed with "}" '
                "(a blank line ends a question: is there one inside the block?)",
            )
        return start, end

    # The file -------------------------------------------------------------------------------------------

    def category(self, raw: str, line: int) -> list[str]:
        path = show(raw[len("$CATEGORY:") :]).strip().replace("//", "\0")
        parts = [p.replace("\0", "/").strip() for p in path.split("/")]
        parts = [p for p in parts if p]
        had_context = False
        while parts and _CONTEXT.match(parts[0]):
            parts.pop(0)
            had_context = True
        if had_context and parts and parts[0] == "top":
            parts.pop(0)
        if not parts:
            self.error(line, "the $CATEGORY line names no category")
        return parts

    def parse(self, text: str, bank_id: str) -> Parsed:
        """Read every block of the file in order, then build the bank (or raise BankError listing every mistake)."""
        self.title = self.topic = ""
        self.seen_question = False
        self.drafts: list[tuple[dict[str, Any], Meta]] = []
        self.pending = Meta()  # what comment-only blocks said about the next question
        for block in split_blocks(replace_reserved(text.removeprefix("\ufeff"))):
            if not block.lines:  # comments only: they describe the next question
                self.read_comments(block.comments, self.pending)
                continue
            lines = self.category_block(block) if block.lines[0][1].upper().startswith("$CATEGORY:") else block.lines
            if lines:
                self.question_block(lines, block.comments)
        if self.pending.lines:
            self.warn(self.pending.lines[0], "this comment's [id:], [tag:] or other setting is followed by no question")
        return self.bank(bank_id)

    def category_block(self, block: Block) -> list[tuple[int, str]]:
        """Apply a `$CATEGORY:` line; return the lines after it (a question Moodle would swallow), if any."""
        number, first = block.lines[0]
        if not first.startswith("$CATEGORY:"):
            self.error(number, 'write "$CATEGORY:" in capitals')
            return []
        self.read_comments(block.comments, self.pending)
        parts = self.category(hide_escapes(first), number)
        if parts:
            self.topic = parts[-1]
            if not self.seen_question and not self.title:
                self.title = parts[0]
        if len(block.lines) > 1:
            self.warn(
                block.lines[1][0],
                "Moodle needs a blank line after a $CATEGORY line (without one it swallows the next question)",
            )
        return block.lines[1:]

    def question_block(self, lines: list[tuple[int, str]], comments: list[tuple[int, str]]) -> None:
        """Read one question's block with the comments before and in it; keep it unless it is skipped."""
        meta, self.pending = self.pending, Meta()
        self.read_comments(comments, meta)
        self.seen_question = True
        inside = next((n for n, text in lines if text.lstrip().upper().startswith("$CATEGORY:")), None)
        if inside is not None:
            self.error(inside, "a $CATEGORY line must be a block of its own: put a blank line before it")
            return
        raw = hide_escapes("\n".join(line for _, line in lines)).strip()
        try:
            fields = self.question(raw, lines[0][0], meta, self.topic)
        except Skip:
            return
        if fields is not None:
            self.drafts.append((fields, meta))

    def bank(self, bank_id: str) -> Parsed:
        """The bank the questions make, or BankError when any block was wrong."""
        title = self.title or stem_title(self.path, "GIFT questions")
        questions = self.finish(self.drafts, title)
        if not questions and not self.errors:
            self.error(1, "the file contains no questions")
        bank = Bank(
            id=bank_id or self.path, title=title, path=self.path, format="gift", questions=tuple(questions), topic=title
        )
        if self.errors:
            raise BankError(self.problems, partial=bank)
        return Parsed(bank, tuple(sorted(self.problems)))

    def finish(self, drafts: list[tuple[dict[str, Any], Meta]], title: str) -> list[Question]:
        """Give every question its id (explicit ones first, then unique generated ones) and build it."""
        explicit: dict[str, int] = {}
        wanted: list[str | None] = []
        for fields, meta in drafts:
            if meta.id is None:
                wanted.append(None)
                continue
            ident = meta.id
            if not ID_PATTERN.match(ident) or len(ident) > MAX_ID:
                fixed = slugify(ident, MAX_ID) or text_id(ident)
                self.warn(
                    meta.id_line,
                    f'the id "{ident}" may only contain letters, digits, "-", "_" and "."; it was read as "{fixed}"',
                )
                ident = fixed
            if ident in explicit:
                self.error(fields["line"], f'the question id "{ident}" is already used on line {explicit[ident]}')
            explicit.setdefault(ident, fields["line"])
            wanted.append(ident)
        generated = unique_ids(
            [
                slugify(f["title"]) or text_id(f["prompt"])
                for (f, _), w in zip(drafts, wanted, strict=True)
                if w is None
            ],
            set(explicit),
        )
        questions = []
        for fields, _meta in drafts:
            ident = wanted.pop(0) or generated.pop(0)
            fields["topic"] = fields["topic"] or title
            questions.append(Question(id=ident, **fields))
        return questions


def _glue(before: str, marker: str, after: str, text_before: str, text_after: str) -> str:
    """Put the blank marker where the block was, keeping one space on each side if there was one."""
    left = text_before + (" " if before[-1:].isspace() and text_before else "")
    right = (" " if after[:1].isspace() and text_after else "") + text_after
    return f"{left}{marker}{right}"


def parse_gift(text: str, path: str, bank_id: str = "") -> Parsed:
    """Parse a GIFT file; raise BankError listing every mistake (file, line where the question starts, what)."""
    return _Reader(path).parse(text, bank_id)
