"""Mail arrives with no command typed: a real consumer, the page, an SMTP server.

The consumer runs in this process (threads), on the embedded SQLite storage and,
when Redis answers, on Redis; the web app queues delivery when it commits mail.
"""

from __future__ import annotations

import os
import re
import signal
import threading
from collections.abc import Iterator
from email.message import Message

import pytest
import redis
from aiosmtpd.controller import Controller

from mentormatch.worker import current_engine
from tests import conftest
from tests.core.test_mail import Inbox, free_port
from tests.factories import make_user

BASE = "http://127.0.0.1:5130"
REDIS_URL = os.environ.get("MENTORMATCH_REDIS_URL") or "redis://127.0.0.1:6379/3"


def redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


class WaitingInbox(Inbox):
    """An inbox that says when a message came in."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        answer = await super().handle_DATA(server, session, envelope)
        self.arrived.set()
        return answer


@pytest.fixture(
    params=[
        "embedded",
        pytest.param(
            "redis",
            marks=[
                pytest.mark.redis,
                pytest.mark.skipif(not redis_up(), reason="Redis is not running"),
            ],
        ),
    ]
)
def storage(request) -> str:
    return str(request.param)


@pytest.fixture
def app_config(storage, tmp_path) -> dict[str, object]:
    url = conftest.test_database_url()
    if url == "sqlite://":  # threads need a database they can all open
        url = f"sqlite:///{tmp_path / 'app.db'}"
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "JOBS_IMMEDIATE": False,
        "JOBS_MAIL_KICK": True,
        "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
        "REDIS_URL": REDIS_URL if storage == "redis" else "",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": free_port(),
        "SMTP_STARTTLS": False,
        "BASE_URL": BASE,
    }


@pytest.fixture
def inbox(app) -> Iterator[WaitingInbox]:
    handler = WaitingInbox()
    controller = Controller(handler, hostname="127.0.0.1", port=app.config["SMTP_PORT"])
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def consumer(app) -> Iterator[object]:
    """A huey consumer on the app's engine, stopped (and signals restored) after."""
    huey = current_engine().huey
    huey.flush()
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    worker = huey.create_consumer(workers=2, periodic=False, max_delay=0.5)
    worker.start()
    yield worker
    worker.stop(graceful=True)
    for sig, handler in saved.items():
        signal.signal(sig, handler)
    huey.flush()


def body_of(message: Message) -> str:
    return message.get_payload(decode=True).decode()


def test_a_reset_asked_for_on_the_page_arrives(app, session, client, inbox, consumer):
    make_user(session, email="ada@example.org")
    answer = client.post("/password/forgot", data={"email": "ada@example.org"})
    assert answer.status_code == 302  # the page answers at once
    assert inbox.arrived.wait(timeout=30), "no email within 30 s"
    (message,) = inbox.messages
    assert message["To"] == "ada@example.org"
    assert re.search(rf"{re.escape(BASE)}/password/reset/\S+", body_of(message))
