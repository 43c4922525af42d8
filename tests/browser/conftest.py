"""A live server on loopback and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from mentormatch import create_app
from mentormatch.extensions import db
from tests.conftest import drop_tables, fresh_tables, test_database_url
from tests.core.test_mail import free_port

# A port the OS hands out at collection time: fixed numbers collide with
# whatever else runs on the machine.
SMTP_PORT = free_port()
# The live server's port (0: any free port) for a checkout that wants its own.
HTTP_PORT = int(os.environ.get("MENTORMATCH_TEST_HTTP_PORT", "0"))

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's Chromium (never a downloaded browser)."""
    candidate = os.environ.get("MENTORMATCH_CHROMIUM", "/usr/bin/chromium")
    return candidate if Path(candidate).exists() else shutil.which("chromium")


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    url = test_database_url()
    if url == "sqlite://":
        url = "sqlite:///" + str(tmp_path_factory.mktemp("live") / "live.db")
    app = create_app(
        {
            "TESTING": False,
            "ENV_NAME": "development",
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "browser-test",
            "SECURE_COOKIES": False,
            "RATELIMIT_ENABLED": False,
            # Pages catch the index up inline: a journey reads what it just wrote
            # (the refresher thread is tested on its own, tests/suggestions).
            "INDEX_REFRESH_SECONDS": 0,
            # The loopback SMTP server of the `smtp` fixture (no TLS on loopback).
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": SMTP_PORT,
            "SMTP_STARTTLS": False,
        }
    )
    with app.app_context():
        fresh_tables()
    yield app
    app.extensions["mentor_index"].close()  # no thread may outlive the database
    with app.app_context():
        drop_tables()
        db.engine.dispose()


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.messages.append(
            message_from_bytes(envelope.content, policy=default)  # type: ignore[arg-type]
        )
        return "250 OK"


@pytest.fixture(scope="module")
def smtp() -> Iterator[Inbox]:
    """A real SMTP server on loopback that the outbox sender delivers to."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield inbox
    controller.stop()


def deliver_outbox(app: Flask, base_url: str) -> None:
    """Run the outbox sender once, with links pointing at the live server."""
    from mentormatch.core.mail import MailSettings, send_due

    with app.app_context():
        settings = MailSettings.from_config({**app.config, "BASE_URL": base_url})
        report = send_due(db.session, settings)
        assert report.sent >= 1, report


def closing_body(app: Any) -> Any:
    """The WSGI app with each response body closed as soon as it is sent (or
    dropped), not only in werkzeug's ``finally``: after the body, the dev
    server drains the request socket, and when the browser has already reset
    a request it no longer wants (a favicon mid-navigation) that read raises
    before the body's ``close()``, leaving a static file to the garbage
    collector: an unclosed-file warning, an error under this suite's
    filterwarnings."""

    def wrapped(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        body = app(environ, start_response)
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return wrapped


@pytest.fixture(scope="module")
def live_url(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", HTTP_PORT, closing_body(live_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI; `make test` installs it")
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
