"""Moodle's text formats and ours: which one a question's texts are shown in, and converting a text between them.

A Moodle question gives every text its own format; ours have one for the whole question. The question takes
HTML when any of its texts is HTML (every other text is escaped into HTML), else the question text's format.
"""

from __future__ import annotations

import html

from quiz.bank.gift.text import markdown_escape
from quiz.bank.model import TextFormat

# Moodle's `format` attribute -> ours. FORMAT_PLAIN and FORMAT_MOODLE are both shown as typed, line breaks kept.
FROM_MOODLE = {
    "html": TextFormat.HTML,
    "moodle_auto_format": TextFormat.TEXT,
    "plain_text": TextFormat.TEXT,
    "markdown": TextFormat.MARKDOWN,
}
TO_MOODLE = {TextFormat.HTML: "html", TextFormat.TEXT: "moodle_auto_format", TextFormat.MARKDOWN: "markdown"}


def question_format(formats: list[TextFormat], text_format: TextFormat) -> TextFormat:
    """The one format of a question whose texts come in `formats`, its question text in `text_format`."""
    return TextFormat.HTML if TextFormat.HTML in formats else text_format


def convert(text: str, source: TextFormat, target: TextFormat) -> str:
    """A text written in `source` as it must be written in `target` to show the same."""
    if source is target or not text:
        return text
    if target is TextFormat.HTML:
        return html.escape(text, quote=False).replace("\n", "<br>\n")
    if target is TextFormat.MARKDOWN:
        return markdown_escape(text)
    return text
