"""Friendly error pages that leak nothing; the 503 page while the database is down."""

from __future__ import annotations

import sqlite3

import pytest
from flask import abort
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError

from mentormatch import create_app
from mentormatch.core.dbhealth import engine_options
from mentormatch.core.errors import InvalidTransitionError
from mentormatch.extensions import db
from tests.factories import make_user

SECRET = "SELECT password_hash FROM user_account WHERE email='x' /work/main/app.py"
LEAKS = [b"Traceback", b"SELECT", b"password_hash", b"/work/", b".py", b"sqlalchemy"]


@pytest.fixture
def app_config(request, tmp_path):
    """Errors reach the handlers (no propagation); outage tests get a file database."""
    config = {"PROPAGATE_EXCEPTIONS": False}
    if "outage" in request.fixturenames:
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'outage.db'}"
    return config


def fail(code: int):
    def view():
        if code == 409:
            raise InvalidTransitionError("This request was already answered.")
        if code == 500:
            raise RuntimeError(SECRET)
        abort(code)

    return view


@pytest.fixture
def failing(app):
    """Register /fail/<code> routes on this app only (before its first request)."""
    for code in (400, 403, 404, 409, 413, 429, 500):
        app.add_url_rule(f"/fail/{code}", f"fail_{code}", fail(code))
    return app.test_client()


@pytest.mark.parametrize(
    ("code", "title"),
    [
        (400, b"Bad request"),
        (403, b"Not allowed"),
        (404, b"Not found"),
        (409, b"This request was already answered."),
        (413, b"Too large"),
        (429, b"Too many attempts"),
        (500, b"Something went wrong"),
    ],
)
def test_error_pages_friendly_and_leak_nothing(failing, code, title):
    response = failing.get(f"/fail/{code}")
    assert response.status_code == code
    assert response.mimetype == "text/html"
    assert title in response.data
    assert b"Back to the start" in response.data
    for leak in LEAKS:
        assert leak not in response.data


def test_500_logged_but_not_shown(failing, caplog):
    response = failing.get("/fail/500")
    assert response.status_code == 500
    assert any("unhandled error on GET /fail/500" in r.message for r in caplog.records)


def test_error_json_when_asked(failing):
    response = failing.get("/fail/500", headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert response.json == {
        "error": "Something went wrong",
        "message": "An unexpected error occurred. It has been logged.",
        "status": 500,
    }


def test_error_page_survives_a_broken_layout(app, failing, caplog):
    from jinja2 import ChoiceLoader, DictLoader

    broken = DictLoader({"errors/error.html": "{{ url_for('no.such.endpoint') }}"})
    app.jinja_env.loader = ChoiceLoader([broken, app.jinja_env.loader])
    response = failing.get("/fail/404")
    assert response.status_code == 404
    assert b"There is nothing here" in response.data
    assert any("could not render" in r.message for r in caplog.records)


def test_unknown_page_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"There is nothing here" in response.data


def test_wrong_method_405(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert b"Method not allowed" in response.data
    assert "POST" in response.headers["Allow"]


def test_request_over_size_cap_413(app, client, session):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post(
        "/login", data={"email": "a@example.org", "password": "x" * 4096}
    )
    assert response.status_code == 413
    assert b"larger than this site accepts" in response.data
    small = client.post("/login", data={"email": "a@example.org", "password": "x" * 20})
    assert small.status_code == 400


def test_size_cap_from_environment(monkeypatch):
    monkeypatch.setenv("MENTORMATCH_MAX_CONTENT_LENGTH", "2097152")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024


def test_size_cap_on_by_default_and_fits_the_csv_import(app, client):
    from mentormatch.admin.services.csv_import import MAX_BYTES

    cap = app.config["MAX_CONTENT_LENGTH"]
    assert MAX_BYTES + 64 * 1024 <= cap <= 4 * 1024 * 1024
    # An anonymous 4 MB body is refused before anything reads it in full.
    response = client.post(
        "/login",
        data=b"email=a%40example.org&password=" + b"x" * (4 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert b"larger than this site accepts" in response.data


# --- engine options ----------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://u@h/db", "postgresql://u@h/db", "postgres://u@h/db"]
)
def test_engine_options_postgres_timeouts(url):
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    }
    config |= {"DB_STATEMENT_TIMEOUT_MS": 5000, "DB_LOCK_TIMEOUT_MS": 3000}
    options = engine_options(config)
    assert options["pool_pre_ping"] is True
    assert options["connect_args"] == {
        "options": "-c statement_timeout=5000 -c lock_timeout=3000"
    }
    assert "connect_args" not in config["SQLALCHEMY_ENGINE_OPTIONS"]


def test_engine_options_sqlite_untouched():
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db", "DB_STATEMENT_TIMEOUT_MS": 5}
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
    assert engine_options(config) == {"pool_pre_ping": True}


def test_engine_options_timeout_zero_switches_off():
    config = {
        "SQLALCHEMY_DATABASE_URI": "postgresql://h/db",
        "DB_STATEMENT_TIMEOUT_MS": 0,
    }
    config["DB_LOCK_TIMEOUT_MS"] = 3000
    assert engine_options(config)["connect_args"]["options"] == "-c lock_timeout=3000"


@pytest.mark.postgres
def test_postgres_sessions_carry_timeouts(app, session):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    assert session.scalar(db.text("SHOW statement_timeout")) == "5s"
    assert session.scalar(db.text("SHOW lock_timeout")) == "3s"


# --- database outage ---------------------------------------------------------


class Outage:
    """Switch the app's database off and on: pooled connections die, new ones fail."""

    def __init__(self, engine):
        self.down = False
        event.listen(engine, "do_connect", self._connect)
        event.listen(engine, "checkout", self._checkout)

    def switch(self, *, down: bool) -> None:
        self.down = down
        # Each real request gets a fresh session; the fixture keeps one app context.
        db.session.remove()

    def _connect(self, dialect, conn_rec, cargs, cparams):
        if self.down:
            raise sqlite3.OperationalError("unable to open database file")
        return None

    def _checkout(self, dbapi_conn, conn_rec, conn_proxy):
        if self.down:  # what pool_pre_ping sees when the server went away
            raise DisconnectionError("server closed the connection")


@pytest.fixture
def outage(app):
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    switch = Outage(db.engine)
    yield switch
    switch.switch(down=False)


def test_healthz_503_while_down_then_200_without_restart(client, outage):
    assert client.get("/healthz").status_code == 200
    outage.switch(down=True)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == 503
    assert response.json["error"] == "Temporarily unavailable"
    assert response.headers["Retry-After"]
    outage.switch(down=False)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_member_page_503_while_down(client, session, login, outage):
    make_user(session, email="me@example.org")
    login("me@example.org")
    outage.switch(down=True)
    response = client.get("/account")
    assert response.status_code == 503
    assert b"The database is not answering" in response.data
    for leak in LEAKS:
        assert leak not in response.data
    outage.switch(down=False)
    assert client.get("/account").status_code == 200
