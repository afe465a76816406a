"""Links every page has (stylesheets, script, the site menu): built once per mount point, not on every page."""

from __future__ import annotations

from flask import request, url_for

_BUILT: dict[tuple[str, str, str | None], str] = {}
_MOST = 256  # script roots come from the server's environment; a bound keeps a misbehaving proxy harmless


def site_url(endpoint: str, filename: str | None = None) -> str:
    """`url_for` of an endpoint that takes no arguments (or a static file's name), remembered per script root."""
    key = (request.script_root, endpoint, filename)
    url = _BUILT.get(key)
    if url is None:
        if len(_BUILT) >= _MOST:
            _BUILT.clear()
        url = _BUILT[key] = url_for(endpoint, filename=filename) if filename else url_for(endpoint)
    return url
