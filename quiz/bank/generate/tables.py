"""The generator's table rules: each cell becomes a single-choice question, the first two columns
matching questions (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from quiz.bank.generate.builder import Builder, slug
from quiz.bank.generate.distractors import MIN_DISTRACTORS, distractors, gives_away, key, words
from quiz.bank.generate.wording import ask, fact, lower_first, noun, participle, quote, sentence
from quiz.bank.material.blocks import Table, Text
from quiz.bank.model import Kind

MATCHING_ROWS = 4  # at most this many pairs per matching question
Row = tuple[tuple[Text, ...], int]  # a table row's cells and its line in the material
_COMPARISON = frozenset({"feature", "features", "aspect", "aspects", "characteristic", "property", "criterion"})
_TRIVIA = frozenset({"note", "notes", "comment", "comments", "remarks", "other", "details"})
_ORDINALS = frozenset("first second third fourth fifth sixth low medium high yes no none".split())  # noqa: SIM905
_STEPS = frozenset("first second third fourth fifth sixth".split())  # noqa: SIM905
# A scale's first column headed by one of these alone does not say which scale: "grade 3" of what?
_GENERIC_SCALES = frozenset(
    "grade grades stage stages level levels score scores step steps generation generations class phase tier".split()  # noqa: SIM905
)
NEAR = 0.5  # a wrong cell of a scale sharing this share of the key's words may say the same thing


def table(builder: Builder, block: Table) -> None:
    """One single-choice question per cell of each column after the first; then matching questions."""
    headers = block.headers
    if len(headers) < 2:
        return
    comparison = "the first column “{}” lists features, not things: a comparison table"
    if _refused_by_first_header(builder, block, _COMPARISON, "comparison-table", comparison):
        return
    rows = _unique_rows(block, len(headers))
    scale = _is_scale(rows)
    unnamed = "the first column “{}” does not say which scale; name it (“CRS grade”)"
    if scale and _refused_by_first_header(builder, block, _GENERIC_SCALES, "unnamed-scale", unnamed):
        return
    subject = noun(headers[0])
    columns = _columns(builder, block, rows)

    def about(row: tuple[Text, ...]) -> str:
        if scale and subject and words(row[0].plain).isdigit():
            return f"{subject} {row[0].md}"  # "CRS grade 2", "ECOG 3"
        return f"the {subject} {quote(row[0].md)}" if subject else quote(row[0].md)

    def explain(row: tuple[Text, ...], shown: Iterable[int]) -> str:
        facts = "; ".join(fact(headers[c], row[c]) for c in shown if key(row[c]))
        return sentence(f"For {about(row)}: {facts}")

    for column in columns:
        _column(builder, block, (rows, column), (subject, scale), (about, partial(explain, shown=columns)))
    if columns and columns[0] == 1:
        matching(builder, block, rows, subject, explain)


def _column(builder: Builder, block: Table, at: tuple[list[Row], int], kind: tuple[str | None, bool], say: Any) -> None:
    """One single-choice question per cell of a column; a value asked once is not asked again for another row."""
    (rows, column), (subject, scale), (about, explain) = at, kind, say
    header = block.headers[column]
    cells, owners = [row[column] for row, _ in rows], _owners(builder, rows, column, subject)
    asked: set[str] = set()  # the next row's question with the same answer would be its twin
    for row, line in rows:
        prompt = ask(header, about(row))
        if not key(row[column]) or prompt is None:
            continue
        ident = builder.new_id("table", slug(row[0].plain), slug(header.plain))
        if key(row[column]) in asked:
            detail = f"“{row[column].plain}” is already asked for another row: a near-duplicate question"
            builder.refuse(line, ident, "same-answer-as-another-row", detail)
            continue
        asked.add(key(row[column]))
        subjects = _subjects(builder, row[0], subject)
        pool = _apart(builder, (ident, line), row[column], cells) if scale else cells
        where = (block.source, line)
        builder.choice("table", ident, where, prompt, row[column], pool, explain(row), (), subjects, owners)


def _matching_target(block: Table) -> str:
    """What each item is matched to, read from the second column's header."""
    field = noun(block.headers[1])
    if words(block.headers[1].plain).split()[1:2] == ["it"]:  # "Match each checkpoint to where it mainly acts."
        return lower_first(block.headers[1].md)
    if field:
        return f"the {field}" if participle(field) else f"its {field}"  # "the immunotherapy used", "its target"
    return f"what the table gives as {quote(block.headers[1].md)}"


def matching(builder: Builder, block: Table, rows: list[Row], subject: str | None, explain: Any) -> None:
    """Column 1 matched to column 2, a few rows per question."""
    usable = [(row, line) for row, line in rows if key(row[1])]
    prompt = f"Match each {subject or 'item'} to {_matching_target(block)}."
    for number, chunk in enumerate(_chunks(usable, MATCHING_ROWS), start=1):
        ident = builder.new_id("match", slug(block.headers[0].plain), slug(block.headers[1].plain), str(number))
        line = chunk[0][1] if chunk else 0
        if len(chunk) < 2:
            builder.refuse(line, ident, "too-few-rows", "a matching question needs at least 2 rows")
            continue
        rights = [row[1] for row, _ in chunk]
        if any(gives_away(prompt, right) for right in rights):
            builder.refuse(line, ident, "answer-in-prompt", "the prompt gives an answer away")
            continue
        clash = _ambiguous(builder, ident, block, chunk)
        if clash:
            builder.refuse(line, ident, "ambiguous-match", clash)
            continue
        extra = _extra(builder, (ident, line), chunk, [row[1] for row, _ in usable], prompt, subject)
        options = {key(right) for right in rights} | {key(t) for t in extra}
        if len(options) < MIN_DISTRACTORS + 1:
            detail = f"only {len(options)} different answers to choose from, 3 needed"
            builder.refuse(line, ident, "too-few-distractors", detail)
            continue
        builder.add(
            "matching",
            Kind.MATCHING,
            ident,
            block.source,
            prompt=prompt,
            explanation=" ".join(explain(row, [1]) for row, _ in chunk),
            pairs=tuple((row[0].md, row[1].md) for row, _ in chunk),
            distractors=tuple(t.md for t in extra),
        )


def _refused_by_first_header(builder: Builder, block: Table, headers: frozenset[str], rule: str, why: str) -> bool:
    """Refuse the table when its first header is one of `headers`: a comparison table (features down the side, its
    stems cannot read well) or a scale that does not say which ("Grade": of CRS? of CTCAE?). `why` takes the header."""
    first = block.headers[0].plain
    if words(first) not in headers:
        return False
    builder.refuse(block.lines[0] if block.lines else 0, f"table-{slug(first)}", rule, why.format(first))
    return True


def _is_scale(rows: list[Row]) -> bool:
    """Are the rows the steps of a scale ("1", "2", "3" or "First", "Second")? Their cells build on each other."""
    firsts = [words(row[0].plain).split()[:1] for row, _ in rows]
    return len(rows) > 1 and all(f and (f[0].isdigit() or f[0] in _STEPS) for f in firsts)


def _apart(builder: Builder, at: tuple[str, int], answer: Text, cells: list[Text]) -> list[Text]:
    """The cells of a scale's column that do not share most of the answer's words: the step next to it often
    says the same in other words ("High-dose corticosteroids, often intravenous" for grade 3 and 4)."""
    ident, line = at
    own = {w for w in words(answer.plain).split() if len(w) > 3}
    apart = []
    for cell in cells:
        shared = own & set(words(cell.plain).split())
        if key(cell) != key(answer) and own and len(shared) >= NEAR * len(own):
            detail = f"it shares {len(shared)} of the answer's {len(own)} words: it may say the same"
            builder.refuse_option(line, ident, cell.plain, "near-the-answer", detail)
        else:
            apart.append(cell)
    return apart


def _columns(builder: Builder, block: Table, rows: list[Row]) -> list[int]:
    """The columns to ask about: named, not remarks ("Notes", "Other"), which hold no one fact per row, not
    a value ("Grade 3": of what?), and askable without the table."""
    columns = []
    for column, header in enumerate(block.headers[1:], start=1):
        at = (rows[0][1] if rows else 0, f"table-{slug(header.plain)}")
        if _TRIVIA & set(words(header.plain).split()):
            builder.refuse(*at, "remarks-column", f"the column “{header.plain}” holds remarks, not one fact per row")
        elif any(ch.isdigit() for ch in header.plain):
            detail = f"the column “{header.plain}” names a value, not a field: a stem cannot say what it holds"
            builder.refuse(*at, "value-header", detail)
        elif key(header) and ask(header, "x") is None:
            detail = f"the column “{header.plain}” cannot be asked without the table (“it” or “where” of what?)"
            builder.refuse(*at, "header-not-a-question", detail)
        elif key(header):
            columns.append(column)
    return columns


def _owners(builder: Builder, rows: list[Row], column: int, subject: str | None) -> dict[str, list[str]]:
    """Each value of a column (by `key`) and the names of the rows it is given for."""
    owners: dict[str, list[str]] = {}
    for row, _ in rows:
        owners.setdefault(key(row[column]), []).extend(_subjects(builder, row[0], subject))
    return owners


def _subjects(builder: Builder, cell: Text, subject: str | None) -> list[str]:
    """How the material names a row's thing: "Nivolumab" by its names, a bare "2" or "Second" with the column's
    noun ("grade 2", "second generation"), as alone it would match any statement with a 2 in it."""
    bare = words(cell.plain)
    if subject and (len(bare) <= 3 or not any(c.isalpha() for c in bare) or bare in _ORDINALS):
        return [f"{subject} {cell.plain}", f"{cell.plain} {subject}"]
    return builder.corpus.names(cell.plain)


def _extra(
    builder: Builder, at: tuple[str, int], chunk: list[Row], pool: list[Text], prompt: str, subject: str | None
) -> list[Text]:
    """Up to two extra right-hand options, none of them said of a thing of the chunk anywhere in the material."""
    ident, line = at
    rights = [row[1] for row, _ in chunk]
    subjects = [name for row, _ in chunk for name in _subjects(builder, row[0], subject)]
    sound = partial(builder.sound_option, line, ident, answer=rights[0], subjects=subjects)
    return distractors(ident, pool, rights, prompt, sound=sound)[:2]


def _ambiguous(builder: Builder, ident: str, block: Table, chunk: list[Row]) -> str:
    """Why two pairs of a matching question could swap answers ('' when none can)."""
    owners = _owners(builder, chunk, 1, noun(block.headers[0]))
    if _is_scale(chunk):
        for row, line in chunk:
            near = _apart(builder, (ident, line), row[1], [other[1] for other, _ in chunk])
            if len(near) < len(chunk):
                return f"“{row[1].plain}” shares most of its words with another step of the scale"
    for row, _ in chunk:
        names = [words(n) for n in _subjects(builder, row[0], noun(block.headers[0]))]
        for other, _ in chunk:
            unless = [words(n) for n in owners.get(key(other[1]), ())]
            if key(other[1]) != key(row[1]):
                where = builder.corpus.said_with(other[1].plain, names, 1, unless=unless)
                if where:
                    return f"“{other[1].plain}” is also said of “{row[0].plain}” at {where}"
    return ""


def _unique_rows(block: Table, width: int) -> list[Row]:
    """Rows with a first cell, padded to the header's width, with their lines; a repeated first cell is dropped."""
    seen: set[str] = set()
    kept = []
    for row, line in zip(block.rows, block.lines or [0] * len(block.rows), strict=True):
        padded = (*row, *[Text("", "")] * (width - len(row)))[:width]
        if key(padded[0]) and key(padded[0]) not in seen:
            seen.add(key(padded[0]))
            kept.append((padded, line))
    return kept


def _chunks(rows: list[Any], size: int) -> list[list[Any]]:
    """Split into as few chunks of at most `size` as possible, their sizes as even as possible."""
    if not rows:
        return []
    count = -(-len(rows) // size)
    base, extra = divmod(len(rows), count)
    chunks, start = [], 0
    for number in range(count):
        end = start + base + (1 if number < extra else 0)
        chunks.append(rows[start:end])
        start = end
    return chunks
