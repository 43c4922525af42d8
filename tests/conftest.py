"""Shared fixtures: app, session, client, runner and a login helper."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask, g
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from mentormatch import create_app
from mentormatch.config import database_url
from mentormatch.core.catalog import ensure_catalogue
from mentormatch.extensions import db
from tests.factories import TEST_PASSWORD


def test_database_url() -> str:
    """Use DATABASE_URL when CI sets it (PostgreSQL pass), else in-memory SQLite."""
    if os.environ.get("DATABASE_URL"):
        return database_url("/nonexistent")
    return "sqlite://"


def is_postgres() -> bool:
    return test_database_url().startswith("postgresql")


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
        db.drop_all()
        db.create_all()
        ensure_catalogue(db.session)
        yield app
        # A refresher thread some tests start must not outlive its database: a
        # leaked one polls dropped tables for the rest of the run.
        app.extensions["mentor_index"].close()
        db.session.remove()
        db.drop_all()
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
