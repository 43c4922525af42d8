"""Shared fixtures: app, session, client, runner and a login helper."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask, g
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from mentormatch import create_app
from mentormatch.config import database_url
from mentormatch.core.catalog import ensure_catalogue
from mentormatch.core.models.changes import COUNTERS_AT_ZERO
from mentormatch.extensions import db
from tests.factories import TEST_PASSWORD


def test_database_url() -> str:
    """Use DATABASE_URL when CI sets it (PostgreSQL pass), else in-memory SQLite."""
    if os.environ.get("DATABASE_URL"):
        return database_url("/nonexistent")
    return "sqlite://"


def is_postgres() -> bool:
    return test_database_url().startswith("postgresql")


# Everything a test could change about the schema: columns and their types,
# indexes, constraints and triggers of the current schema's relations.
SCHEMA_FINGERPRINT = text(
    """
    SELECT md5(coalesce(string_agg(item, ',' ORDER BY item), '')) FROM (
      SELECT c.relname || '.' || a.attname || ':' || c.relkind::text
             || ':' || format_type(a.atttypid, a.atttypmod)
             || ':' || a.attnotnull::text AS item
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace = current_schema()::regnamespace
         AND a.attnum > 0 AND NOT a.attisdropped
      UNION ALL
      SELECT conname || ':' || pg_get_constraintdef(oid) FROM pg_constraint
       WHERE connamespace = current_schema()::regnamespace
      UNION ALL
      SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal
    ) AS schema_items
    """
)
SEQUENCES = text(
    "SELECT relname FROM pg_class"
    " WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace"
)
_built: dict[str, object] = {}  # the fingerprint and sequences of the last create_all


def fresh_tables() -> None:
    """Empty tables and a fresh catalogue for one test, in the current app context.

    On PostgreSQL, drop_all + create_all cost 0.45 s a test (some 15 minutes a
    pass), so while the schema is the one create_all last built, its rows are
    deleted instead (0.04 s), sequences restarted and the counters put back at
    zero. A test that changed the schema (a migration, a drop) changes the
    fingerprint, and the next one rebuilds it in full.
    """
    postgres = db.engine.dialect.name == "postgresql"  # some tests use a file
    if postgres and _built.get("fingerprint") == db.session.scalar(SCHEMA_FINGERPRINT):
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.execute(COUNTERS_AT_ZERO)
        if _built["sequences"]:
            restarts = ", ".join(
                f"setval('{name}', 1, false)" for name in _built["sequences"]
            )
            db.session.execute(text(f"SELECT {restarts}"))
        db.session.commit()
    else:
        db.session.remove()
        db.drop_all()
        db.create_all()
        if postgres:
            _built["fingerprint"] = db.session.scalar(SCHEMA_FINGERPRINT)
            _built["sequences"] = list(db.session.scalars(SEQUENCES))
            db.session.commit()
    ensure_catalogue(db.session)


def drop_tables() -> None:
    """After a test: drop the schema on SQLite; PostgreSQL's is emptied by the next."""
    db.session.remove()
    if db.engine.dialect.name != "postgresql":
        db.drop_all()


@pytest.fixture
def app_config() -> dict[str, object]:
    """Override per test module to change settings before the app is built."""
    return {}


@pytest.fixture
def app(app_config: dict[str, object], tmp_path: object) -> Iterator[Flask]:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": test_database_url(),
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret",
        "RATELIMIT_ENABLED": False,
        **app_config,
    }
    app = create_app(config)

    @app.before_request
    def forget_cached_user() -> None:
        # The fixture keeps one app context pushed, so `g` outlives a request and
        # Flask-Login's cached user would leak between test clients.
        for name in ("_login_user", "admin_program", "admin_programs"):
            g.pop(name, None)

    with app.app_context():
        fresh_tables()
        yield app
        # A refresher thread some tests start must not outlive its database: a
        # leaked one polls dropped tables for the rest of the run.
        app.extensions["mentor_index"].close()
        drop_tables()
        db.engine.dispose()


@pytest.fixture
def session(app: Flask) -> Session:
    return db.session


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def login(client: FlaskClient) -> Callable[..., TestResponse]:
    """Return a helper that logs a user in through the real login form."""

    def do_login(email: str, password: str = TEST_PASSWORD) -> TestResponse:
        return client.post("/login", data={"email": email, "password": password})

    return do_login
