"""Time from an event to its email arriving, through the job queue.

For each storage (the embedded SQLite file, and Redis when it answers) the web
side commits an outbox row (the event); the commit queues delivery; a consumer
in this process sends it to a loopback SMTP server. The baseline in the same run
sends synchronously right after the commit (no queue): the floor of the cost.

    .venv/bin/python bench/bench_jobs.py [--events 40] [--redis URL]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import redis
from aiosmtpd.controller import Controller

from mentormatch import create_app
from mentormatch.core.catalog import ensure_catalogue
from mentormatch.core.mail import MailSettings, queue_email, send_due
from mentormatch.core.models import User
from mentormatch.extensions import db


class Arrivals:
    """An SMTP handler that stamps the time each message arrives, by recipient."""

    def __init__(self) -> None:
        self.at: dict[str, float] = {}
        self.cond = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.cond:
            for rcpt in envelope.rcpt_tos:
                self.at[rcpt] = time.perf_counter()
            self.cond.notify_all()
        return "250 OK"

    def wait_for(self, address: str, timeout: float = 60) -> float:
        with self.cond:
            self.cond.wait_for(lambda: address in self.at, timeout)
        return self.at[address]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_app(folder: Path, smtp_port: int, redis_url: str, kick: bool) -> Any:
    return create_app(
        {
            "SECRET_KEY": "bench",
            "ENV_NAME": "development",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'app.db'}",
            "JOBS_IMMEDIATE": False,
            "JOBS_MAIL_KICK": kick,
            "JOBS_SQLITE_PATH": str(folder / "jobs.sqlite3"),
            "REDIS_URL": redis_url,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": smtp_port,
            "SMTP_STARTTLS": False,
            "LOG_LEVEL": "WARNING",
        }
    )


def one_event(app: Any, n: int, label: str) -> str:
    """Commit an outbox email for a new member (what a workflow event does)."""
    session = db.session()
    user = User(email=f"{label}{n}@example.org", password_hash="x")
    session.add(user)
    session.flush()
    queue_email(session, user=user, kind="password_reset", link="/x", minutes=5)
    session.commit()
    return user.email


def measure(label: str, redis_url: str, events: int, queued: bool) -> list[float]:
    port = free_port()
    arrivals = Arrivals()
    smtp = Controller(arrivals, hostname="127.0.0.1", port=port)
    smtp.start()
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp), port, redis_url, kick=queued)
        with app.app_context():
            db.create_all()
            ensure_catalogue(db.session)
            huey = app.extensions["jobs"].huey
            huey.flush()
            consumer = None
            if queued:
                saved = signal.getsignal(signal.SIGINT)
                consumer = huey.create_consumer(
                    workers=2, periodic=False, max_delay=0.5
                )
                consumer.start()
            times = []
            try:
                for n in range(events):
                    start = time.perf_counter()
                    address = one_event(app, n, label)
                    if not queued:
                        send_due(db.session(), MailSettings.from_config(app.config))
                    times.append(arrivals.wait_for(address) - start)
            finally:
                if consumer is not None:
                    consumer.stop(graceful=True)
                    signal.signal(signal.SIGINT, saved)
                huey.flush()
                db.session.remove()
                db.engine.dispose()
    smtp.stop()
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument(
        "--redis",
        default=os.environ.get("MENTORMATCH_REDIS_URL") or "redis://127.0.0.1:6379/3",
    )
    args = parser.parse_args()
    baseline = measure("direct", "", args.events, queued=False)
    rows = [("direct send (baseline)", baseline)]
    rows.append(("queued, embedded SQLite", measure("sqlite", "", args.events, True)))
    try:
        redis.Redis.from_url(args.redis, socket_timeout=1).ping()
    except redis.RedisError:
        print(f"Redis at {args.redis} does not answer: skipped")
    else:
        rows.append(("queued, Redis", measure("redis", args.redis, args.events, True)))
    base = statistics.median(baseline)
    print(f"event -> email delivered, {args.events} events each")
    print(f"{'path':<26} {'p50 ms':>8} {'p95 ms':>8} {'p50/base':>9}")
    for name, times in rows:
        p50, p95 = pct(times, 0.5) * 1000, pct(times, 0.95) * 1000
        print(f"{name:<26} {p50:8.1f} {p95:8.1f} {p50 / (base * 1000):9.1f}x")


if __name__ == "__main__":
    main()
