"""Question images, found in the questions folder only: a file beside the bank, or an image embedded in the
bank's own Moodle XML file (decoded once per version of that file, so such a file needs no `import` to show them)."""

from __future__ import annotations

from pathlib import Path

from quiz.bank.errors import BankError
from quiz.bank.loader import MAX_FILE_BYTES
from quiz.bank.moodle.files import IMAGE_SUFFIXES, MAX_IMAGE_BYTES, embedded_images
from quiz.bank.moodle.xmltree import parse_xml

# Moodle XML file -> ((mtime, size), its images by safe name); re-read only when the file changes.
_EMBEDDED: dict[Path, tuple[tuple[int, int], dict[str, bytes]]] = {}


def _inside(root: Path, wanted: Path) -> Path | None:
    """The real file `wanted` names when it is inside `root` and not hidden; None otherwise."""
    try:
        path = wanted.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    # resolve() follows symlinks and "..", so this is the one check that the file is inside the folder.
    if not path.is_relative_to(root) or not path.is_file():
        return None
    if any(part.startswith(".") for part in path.relative_to(root).parts):
        return None
    return path


def image_beside(root: Path, bank_id: str, name: str) -> Path | None:
    """The image file `name` (a path beside the bank) when it is an image of at most MAX_IMAGE_BYTES."""
    path = _inside(root, (root / bank_id).parent / name)
    if path is None or path.suffix.lower() not in IMAGE_SUFFIXES or path.stat().st_size > MAX_IMAGE_BYTES:
        return None
    return path


def embedded_image(root: Path, bank_id: str, name: str) -> bytes | None:
    """The image `name` embedded in the bank's Moodle XML file (`<bank id>.xml` in the folder), or None."""
    path = _inside(root, root / f"{bank_id}.xml")
    if path is None:
        return None
    stat = path.stat()
    if stat.st_size > MAX_FILE_BYTES:
        return None
    signature = (stat.st_mtime_ns, stat.st_size)
    cached = _EMBEDDED.get(path)
    if cached is None or cached[0] != signature:
        try:
            images = dict(embedded_images(parse_xml(path.read_text("utf-8-sig"), path.name)))
        except (BankError, UnicodeDecodeError):
            images = {}
        cached = _EMBEDDED[path] = (signature, images)
    return cached[1].get(name)
