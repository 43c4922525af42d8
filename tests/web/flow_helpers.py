"""Helpers for the request-flow web tests: logged-in clients, a cast, flashes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from mentormatch import create_app
from mentormatch.core.models import MatchRequest, MatchStatus, User, utcnow
from mentormatch.extensions import db
from tests.conftest import drop_tables, fresh_tables, test_database_url
from tests.factories import make_match_request, make_mentee, make_mentor, make_user


def shared_app() -> Iterator[Flask]:
    """One app and database for a whole module whose tests each make their own people.

    Use as a module-scoped ``app`` override where many small tests would otherwise
    pay for a fresh schema, catalogue and template cache each.
    """
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": test_database_url(),
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test-secret",
            "RATELIMIT_ENABLED": False,
        }
    )

    @app.before_request
    def forget_cached_user() -> None:  # the app context outlives each request
        for name in ("_login_user", "admin_program", "admin_programs"):
            g.pop(name, None)

    with app.app_context():
        fresh_tables()
        yield app
        drop_tables()
        db.engine.dispose()


def client_as(app: Flask, user: User | None) -> FlaskClient:
    """A new test client, logged in as `user` (anonymous when None)."""
    client = app.test_client()
    if user is not None:
        with client.session_transaction() as sess:
            sess["_user_id"] = user.get_id()
            sess["_fresh"] = True
    return client


def flashes(client: FlaskClient) -> list[tuple[str, str]]:
    """The flashed (category, message) pairs waiting in the client's session."""
    with client.session_transaction() as sess:
        return list(sess.get("_flashes", []))


def count(session: Session, model: type, *conds: Any) -> int:
    """How many rows of `model` match `conds`."""
    return int(session.scalar(select(func.count()).select_from(model).where(*conds)))


@dataclass
class Cast:
    """The people of a request: its mentee and mentor, an outsider and an admin."""

    mentee: User
    mentor: User
    other: User
    admin: User


def make_cast(session: Session) -> Cast:
    """Create a mentee, a mentor, another mentee and an admin."""
    return Cast(
        mentee=make_mentee(session, display_name="Mia Mentee"),
        mentor=make_mentor(session, display_name="Otto Mentor"),
        other=make_mentee(session, display_name="Olga Outsider"),
        admin=make_user(session, is_admin=True),
    )


def make_in_state(
    session: Session, cast: Cast, status: MatchStatus, **overrides: Any
) -> MatchRequest:
    """A request from the cast's mentee to its mentor, consistent for `status`."""
    values: dict[str, Any] = {"score": 0.5, "reasons": ["Holds PgMP, your target"]}
    if status != MatchStatus.REQUESTED:
        values["responded_at"] = utcnow() - timedelta(days=1)
    if status in (MatchStatus.ACTIVE, MatchStatus.ENDED):
        values["started_at"] = utcnow()
    if status == MatchStatus.ACTIVE:
        cast.mentor.profile.mentor_slots_used += 1
        cast.mentee.profile.active_pairings += 1
    values.update(overrides)
    return make_match_request(
        session, mentee=cast.mentee, mentor=cast.mentor, status=status, **values
    )


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements the app's engine sends while the block runs."""
    seen: list[str] = []

    def note(conn, cursor, statement, *args):  # noqa: ANN001
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
