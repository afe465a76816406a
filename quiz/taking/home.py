"""The home page's bank sections, rendered once per catalog instead of on every visit (the page's largest part)."""

from __future__ import annotations

from flask import current_app, request
from jinja2 import Template
from markupsafe import Markup

from quiz.bank.loader import Catalog
from quiz.taking import listing

# The sections depend only on the catalog (a reload makes a new one), the template (a new object when it is edited
# and auto-reloaded; each app has its own) and the mount point of the links. One catalog at a time is kept.
_last: tuple[Template, Catalog, dict[str, Markup]] | None = None
_MOST = 256  # script roots come from the server's environment; a bound keeps a misbehaving proxy harmless


def bank_sections_html(catalog: Catalog) -> Markup:
    """The HTML of the home page's bank sections and its note on question file problems (cached per catalog)."""
    global _last
    template = current_app.jinja_env.get_template("taking/_bank_sections.html")
    cached = _last
    if cached is None or cached[0] is not template or cached[1] is not catalog:
        cached = _last = (template, catalog, {})
    by_root = cached[2]
    html = by_root.get(request.script_root)
    if html is None:
        if len(by_root) >= _MOST:
            by_root.clear()
        sections = listing.bank_sections(catalog)
        html = by_root[request.script_root] = Markup(
            template.render(sections=sections, problem_count=len(catalog.errors))
        )
    return html
