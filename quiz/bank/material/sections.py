"""Study material files: their sections and the anchors questions cite as `source`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Section:
    """A heading of a material file; `anchor` is what `file#anchor` source references name."""

    anchor: str
    title: str
    level: int
    line: int


def slugify(text: str) -> str:
    """Turn a heading into its anchor: lower case, runs of other characters become one '-'."""
    plain = re.sub(r"[*_`]", "", text).lower()
    return _NOT_SLUG.sub("-", plain).strip("-")


def sections(markdown: str) -> list[Section]:
    """Every heading (levels 1 to 3) outside code blocks, with its anchor and line."""
    found = []
    in_code = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        match = None if in_code else _HEADING.match(line)
        if match:
            title = match.group(2)
            found.append(Section(slugify(title), title, len(match.group(1)), number))
    return found


def material_anchors(folder: Path) -> set[str]:
    """Every `stem` and `stem#anchor` reference the material folder can satisfy."""
    references: set[str] = set()
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        references.add(path.stem)
        for section in sections(path.read_text(encoding="utf-8")):
            references.add(f"{path.stem}#{section.anchor}")
    return references
