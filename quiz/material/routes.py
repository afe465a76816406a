"""The study material, served as readable pages that questions link to ("Read more")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, send_file
from werkzeug.wrappers import Response

from quiz.bank.material.sections import sections
from quiz.bank.moodle.files import IMAGE_SUFFIXES, MAX_IMAGE_BYTES
from quiz.markup import render_document

bp = Blueprint("material", __name__, url_prefix="/material", template_folder="templates")


def _folder() -> Path:
    return Path(current_app.config["QUESTIONS_DIR"]) / "material"


# Pages are read once and re-read only when a file's mtime or size changes (keyed per folder).
_CACHE: dict[Path, tuple[tuple[tuple[str, int, int], ...], list[dict[str, Any]]]] = {}


def _pages() -> list[dict[str, Any]]:
    folder = _folder()
    paths = [p for p in sorted(folder.glob("*.md")) if p.name.lower() != "readme.md"]
    signature = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    cached = _CACHE.get(folder)
    if cached is None or cached[0] != signature:
        cached = _CACHE[folder] = (signature, _read_pages(paths))
    return cached[1]


def _read_pages(paths: list[Path]) -> list[dict[str, Any]]:
    pages = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        found = sections(text)
        title = next((s.title for s in found if s.level == 1), path.stem.replace("-", " ").capitalize())
        pages.append({"slug": path.stem, "title": title, "text": text, "sections": [s for s in found if s.level == 2]})
    return pages


@bp.get("/")
def index() -> str:
    return render_template("material/index.html", pages=_pages())


@bp.get("/<slug>")
def page(slug: str) -> str:
    found = next((p for p in _pages() if p["slug"] == slug), None)
    if found is None:
        abort(404)
    return render_template(
        "material/page.html", title=found["title"], body=render_document(found["text"]), sections=found["sections"]
    )


@bp.get("/question-image")
def question_image() -> Response:
    """A question's image (`?bank=<bank id>&name=<path beside the bank>`), from the questions folder only."""
    root = Path(current_app.config["QUESTIONS_DIR"]).resolve()
    bank_id, name = request.args.get("bank", ""), request.args.get("name", "")
    wanted = (root / bank_id).parent / name
    try:
        path = wanted.resolve(strict=True)
    except (OSError, RuntimeError):
        abort(404)
    # resolve() follows symlinks and "..", so this is the one check that the file is inside the folder.
    if not path.is_relative_to(root) or path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
        abort(404)
    if path.stat().st_size > MAX_IMAGE_BYTES:
        abort(404)
    return send_file(path, max_age=3600)
