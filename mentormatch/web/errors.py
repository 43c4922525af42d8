"""Friendly error pages (HTML or JSON) that leak nothing."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from mentormatch.core.dbhealth import OUTAGE_ERRORS
from mentormatch.core.errors import WorkflowError
from mentormatch.extensions import db, login_manager

log = logging.getLogger(__name__)

MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Bad request", "The request could not be understood. Please try again."),
    403: ("Not allowed", "You do not have access to this page."),
    404: ("Not found", "There is nothing here. Check the address."),
    405: ("Method not allowed", "That action is not available at this address."),
    409: ("Conflict", "That change is not possible in the current state."),
    413: ("Too large", "What you sent is larger than this site accepts."),
    415: ("Not a form", "Send this as a web form."),
    429: ("Too many attempts", "Too many attempts. Wait a minute and try again."),
    500: ("Something went wrong", "An unexpected error occurred. It has been logged."),
    503: ("Temporarily unavailable", "The database is not answering. Try again soon."),
}


def wants_json() -> bool:
    """Tell whether the client asked for JSON rather than a page."""
    if request.path.startswith("/healthz") or request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(code: int, message: str | None = None) -> ResponseReturnValue:
    """Render the error page (or JSON body) for an HTTP status code."""
    title, default = MESSAGES.get(code, (f"Error {code}", "Something went wrong."))
    text = message or default
    if wants_json():
        return jsonify(error=title, message=text, status=code), code
    try:
        page = render_template(
            "errors/error.html", code=code, title=title, message=text
        )
    except Exception:  # the layout itself failed: still answer plainly, log why
        log.exception("error page %s could not render", code)
        page = render_template(
            "errors/plain.html", code=code, title=title, message=text
        )
    return page, code


def safe_rollback() -> bool:
    """Roll the session back; tell whether the database still answered.

    A handler must never raise: an error inside an error handler escapes Flask and
    gunicorn answers an empty 500. A connection cut mid-request makes the rollback
    itself fail, so that failure means "the database is down" (503).
    """
    try:
        db.session.rollback()
    except SQLAlchemyError:  # the outage errors are SQLAlchemy errors too
        log.warning("rollback failed: the database connection is gone")
        try:
            db.session.remove()  # drop the broken connection, keep the pool
        except Exception:  # noqa: BLE001 - nothing more can be done here
            log.exception("session cleanup failed")
        return False
    return True


def is_outage(err: BaseException) -> bool:
    """Tell whether `err`, or an error that caused it, is a database outage."""
    seen: BaseException | None = err
    for _ in range(5):  # the chain is short; never loop on a cycle
        if seen is None:
            return False
        if isinstance(seen, OUTAGE_ERRORS):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


# PostgreSQL's deadlock and serialization failures: a race lost, not an outage.
CONFLICT_STATES = frozenset({"40P01", "40001"})
RACE_LOST = "Someone else changed this at the same moment. Reload and try again."


def is_conflict(err: BaseException) -> bool:
    """Tell whether a database error is a lost race (deadlock or serialization)."""
    orig = getattr(err, "orig", None)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return state in CONFLICT_STATES


def register_errorhandlers(app: Flask) -> None:
    """Install handlers for HTTP errors, workflow refusals and database outages."""

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> ResponseReturnValue:
        code = err.code or 500
        # Werkzeug's own descriptions are generic; custom ones come from abort().
        custom = err.description if err.description != type(err).description else None
        response = current_app.make_response(error_response(code, custom))
        for name, value in err.get_headers():  # e.g. Allow on 405
            if name.lower() != "content-type":
                response.headers.setdefault(name, value)
        return response

    @app.errorhandler(WorkflowError)
    def workflow_error(err: WorkflowError) -> ResponseReturnValue:
        if not safe_rollback():
            return database_down(err)
        return error_response(err.status_code, str(err))

    def database_down(err: Exception) -> ResponseReturnValue:
        if is_conflict(err) and safe_rollback():
            log.warning("lost a race: %s", err.__class__.__name__)
            return error_response(409, RACE_LOST)
        safe_rollback()
        # Render as a visitor: loading the member would ask the database again.
        g._login_user = login_manager.anonymous_user()
        log.error("database unavailable: %s", err.__class__.__name__)
        response = current_app.make_response(error_response(503))
        response.headers["Retry-After"] = "5"
        return response

    for outage in OUTAGE_ERRORS:
        app.register_error_handler(outage, database_down)

    @app.errorhandler(Exception)
    def internal_error(err: Exception) -> ResponseReturnValue:
        # e.g. PendingRollbackError after the connection died during a flush
        if is_outage(err) or not safe_rollback():
            return database_down(err)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500)
