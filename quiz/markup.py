"""Question and material text to safe HTML: Markdown (raw HTML in it escaped), HTML and plain text, all sanitised.

A question's texts are in its `text_format`: Markdown (our YAML), HTML (Moodle's editor, `[html]` in GIFT) or text
(Moodle's auto-format and `[plain]`: shown as typed, line breaks kept). Every route ends in the same nh3 allow-list.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from quiz.bank.material.sections import slugify
from quiz.bank.model import TextFormat

# Raw HTML in Markdown is shown as text (html=False); nh3 then removes anything unsafe that
# Markdown itself produced, such as javascript: links.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
# No style attributes: the Content-Security-Policy forbids inline styles (table alignment is dropped).
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "*": {"id"}}
_SCHEMES = {"http", "https", "mailto"}
BLANK_OPEN, BLANK_CLOSE = "\ue000", "\ue001"


def _clean(html: str) -> Markup:
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)


@lru_cache(maxsize=8192)
def render_markdown(text: str) -> Markup:
    """Block Markdown to safe HTML (cached: question texts repeat on every page)."""
    return _clean(_md.render(text or ""))


@lru_cache(maxsize=8192)
def render_inline(text: str) -> Markup:
    """Inline Markdown (a choice, an answer) to safe HTML without a wrapping paragraph."""
    return _clean(_md.renderInline(text or ""))


def _text_html(text: str) -> str:
    """Text shown as typed: escaped, each line break kept."""
    return str(escape(text.strip())).replace("\r\n", "\n").replace("\n", "<br>\n")


@lru_cache(maxsize=8192)
def render_text(text: str, text_format: TextFormat = TextFormat.MARKDOWN) -> Markup:
    """A block of question text (a prompt, an explanation) in its format, as safe HTML."""
    if text_format is TextFormat.HTML:
        return _clean(text or "")
    if text_format is TextFormat.TEXT:
        return _clean(f"<p>{_text_html(text or '')}</p>")
    return render_markdown(text)


@lru_cache(maxsize=8192)
def render_text_inline(text: str, text_format: TextFormat = TextFormat.MARKDOWN) -> Markup:
    """A short text (a choice, a feedback) in its format, as safe HTML without a wrapping paragraph."""
    if text_format is TextFormat.HTML:
        return _clean(text or "")
    if text_format is TextFormat.TEXT:
        return _clean(_text_html(text or ""))
    return render_inline(text)


@lru_cache(maxsize=2048)
def render_cloze(prompt: str, text_format: TextFormat = TextFormat.MARKDOWN) -> tuple[tuple[Markup, int | None], ...]:
    """Split a cloze prompt into safe HTML pieces, each followed by the number of the blank after it (or None)."""
    marked = re.sub(r"\{\{(\d+)\}\}", lambda m: f"{BLANK_OPEN}{m.group(1)}{BLANK_CLOSE}", prompt)
    html = str(render_text(marked, text_format))
    pieces: list[tuple[Markup, int | None]] = []
    for chunk in html.split(BLANK_OPEN):
        if BLANK_CLOSE in chunk:
            number, rest = chunk.split(BLANK_CLOSE, 1)
            if pieces:
                before, _ = pieces[-1]
                pieces[-1] = (before, int(number))
            pieces.append((Markup(rest), None))
        else:
            pieces.append((Markup(chunk), None))
    return tuple(pieces)


@lru_cache(maxsize=64)
def render_document(text: str) -> Markup:
    """A material page: like render_markdown, with an id on every heading for `page#section` links."""
    tokens = _md.parse(text or "")
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            token.attrSet("id", slugify(tokens[index + 1].content))
    return _clean(_md.renderer.render(tokens, _md.options, {}))
