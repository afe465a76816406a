"""Read Markdown study material into the blocks questions are made from (pure).

markdown-it-py does the parsing; this module walks its tokens once and keeps, in document order,
glossary entries, plain bulleted lists, tables and the sentences of ordinary paragraphs, each
with the `file#anchor` source of the section it sits in. Text is kept twice (`inline.Text`):
as Markdown to show (literal characters escaped again) and as plain text to compare.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

from quiz.bank.material.inline import ESCAPE, Text, guard, render
from quiz.bank.material.sections import sections

# text_join is off so escapes and entities stay separate tokens we can write back as written.
_MD = MarkdownIt("commonmark", {"html": False}).enable("table").disable("text_join")


@dataclass(frozen=True)
class Entry:
    """A `**Term**: definition` list item; `group` numbers its list, `glossary` is true under a glossary heading."""

    term: Text
    definition: Text
    source: str
    group: int = 0
    glossary: bool = False
    line: int = 0  # where the entry starts in the material file
    aliases: tuple[str, ...] = ()  # other names of the term: `**Term** (also: A, B): definition`


@dataclass(frozen=True)
class BulletList:
    """A plain bulleted list and the nearest heading above it."""

    heading: Text | None
    items: tuple[Text, ...]
    source: str
    lines: tuple[int, ...] = ()  # each item's line in the material file


@dataclass(frozen=True)
class Table:
    """A pipe table: its header row and body rows (rows may be shorter or longer than the header)."""

    headers: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]
    source: str
    lines: tuple[int, ...] = ()  # each body row's line in the material file


# A sentence is a run of pieces: (Markdown, plain text, bold?).
Piece = tuple[str, str, bool]


@dataclass(frozen=True)
class Paragraph:
    """An ordinary paragraph (not in a list or table), cut into sentences."""

    sentences: tuple[tuple[Piece, ...], ...]
    source: str
    lines: tuple[int, ...] = ()  # each sentence's first line in the material file


Block = Entry | BulletList | Table | Paragraph


@dataclass
class Material:
    """A material file: its title (the first `#` heading) and its blocks in document order."""

    title: str
    blocks: list[Block]


def _closing(tokens: Sequence[Token], start: int) -> int:
    """Index of the token that closes the block opened at `start`."""
    opener = tokens[start]
    closer = opener.type.replace("_open", "_close")
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == closer and tokens[index].level == opener.level:
            return index
    return len(tokens) - 1


def _glossary_entry(children: Sequence[Token], source: str, line: int) -> Entry | None:
    """`**Term**: definition` (or `**Term:** definition`, or a dash instead of the colon);
    `**Term** (also: A, B): definition` declares the term's aliases."""
    tokens = [t for t in children if not (t.type == "text" and not t.content)]
    if not tokens or tokens[0].type != "strong_open":
        return None
    end = next((i for i, t in enumerate(tokens) if t.type == "strong_close" and t.level == tokens[0].level), None)
    if end is None:
        return None
    term = render(tokens[1:end])
    rest = render(tokens[end + 1 :])
    aliases, rest = _aliases(rest)
    raw = rest.md.lstrip("\\")  # render escaped a leading "-" or "+"
    if term.md.endswith(":"):
        term = Text(term.md[:-1].rstrip(), term.plain[:-1].rstrip())
    elif raw[:1] in (":", "—", "–", "-"):
        rest = Text(raw[1:].strip(), rest.plain[1:].strip())
    else:
        return None
    if not _has_words(term.plain) or not _has_words(rest.plain):
        return None
    return Entry(term, Text(guard(rest.md), rest.plain), source, line=line, aliases=aliases)


_ALSO = re.compile(r"^\(also:\s*(?P<names>[^()]*)\)\s*(?=[:—–-]|\\-)", re.IGNORECASE)


def _aliases(rest: Text) -> tuple[tuple[str, ...], Text]:
    """Split "(also: A, B): definition" into the aliases and the rest; names are separated by commas, or by
    semicolons when one holds a comma ("indoleamine 2,3-dioxygenase; IDO1")."""
    in_plain, in_md = _ALSO.match(rest.plain), _ALSO.match(rest.md)
    if not in_plain or not in_md:
        return (), rest
    listed = in_plain["names"]
    names = tuple(n.strip() for n in listed.split(";" if ";" in listed else ",") if _has_words(n))
    return names, Text(rest.md[in_md.end() :], rest.plain[in_plain.end() :])


def _list_items(tokens: Sequence[Token], start: int, end: int) -> list[tuple[Sequence[Token], int]]:
    """The inline tokens of each item's first paragraph, with its line (nested lists are left out)."""
    items = []
    level = tokens[start].level + 1
    for index in range(start + 1, end):
        token = tokens[index]
        if token.type == "list_item_open" and token.level == level:
            following = tokens[index + 1 : index + 3]
            if len(following) == 2 and following[0].type == "paragraph_open" and following[1].type == "inline":
                items.append((following[1].children or [], _line(token)))
    return items


def _line(token: Token) -> int:
    """The 1-based line a block token starts on (0 when markdown-it does not say)."""
    return token.map[0] + 1 if token.map else 0


def _table(tokens: Sequence[Token], start: int, end: int, source: str) -> Table:
    rows: list[tuple[Text, ...]] = []
    lines: list[int] = []
    row: list[Text] = []
    for token in tokens[start:end]:
        if token.type == "tr_open":
            row = []
            lines.append(_line(token))
        elif token.type == "inline":
            row.append(render(token.children or []))
        elif token.type == "tr_close":
            rows.append(tuple(row))
    return Table(rows[0], tuple(rows[1:]), source, tuple(lines[1:]))


_GLOSSARY_HEADING = re.compile(r"\b(glossary|definitions?|key terms|terminology|vocabulary)\b", re.IGNORECASE)
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+")
_ABBREVIATIONS = {"e.g", "i.e", "mt", "dr", "st", "vs", "no", "fig", "ca", "cf", "al", "approx", "mr", "mrs", "ms"}


def _split_text(text: str, last: bool) -> list[str]:
    """Split literal text where a sentence ends; '' marks each break."""
    parts: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()].split()
        word = before[-1].casefold().rstrip(".") if before else ""
        after = text[match.end() : match.end() + 1]
        if (len(word) == 1 and word.isalpha()) or word in _ABBREVIATIONS or after.islower():
            continue
        if not after and last:
            break
        parts += [text[start : match.end()], ""]
        start = match.end()
    parts.append(text[start:])
    return parts


def _sentences(children: Sequence[Token]) -> tuple[tuple[tuple[Piece, ...], ...], tuple[int, ...]]:
    """Cut a paragraph into sentences, with the line offset each starts on; a bold span at the top level is
    one piece marked bold."""
    pieces: list[tuple[Piece | None, int]] = []  # None marks a sentence break; the int counts line breaks before
    tokens = list(children)
    breaks = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("text", "softbreak", "hardbreak"):
            j = i
            text = ""
            while j < len(tokens) and tokens[j].type in ("text", "softbreak", "hardbreak"):
                text += tokens[j].content if tokens[j].type == "text" else "\n"
                j += 1
            for part in _split_text(text, last=j == len(tokens)):
                flat = part.replace("\n", " ")
                pieces.append(((ESCAPE.sub(r"\\\1", flat), flat, False) if part else None, breaks))
                breaks += part.count("\n")
            i = j
            continue
        end = _closing(tokens, i) if token.type in ("strong_open", "link_open", "em_open") else i
        rendered = render(tokens[i : end + 1])
        if token.type == "strong_open":
            pieces.append(((rendered.md, render(tokens[i + 1 : end]).plain, True), breaks))
        else:
            pieces.append(((rendered.md, rendered.plain, False), breaks))
        breaks += sum(t.type in ("softbreak", "hardbreak") for t in tokens[i : end + 1])
        i = end + 1
    return _group(pieces, breaks)


def _group(
    pieces: list[tuple[Piece | None, int]], breaks: int
) -> tuple[tuple[tuple[Piece, ...], ...], tuple[int, ...]]:
    """Pieces and sentence breaks (None) as sentences, each with the line offset of its first words."""
    sentences: list[tuple[Piece, ...]] = []
    offsets: list[int] = []
    current: list[tuple[Piece, int]] = []
    for piece, offset in [*pieces, (None, breaks)]:
        if piece is not None:
            current.append((piece, offset))
            continue
        started = [n for p, n in current if p[0].strip()]
        if started:
            sentences.append(tuple(p for p, _ in current))
            offsets.append(started[0])
        current = []
    return tuple(sentences), tuple(offsets)


def read_material(markdown: str, stem: str) -> Material:
    """Walk the Markdown tokens once, in order, collecting the blocks questions are made from."""
    tokens = _MD.parse(markdown)
    by_line = {s.line: s for s in sections(markdown)}
    title = ""
    source = stem
    heading: Text | None = None
    open_headings: dict[int, str] = {}  # level -> plain text of the headings enclosing this point
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            text = render(tokens[i + 1].children or [])
            level = int(token.tag[1])
            if level == 1 and not title:
                title = text.plain
            if level <= 3:
                # The anchor as material.sections() sees it, so the source always resolves.
                found = by_line.get(token.map[0] + 1) if token.map else None
                source = f"{stem}#{found.anchor}" if found and level >= 2 and found.level == level else stem
            heading = text
            open_headings = {n: t for n, t in open_headings.items() if n < level} | {level: text.plain}
            i = _closing(tokens, i) + 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            end = _closing(tokens, i)
            if token.type == "bullet_list_open":
                glossary = any(_GLOSSARY_HEADING.search(t) for t in (stem.replace("-", " "), *open_headings.values()))
                blocks.extend(_bullet_list(tokens, (i, end), heading, source, glossary))
            i = end + 1
        elif token.type == "table_open":
            end = _closing(tokens, i)
            blocks.append(_table(tokens, i, end, source))
            i = end + 1
        elif token.type == "paragraph_open":
            blocks.append(_paragraph(tokens[i + 1].children or [], source, _line(token)))
            i = _closing(tokens, i) + 1
        else:
            i += 1
    return Material(title or stem.replace("-", " ").replace("_", " ").capitalize(), blocks)


def _paragraph(children: Sequence[Token], source: str, line: int) -> Paragraph:
    sentences, offsets = _sentences(children)
    return Paragraph(sentences, source, tuple(line + n for n in offsets))


def _bullet_list(
    tokens: list[Token], span: tuple[int, int], heading: Text | None, source: str, glossary: bool
) -> list[Block]:
    """A bulleted list as glossary entries (grouped by the list's first token) or as one BulletList."""
    items = _list_items(tokens, *span)
    entries = [e for e in (_glossary_entry(item, source, line) for item, line in items) if e]
    # A glossary list is mostly entries; one "**Note:** ..." item does not make a list a glossary.
    if entries and 2 * len(entries) >= len(items):
        return [replace(e, group=span[0], glossary=glossary) for e in entries]
    if not items:
        return []
    return [BulletList(heading, tuple(render(item) for item, _ in items), source, tuple(n for _, n in items))]


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
