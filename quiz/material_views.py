"""The study material, served as readable pages that questions link to ("Read more")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, render_template

from quiz.bank.material import sections
from quiz.markup import render_document

bp = Blueprint("material", __name__, url_prefix="/material")


def _folder() -> Path:
    return Path(current_app.config["QUESTIONS_DIR"]) / "material"


def _pages() -> list[dict[str, Any]]:
    pages = []
    for path in sorted(_folder().glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
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
