"""One structured log line per request (JSON or text), with a request id."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from typing import Any

from flask import Flask, Response, g, request

log = logging.getLogger("mentormatch.request")

# Accept a caller's id only when it is short and plain, so it cannot forge log lines.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id() -> str:
    """Return the id of the current request: the caller's X-Request-ID or a new one."""
    given = request.headers.get("X-Request-ID", "")
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex


def current_user_id() -> int | None:
    """Return the logged-in user's id if this request already loaded the user."""
    user = g.get("_login_user")  # never load it here: no query after the response
    if user is not None and getattr(user, "is_authenticated", False):
        return user.user_id
    return None


def request_record(response: Response) -> dict[str, Any]:
    """Describe the finished request: no query string, form body or cookies."""
    started = g.get("request_started", time.perf_counter())
    return {
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        "user_id": current_user_id(),
        "request_id": g.get("request_id") or request_id(),
    }


def format_record(record: dict[str, Any], style: str) -> str:
    """Render a request record as one JSON object or one `key=value` text line."""
    if style == "json":
        return json.dumps(record, separators=(",", ":"))
    # Strings are quoted, so a path with spaces or newlines stays on one line.
    return " ".join(
        f"{key}={json.dumps(value) if isinstance(value, str) else value}"
        for key, value in record.items()
    )


def _configure_handlers(app: Flask) -> None:
    level = app.config.get("LOG_LEVEL", "INFO")
    logging.basicConfig(level=level)
    if not log.handlers:
        # The request line is the whole message: no level or logger prefix.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(logging.INFO)


def init_logging(app: Flask) -> None:
    """Log every request on `mentormatch.request`; LOG_FORMAT is json or text."""
    style = str(app.config.get("LOG_FORMAT", "json")).lower()
    if not app.testing:
        _configure_handlers(app)

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()
        g.request_id = request_id()

    @app.after_request
    def log_request(response: Response) -> Response:
        record = request_record(response)
        response.headers.setdefault("X-Request-ID", str(record["request_id"]))
        log.info(format_record(record, style), extra={"request": record})
        return response
