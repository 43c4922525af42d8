"""Session lifetime: idle and absolute timeouts, and a fresh CSRF token at login."""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, g, request, session
from flask_login import logout_user, user_loaded_from_cookie, user_logged_in

from mentormatch.core.models import User
from mentormatch.core.roles import is_any_admin
from mentormatch.extensions import db

SEEN, STARTED, ADMIN = "_seen", "_started", "_admin"
TIMED_OUT = "Your session timed out. Please log in again."


def _limits(is_admin: bool) -> tuple[float, float]:
    """(idle, absolute) limits in seconds for an admin or a member."""
    config = current_app.config
    role = "ADMIN" if is_admin else "MEMBER"
    return (
        float(config[f"{role}_IDLE_TIMEOUT"]),
        float(config[f"{role}_ABSOLUTE_TIMEOUT"]),
    )


def start_session(user: object, remember: bool) -> None:
    """A new login: new CSRF token (a token seen before login is void), new clocks."""
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)
    session[SEEN] = session[STARTED] = time.time()
    # Noted here so that the check needs no database query on every request.
    # Program admins count as admins: they see members' data within their programs.
    session[ADMIN] = isinstance(user, User) and is_any_admin(db.session(), user)
    session.permanent = remember  # else the cookie ends with the browser


def timed_out(now: float) -> bool:
    """Tell whether the session is past a limit (else note `now` as last seen).

    A session without the role noted gets the stricter admin limits.
    """
    idle, absolute = _limits(bool(session.get(ADMIN, True)))
    seen = float(session.get(SEEN, now))
    started = float(session.get(STARTED, now))
    if now - seen > idle or now - started > absolute:
        return True
    session[SEEN] = now
    session.setdefault(STARTED, started)
    return False


def init_sessions(app: Flask) -> None:
    """Rotate the CSRF token at every login; log out idle or too old sessions."""

    @user_logged_in.connect_via(app)
    def on_login(sender: Flask, user: object, **extra: object) -> None:
        start_session(user, bool(session.get("_remember") == "set"))

    @user_loaded_from_cookie.connect_via(app)
    def on_remembered(sender: Flask, user: object, **extra: object) -> None:
        start_session(user, True)  # the remember cookie itself expires at 14 days

    @app.before_request
    def enforce_timeouts() -> None:
        if request.endpoint == "static" or "_user_id" not in session:
            return
        if timed_out(time.time()):
            logout_user()  # also clears a remember-me cookie
            for key in (SEEN, STARTED, ADMIN, "csrf_token"):
                session.pop(key, None)
            flash(TIMED_OUT, "info")
