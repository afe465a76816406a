"""Security headers on every response: pages, redirects, static files and error pages alike."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, Response, abort, current_app, request

# No inline script or style anywhere: everything comes from /static.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Sent only when the app is configured for HTTPS (QUIZ_HTTPS=1): over plain HTTP it would be ignored,
# and on a development machine it would pin localhost to HTTPS for a year.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    return response


def _refuse_non_utf8_forms() -> None:
    """A form body whose bytes (raw or %-escaped) are not UTF-8 is refused with a 400.

    Werkzeug would otherwise drop such a form silently or keep the escapes as literal text.
    Reading the body here caches it, so the form is still parsed from it afterwards.
    """
    if request.mimetype != "application/x-www-form-urlencoded":
        return
    body = request.get_data(cache=True)
    try:
        unquote_to_bytes(body.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        abort(400, description="The form contained text that is not valid UTF-8.")


def init_app(app: Flask) -> None:
    """Add the security headers to every response; check form encodings before anything reads a form."""
    app.after_request(_headers)
    # First of all before-request hooks: CSRF protection reads the form, and it must read a checked one.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_non_utf8_forms)
