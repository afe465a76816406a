"""The study material, served as readable pages that questions link to ("Read more")."""

from __future__ import annotations

import mimetypes
from io import BytesIO
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, send_file
from werkzeug.wrappers import Response

from quiz.bank.material.sections import sections
from quiz.markup import render_document
from quiz.material.images import embedded_image, image_beside

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
    embedded = embedded_image(root, bank_id, name)
    if embedded is not None:
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return send_file(BytesIO(embedded), mimetype=kind, download_name=name, max_age=3600)
    path = image_beside(root, bank_id, name)
    if path is None:
        abort(404)
    return send_file(path, max_age=3600)
