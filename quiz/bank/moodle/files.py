"""Files embedded in Moodle XML (`<file name="..." encoding="base64">` beside a text that shows `@@PLUGINFILE@@/name`).

A question's first embedded image in its text becomes its `image`; `import` saves every embedded image beside
the new bank, and a Moodle XML file served from the questions folder has its images served from the file itself.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from quiz.bank.moodle.xmltree import Node, parse_xml

PLUGINFILE = "@@PLUGINFILE@@/"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_IMAGE_BYTES = 2_000_000
_UNSAFE = re.compile(r"[^A-Za-z0-9_. -]+")
_IMG = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']@@PLUGINFILE@@/([^\"']+)[\"'][^>]*>", re.I)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


@dataclass(frozen=True)
class ImageRef:
    """One `<img src="@@PLUGINFILE@@/...">` in a text: where it is, its safe file name and its alt text."""

    start: int
    end: int
    name: str
    alt: str


def safe_file_name(name: str) -> str:
    """A file name that stays in its folder: no path, no leading dot, only plain characters."""
    plain = _UNSAFE.sub("-", unquote(name).rsplit("/", 1)[-1]).strip(" .-")
    return plain or "image"


def image_refs(text: str) -> list[ImageRef]:
    """Every embedded image a text shows (only image files: other `@@PLUGINFILE@@` links are left alone)."""
    refs = []
    for match in _IMG.finditer(text):
        if unquote(match.group(1)).lower().endswith(IMAGE_SUFFIXES):
            alt = _ALT.search(match.group(0))
            said = html.unescape(alt.group(1) if alt and alt.group(1) is not None else alt.group(2) if alt else "")
            refs.append(ImageRef(match.start(), match.end(), safe_file_name(match.group(1)), said.strip()))
    return refs


def _files(node: Node) -> list[Node]:
    return [node] if node.tag == "file" else [f for child in node.children for f in _files(child)]


def file_names(node: Node) -> set[str]:
    """The safe names of the files embedded in an element."""
    return {safe_file_name(file.attrs.get("name", "")) for file in _files(node)}


def embedded_images(node: Node) -> Iterator[tuple[str, bytes]]:
    """(safe name, bytes) of every base64 image file inside an element, within MAX_IMAGE_BYTES."""
    for file in _files(node):
        name = safe_file_name(file.attrs.get("name", ""))
        if file.attrs.get("encoding") != "base64" or not name.lower().endswith(IMAGE_SUFFIXES):
            continue
        try:
            data = base64.b64decode(file.text, validate=False)
        except (binascii.Error, ValueError):
            continue
        if len(data) <= MAX_IMAGE_BYTES:
            yield name, data


def embedded_files(text: str, out_dir: Path) -> list[Path]:
    """Save every embedded image of a Moodle XML file into out_dir (at most MAX_IMAGE_BYTES each); return the paths."""
    saved = []
    for name, data in embedded_images(parse_xml(text, "embedded files")):
        (out_dir / name).write_bytes(data)
        saved.append(out_dir / name)
    return saved


def image_file(name: str, data: bytes) -> str:
    """A `<file>` element embedding an image the way Moodle writes it."""
    return f'<file name="{html.escape(name)}" path="/" encoding="base64">{base64.b64encode(data).decode()}</file>'


def image_tag(name: str, alt: str) -> str:
    """The `<img>` a Moodle text uses to show an embedded file."""
    return f'<img src="{PLUGINFILE}{quote(name)}" alt="{html.escape(alt)}">'
