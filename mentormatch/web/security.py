"""Security headers (strict CSP, no framing, HSTS in production) on every response."""

from __future__ import annotations

from flask import Flask, Response, abort, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from mentormatch.config import is_development

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Every write is an HTML form. Flask-WTF would read a JSON body as form data, and a
# number or a list where a form has text broke validators (a 500 on /login).
FORM_TYPES = frozenset({"", "application/x-www-form-urlencoded", "multipart/form-data"})
NOT_A_FORM = "Send this as a web form (application/x-www-form-urlencoded)."


def security_headers(app: Flask) -> dict[str, str]:
    """Return the headers every response carries under this app's config."""
    headers = {
        "Content-Security-Policy": app.config.get("CONTENT_SECURITY_POLICY") or CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": PERMISSIONS,
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if app.config.get("SESSION_COOKIE_SECURE") and not is_development(app):
        headers["Strict-Transport-Security"] = HSTS
    return headers


def init_security(app: Flask) -> None:
    """Add the headers to every response; trust N proxies when PROXY_FIX_X_FOR > 0."""
    headers = security_headers(app)
    hops = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    @app.before_request
    def refuse_non_form_bodies() -> None:
        if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
            if request.mimetype not in FORM_TYPES:
                abort(415, NOT_A_FORM)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if request.endpoint != "static" and "_user_id" in session:
            # Member pages stay out of shared and back-button caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
