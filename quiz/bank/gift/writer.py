"""Export to Moodle's GIFT; every question is read back with our GIFT reader and must mean the same.

A question GIFT cannot express (ordering, a cloze with several blanks, regular expressions, a weight
Moodle refuses...) is listed in `skipped` with the reason instead. Texts are tagged with their format
(`[markdown]`, `[html]`, or `[moodle]` for text shown as typed);
ids, tags, points, difficulty and source go in `// [id:...]`-style comments (Moodle reads id and tags,
ignores the rest); topics become `$CATEGORY: <bank title>/<topic>`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from quiz.bank.errors import BankError, CannotExport, Exported
from quiz.bank.gift.reader import parse_gift
from quiz.bank.gift.text import BLANK_MARKER, MOODLE_FRACTIONS, moodle_wildcard
from quiz.bank.model import AcceptedAnswer, Bank, Blank, Kind, NumericAnswer, Question, TextFormat, choice_weights
from quiz.bank.writing import check_meaning, write_each

_GIFT_SPECIAL = str.maketrans({c: "\\" + c for c in "~=#{}:\\"} | {"\n": "\\n", "\r": ""})


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters (and line breaks) so text reads back exactly."""
    return text.translate(_GIFT_SPECIAL)


def _part(text: str) -> str:
    """An answer or feedback text: escaped, and protected from being read as a [format] or %weight%."""
    escaped = gift_escape(text.strip())
    return "[markdown]" + escaped if escaped.startswith(("[", "%")) else escaped


def _number(value: float) -> str:
    if not math.isfinite(value):
        raise CannotExport(f"{value} is not a number GIFT can hold")
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def _percent(fraction: float, what: str) -> str:
    """A weight as GIFT writes it (33.33333), refusing those Moodle's importer would reject."""
    text = f"{round(fraction * 100, 5):.5f}".rstrip("0").rstrip(".")
    text = "0" if text == "-0" else text
    if not any(abs(abs(float(text)) / 100 - allowed) < 1e-5 for allowed in MOODLE_FRACTIONS):
        raise CannotExport(f"Moodle does not accept the weight {text}% ({what}); it takes 100, 90, 83.33333, 80, 75, "
                           "70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, "
                           "5 or 0%, or one of their negatives")  # fmt: skip
    return text


def _feedback(text: str) -> str:
    return "#" + _part(text) if text.strip() else ""


def _accepted(answers: tuple[AcceptedAnswer, ...], what: str) -> list[str]:
    lines = []
    for number, answer in enumerate(answers, start=1):
        weight = "" if answer.credit >= 1.0 else f"%{_percent(answer.credit, f'{what} {number}')}%"
        text = _part(moodle_wildcard(answer))
        if "->" in text:
            raise CannotExport('an answer contains "->", which GIFT would read as a matching question')
        lines.append(f"={weight}{text}{_feedback(answer.feedback)}")
    return lines


def _choice_lines(question: Question) -> list[str]:
    lines = []
    for number, (choice, weight) in enumerate(zip(question.choices, choice_weights(question), strict=True), start=1):
        if question.kind is Kind.SINGLE and choice.correct and abs(weight - 1.0) < 1e-9:
            marker = "="
        elif weight == 0 and not choice.correct:
            marker = "~"
        else:
            marker = f"~%{_percent(weight, f'choice {number}')}%"
        lines.append(f"{marker}{_part(choice.text)}{_feedback(choice.feedback)}")
    return lines


def _numeric_text(answer: NumericAnswer) -> str:
    if answer.min is not None:
        return f"{_number(answer.min)}..{_number(answer.max)}"  # type: ignore[arg-type]
    text = _number(answer.value)  # type: ignore[arg-type]
    return f"{text}:{_number(answer.tolerance)}" if answer.tolerance else text


def _blank_block(blank: Blank) -> list[str]:
    if not blank.choices:
        return _accepted(blank.answers, "answer")
    if any(a.regex for a in blank.answers):
        raise CannotExport("a drop-down blank with a regular-expression answer cannot be written in GIFT")
    credits = {}
    for answer in blank.answers:
        if answer.text not in blank.choices:
            raise CannotExport(f'the answer "{answer.text}" is not one of the blank\'s choices')
        credits[answer.text] = max(credits.get(answer.text, (0.0, ""))[0], answer.credit), answer.feedback
    if not any(credit >= 1.0 for credit, _ in credits.values()):
        raise CannotExport("in GIFT a drop-down blank needs an answer worth 100%")
    lines = []
    for number, choice in enumerate(blank.choices, start=1):
        credit, feedback = credits.get(choice, (0.0, ""))
        marker = "=" if credit >= 1.0 else "~" if credit <= 0 else f"~%{_percent(credit, f'choice {number}')}%"
        lines.append(f"{marker}{_part(choice)}{_feedback(feedback)}")
    return lines


def _bracketed(text: str) -> str:
    return text.replace("]", "\\]")


# Our text format -> the GIFT tag that reads back as it ([moodle] is Moodle's auto-format, shown as typed).
_TAGS = {TextFormat.MARKDOWN: "[markdown]", TextFormat.HTML: "[html]", TextFormat.TEXT: "[moodle]"}


def gift_question(question: Question) -> str:
    """One question in GIFT (comments, title, text, answer block); raise CannotExport when GIFT cannot say it."""
    comments = _comments(question)
    write = _WRITERS.get(question.kind)
    if write is None:
        raise CannotExport(f"GIFT has no {question.kind.value} questions")
    title = question.title.strip()
    head = (f"::{gift_escape(title)}::" if title else "") + _TAGS[question.text_format]
    explanation = f"####{_part(question.explanation)}" if question.explanation.strip() else ""
    return "\n".join([*comments, head + write(question, explanation)])


def _comments(q: Question) -> list[str]:
    """The `// [id:...]`-style comments that carry what GIFT has no syntax for."""
    comments = [f"// [id:{q.id}]"] + [f"// [tag:{_bracketed(t)}]" for t in q.tags]
    if q.scored and q.points != 1.0:
        comments.append(f"// [points:{_number(q.points)}]")
    if q.difficulty:
        comments.append(f"// [difficulty:{q.difficulty.value}]")
    if q.source:
        comments.append(f"// [source:{_bracketed(q.source)}]")
    if any("\n" in c or "\r" in c for c in comments):
        raise CannotExport("a tag or source with a line break cannot be written in a GIFT comment")
    return comments


def _block(prompt: str, lines: list[str], explanation: str) -> str:
    """The text, then the answer block with one answer per indented line."""
    inner = ["\t" + line for line in lines] + (["\t" + explanation] if explanation else [])
    return "\n".join([f"{prompt}{{", *inner, "}"])


def _description(q: Question, explanation: str) -> str:
    if explanation:
        raise CannotExport("a GIFT description has no general feedback to hold its explanation")
    return gift_escape(q.prompt.strip())


def _choices(q: Question, explanation: str) -> str:
    return _block(gift_escape(q.prompt.strip()), _choice_lines(q), explanation)


def _true_false(q: Question, explanation: str) -> str:
    right, wrong = (q.true_feedback, q.false_feedback) if q.answer else (q.false_feedback, q.true_feedback)
    feedback = ""
    if wrong.strip() or right.strip():
        feedback = "#" + _part(wrong) + ("#" + _part(right) if right.strip() else "")
    return f"{gift_escape(q.prompt.strip())}{{{'TRUE' if q.answer else 'FALSE'}{feedback}{explanation}}}"


def _short(q: Question, explanation: str) -> str:
    if q.case_sensitive:
        raise CannotExport("GIFT short answers are never case-sensitive")
    return _block(gift_escape(q.prompt.strip()), _accepted(q.answers, "answer"), explanation)


def _numeric(q: Question, explanation: str) -> str:
    if q.units:
        raise CannotExport("GIFT has no units for numeric answers (Moodle XML has)")
    prompt = gift_escape(q.prompt.strip())
    first, *others = q.numeric
    other = "~" + _feedback(q.other_feedback) if q.other_feedback.strip() else ""
    if not others:
        return f"{prompt}{{#{_numeric_text(first)}{_feedback(first.feedback)}{other}{explanation}}}"
    lines = ["#"] + [
        (f"=%{_percent(a.credit, f'answer {n}')}%" if a.credit < 1.0 else "=")
        + _numeric_text(a)
        + _feedback(a.feedback)
        for n, a in enumerate(q.numeric, start=1)
    ]
    return _block(prompt, lines + ([other] if other else []), explanation)


def _matching(q: Question, explanation: str) -> str:
    lines = []
    for left, right in q.pairs:
        if "->" in left:
            raise CannotExport(f'the item "{left}" contains "->", which GIFT uses between an item and its match')
        lines.append(f"={_part(left)} -> {gift_escape(right.strip())}")
    lines += [f"= -> {gift_escape(d.strip())}" for d in q.distractors]
    return _block(gift_escape(q.prompt.strip()), lines, explanation)


def _cloze(q: Question, explanation: str) -> str:
    if len(q.blanks) != 1:
        raise CannotExport(f"a GIFT missing-word question has one blank (this one has {len(q.blanks)})")
    before, _, rest = q.prompt.strip().partition(BLANK_MARKER)
    if not rest.strip():
        raise CannotExport("the blank ends the prompt, where GIFT reads the answers as an ordinary question")
    inline = " ".join(_blank_block(q.blanks[0]))
    return f"{gift_escape(before)}{{{inline}{explanation}}}{gift_escape(rest)}"


# Kind -> the GIFT text after the title: the question text and its answer block. Ordering has no GIFT form.
_WRITERS: dict[Kind, Callable[[Question, str], str]] = {
    Kind.DESCRIPTION: _description,
    Kind.SINGLE: _choices,
    Kind.MULTIPLE: _choices,
    Kind.TRUE_FALSE: _true_false,
    Kind.SHORT: _short,
    Kind.NUMERIC: _numeric,
    Kind.MATCHING: _matching,
    Kind.CLOZE: _cloze,
}


def _category(bank: Bank, topic: str) -> str:
    parts = [bank.title] if topic == bank.title else [bank.title, topic]
    return "$CATEGORY: " + "/".join(gift_escape(p.strip()).replace("/", "//") for p in parts)


def _written(question: Question, category: str, bank: Bank) -> str:
    """The question in GIFT, once it has been read back and means the same; raise CannotExport if not."""
    text = gift_question(question)
    try:
        parsed = parse_gift(f"{category}\n\n{text}\n", "export.gift")
    except BankError as exc:
        raise CannotExport(
            "GIFT cannot express it: " + "; ".join(p.message for p in exc.problems if p.is_error)
        ) from None
    check_meaning(question, parsed.bank.questions, bank, "GIFT")
    return text


def to_gift(bank: Bank) -> Exported:
    """The bank as a GIFT file Moodle imports; questions GIFT cannot express are skipped, with the reason."""
    written, skipped = write_each(bank, lambda topic: _category(bank, topic), lambda q, c: _written(q, c, bank))
    out: list[str] = []
    current = None
    for category, text in written:
        if category != current:
            out += [category, ""]
            current = category
        out += [text, ""]
    header = [f"// Exported from ImmunoQuiz: {len(bank.questions) - len(skipped)} questions", ""]
    return Exported("\n".join(header + out), skipped)
