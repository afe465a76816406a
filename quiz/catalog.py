"""The app's question catalog: parsed on first use, then refreshed by a cheap mtime check."""

from __future__ import annotations

from flask import Flask, current_app

from quiz.bank.loader import Catalog, CatalogLoader

_KEY = "quiz_catalog"


def init_app(app: Flask) -> None:
    """Attach a CatalogLoader for the configured questions folder (nothing is parsed yet)."""
    app.extensions[_KEY] = CatalogLoader(
        app.config["QUESTIONS_DIR"], interval=float(app.config["CATALOG_RELOAD_SECONDS"])
    )


def loader(app: Flask | None = None) -> CatalogLoader:
    """The CatalogLoader of `app` (the current app when None)."""
    return (app or current_app).extensions[_KEY]


def current_catalog(app: Flask | None = None) -> Catalog:
    """The parsed question banks of `app` (the current app when None), reloaded only when a file changed."""
    return loader(app).catalog()
