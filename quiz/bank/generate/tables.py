"""The generator's table rules: each cell becomes a single-choice question, the first two columns
matching questions (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from quiz.bank.generate.builder import Builder, slug
from quiz.bank.generate.distractors import MIN_DISTRACTORS, distractors, gives_away, key
from quiz.bank.generate.wording import fact, is_plural, noun, quote, sentence
from quiz.bank.material.blocks import Table, Text
from quiz.bank.model import Kind

MATCHING_ROWS = 4  # at most this many pairs per matching question


def table(builder: Builder, block: Table) -> None:
    """One single-choice question per cell of each column after the first; then matching questions."""
    headers = block.headers
    if len(headers) < 2:
        return
    rows = _unique_rows(block.rows, len(headers))
    subject = noun(headers[0])
    columns = [c for c in range(1, len(headers)) if key(headers[c])]

    def about(row: tuple[Text, ...]) -> str:
        return f"the {subject} {quote(row[0].md)}" if subject else quote(row[0].md)

    def explain(row: tuple[Text, ...], shown: Iterable[int]) -> str:
        facts = "; ".join(fact(headers[c], row[c]) for c in shown if key(row[c]))
        return sentence(f"For {about(row)}: {facts}")

    for column in columns:
        header = headers[column]
        field = noun(header)
        cells = [row[column] for row in rows]
        for row in rows:
            if not key(row[column]):
                continue
            if field:
                of = "for" if " of " in f" {field} " else "of"  # not "the role of X of the disease"
                prompt = f"What {'are' if is_plural(field) else 'is'} the {field} {of} {about(row)}?"
            else:
                prompt = f"For {about(row)}, what does the table give as {quote(header.md)}?"
            builder.choice(
                "table",
                builder.new_id("table", slug(row[0].plain), slug(header.plain)),
                block.source,
                prompt,
                row[column],
                cells,
                explain(row, columns),
            )
    if columns and columns[0] == 1:
        matching(builder, block, rows, subject, explain)


def matching(builder: Builder, block: Table, rows: list[tuple[Text, ...]], subject: str | None, explain: Any) -> None:
    """Column 1 matched to column 2, a few rows per question."""
    usable = [row for row in rows if key(row[1])]
    field = noun(block.headers[1])
    to = f"its {field}" if field else f"what the table gives as {quote(block.headers[1].md)}"
    prompt = f"Match each {subject or 'item'} to {to}."
    for number, chunk in enumerate(_chunks(usable, MATCHING_ROWS), start=1):
        ident = builder.new_id("match", slug(block.headers[0].plain), slug(block.headers[1].plain), str(number))
        if len(chunk) < 2:
            builder.skip(block.source, ident, "a matching question needs at least 2 rows")
            continue
        rights = [row[1] for row in chunk]
        if any(gives_away(prompt, right) for right in rights):
            builder.skip(block.source, ident, "the prompt gives an answer away")
            continue
        extra = distractors(ident, [row[1] for row in usable], rights, prompt)[:2]
        options = {key(right) for right in rights} | {key(t) for t in extra}
        if len(options) < MIN_DISTRACTORS + 1:
            builder.skip(block.source, ident, f"only {len(options)} different answers to choose from, 3 needed")
            continue
        builder.add(
            "matching",
            Kind.MATCHING,
            ident,
            block.source,
            prompt=prompt,
            explanation=" ".join(explain(row, [1]) for row in chunk),
            pairs=tuple((row[0].md, row[1].md) for row in chunk),
            distractors=tuple(t.md for t in extra),
        )


def _unique_rows(rows: Iterable[tuple[Text, ...]], width: int) -> list[tuple[Text, ...]]:
    """Rows with a first cell, padded to the header's width; a repeated first cell is dropped."""
    seen: set[str] = set()
    kept = []
    for row in rows:
        padded = (*row, *[Text("", "")] * (width - len(row)))[:width]
        if key(padded[0]) and key(padded[0]) not in seen:
            seen.add(key(padded[0]))
            kept.append(padded)
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
