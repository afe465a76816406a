"""The app's question catalog: parsed on first use, then refreshed by a cheap mtime check."""

from __future__ import annotations

from flask import Flask

from quiz.bank.loader import CatalogLoader


def init_app(app: Flask) -> None:
    """Attach a CatalogLoader for the configured questions folder (nothing is parsed yet)."""
    app.extensions["quiz_catalog"] = CatalogLoader(
        app.config["QUESTIONS_DIR"], interval=float(app.config["CATALOG_RELOAD_SECONDS"])
    )


def loader(app: Flask) -> CatalogLoader:
    """The app's CatalogLoader."""
    return app.extensions["quiz_catalog"]
