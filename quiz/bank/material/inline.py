"""Inline Markdown tokens written back as text to show and text to compare (pure).

Text is kept twice: as Markdown to show (literal characters escaped again, so it displays as
written) and as plain text to compare.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token


@dataclass(frozen=True)
class Text:
    """A piece of material text: as Markdown (for display) and as plain text (for comparing)."""

    md: str
    plain: str


ESCAPE = re.compile(r"([\\`*_\[\]<>~])")
_LINE_START = re.compile(r"^(#{1,6}|[-+*]|\d{1,9}(?=[.)]))(?=[.)]?(\s|$))")
_SPACE = re.compile(r"\s+")


def guard(md: str) -> str:
    """Escape a leading marker that would make the text a heading, list or quote on its own line."""
    if md.startswith(">"):
        return "\\" + md
    match = _LINE_START.match(md)
    if not match:
        return md
    if match.group(1)[0].isdigit():  # "1. x": escape the dot, not the digit
        end = match.end(1)
        return f"{md[:end]}\\{md[end:]}"
    return "\\" + md


def render(tokens: Sequence[Token]) -> Text:
    """Write inline tokens back as Markdown (escaping literal text) and as plain text."""
    md: list[str] = []
    plain: list[str] = []
    links: list[str] = []  # the "](href)" of each open link, written when it closes
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "link_open" and token.markup == "autolink":
            label = tokens[i + 1].content if i + 1 < len(tokens) else str(token.attrs.get("href", ""))
            md.append(f"<{label}>")
            plain.append(label)
            i += 2  # the label and link_close
        elif token.type == "link_open":
            title = token.attrs.get("title")
            links.append(f"]({token.attrs.get('href', '')}" + (f' "{title}"' if title else "") + ")")
            md.append("[")
        elif token.type == "link_close":
            md.append(links.pop() if links else "]")
        else:
            token_md, token_plain = _piece(token)
            md.append(token_md)
            plain.append(token_plain)
        i += 1
    return Text(guard(_SPACE.sub(" ", "".join(md)).strip()), _SPACE.sub(" ", "".join(plain)).strip())


def _piece(token: Token) -> tuple[str, str]:
    """One inline token that is not a link, as (Markdown, plain text); unknown tokens give nothing."""
    kind = token.type
    if kind == "text":
        return ESCAPE.sub(r"\\\1", token.content), token.content
    if kind == "text_special":
        return token.markup, token.content
    if kind in ("softbreak", "hardbreak"):
        return " ", " "
    if kind == "code_inline":
        pad = " " if token.content[:1] == "`" or token.content[-1:] == "`" else ""
        return f"{token.markup}{pad}{token.content}{pad}{token.markup}", token.content
    if kind.endswith(("_open", "_close")) and kind.startswith(("strong", "em", "s_")):
        return token.markup, ""
    if kind == "image":
        return f"![{token.content}]({token.attrs.get('src', '')})", render(token.children or []).plain
    if kind == "html_inline":
        return token.content, ""
    return "", ""
