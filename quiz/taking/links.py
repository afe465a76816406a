"""Links every page has (stylesheets, script, the site menu): built once per mount point, not on every page."""

from __future__ import annotations

from types import SimpleNamespace

from flask import request, url_for

_STATIC = {
    "pico": "vendor/pico/pico.classless.min.css",
    "css": "css/app.css",
    "icon": "img/icon.svg",
    "script": "js/quiz.js",
}
_PAGES = {
    "home": "taking.index",
    "material": "material.index",
    "review": "studying.review",
    "progress": "studying.progress",
    "history": "taking.history",
    "problems": "taking.problems",
}
_BUILT: dict[str, SimpleNamespace] = {}
_MOST = 256  # script roots come from the server's environment; a bound keeps a misbehaving proxy harmless


def site_links() -> SimpleNamespace:
    """The URLs of the layout's stylesheets, script and menu as attributes, built once per script root.

    Attributes rather than keys: Jinja tries an attribute first, and a dict's failed attempt raises every time."""
    links = _BUILT.get(request.script_root)
    if links is None:
        if len(_BUILT) >= _MOST:
            _BUILT.clear()
        static = {name: url_for("static", filename=filename) for name, filename in _STATIC.items()}
        pages = {name: url_for(page) for name, page in _PAGES.items()}
        links = _BUILT[request.script_root] = SimpleNamespace(**static, **pages)
    return links
