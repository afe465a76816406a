"""Files embedded in Moodle XML (`<file name="..." encoding="base64">` beside a text that shows `@@PLUGINFILE@@/name`).

On import each image is saved beside the new bank, under a safe name, and becomes the question's `image`.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path

from quiz.bank.moodle.xmltree import Node, parse_xml

PLUGINFILE = "@@PLUGINFILE@@/"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_IMAGE_BYTES = 2_000_000
_UNSAFE = re.compile(r"[^A-Za-z0-9_. -]+")
_IMG = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']@@PLUGINFILE@@/([^\"']+)[\"'][^>]*>", re.I)
_ALT = re.compile(r"\balt\s*=\s*[\"']([^\"']*)[\"']", re.I)


def safe_file_name(name: str) -> str:
    """A file name that stays in its folder: no path, no leading dot, only plain characters."""
    plain = _UNSAFE.sub("-", name.replace("%20", " ").rsplit("/", 1)[-1]).strip(" .-")
    return plain or "image"


def first_image(html: str) -> tuple[str, str, str]:
    """(text without the first embedded image, its safe file name, its alt text); names empty when there is none."""
    match = _IMG.search(html)
    if match is None or not match.group(1).lower().endswith(IMAGE_SUFFIXES):
        return html, "", ""
    alt = _ALT.search(match.group(0))
    return html[: match.start()] + html[match.end() :], safe_file_name(match.group(1)), alt.group(1) if alt else ""


def _files(node: Node) -> list[Node]:
    return [node] if node.tag == "file" else [f for child in node.children for f in _files(child)]


def embedded_files(text: str, out_dir: Path) -> list[Path]:
    """Save every embedded image of a Moodle XML file into out_dir (at most MAX_IMAGE_BYTES each); return the paths."""
    saved = []
    for file in _files(parse_xml(text, "embedded files")):
        name = safe_file_name(file.attrs.get("name", ""))
        if file.attrs.get("encoding") != "base64" or not name.lower().endswith(IMAGE_SUFFIXES):
            continue
        try:
            data = base64.b64decode(file.text, validate=False)
        except (binascii.Error, ValueError):
            continue
        if len(data) <= MAX_IMAGE_BYTES:
            (out_dir / name).write_bytes(data)
            saved.append(out_dir / name)
    return saved
