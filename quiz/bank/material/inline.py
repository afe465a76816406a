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
    links: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "text":
            md.append(ESCAPE.sub(r"\\\1", token.content))
            plain.append(token.content)
        elif kind == "text_special":
            md.append(token.markup)
            plain.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            md.append(" ")
            plain.append(" ")
        elif kind == "code_inline":
            pad = " " if token.content[:1] == "`" or token.content[-1:] == "`" else ""
            md.append(f"{token.markup}{pad}{token.content}{pad}{token.markup}")
            plain.append(token.content)
        elif kind.endswith(("_open", "_close")) and kind.startswith(("strong", "em", "s_")):
            md.append(token.markup)
        elif kind == "link_open" and token.markup == "autolink":
            href = str(token.attrs.get("href", ""))
            label = tokens[i + 1].content if i + 1 < len(tokens) else href
            md.append(f"<{label}>")
            plain.append(label)
            i += 2  # the label and link_close
        elif kind == "link_open":
            title = token.attrs.get("title")
            links.append(f"]({token.attrs.get('href', '')}" + (f' "{title}"' if title else "") + ")")
            md.append("[")
        elif kind == "link_close":
            md.append(links.pop() if links else "]")
        elif kind == "image":
            md.append(f"![{token.content}]({token.attrs.get('src', '')})")
            plain.append(render(token.children or []).plain)
        elif kind == "html_inline":
            md.append(token.content)
        i += 1
    return Text(guard(_SPACE.sub(" ", "".join(md)).strip()), _SPACE.sub(" ", "".join(plain)).strip())
