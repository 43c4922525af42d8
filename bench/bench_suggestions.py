"""Latency of the suggestions page (GET /matches) with 10k mentors, against /healthz.

Run: ``python bench/bench_suggestions.py [--mentors 10000] [--requests 300]
[--database-url postgresql://...] [--http] [--profile]``.

Seeds a temporary SQLite database (or the empty database at ``--database-url``;
a database this script seeded before is reused) with the demo population, logs
in as the demo mentee and times the page in-process with Flask's test client
(the app's own time), or through a real server on 127.0.0.1 with ``--http``.
Prints the index build time (first request), p50/p95/p99 of /matches, filtered
variants and /healthz, the cost of the first request after a profile edit (the
incremental refresh; a full refit there is a FAIL), the load average, and PASS
when /matches p95 is under the target.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import logging
import os
import pstats
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
from sqlalchemy import select, update

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mentormatch import create_app  # noqa: E402
from mentormatch.core.models import Profile, utcnow  # noqa: E402
from mentormatch.demo.services.seed import (  # noqa: E402
    DEMO_MENTEE,
    DEMO_MENTEE_EMAIL,
    DEMO_PASSWORD,
    AlreadySeededError,
    seed_demo,
)
from mentormatch.extensions import db  # noqa: E402
from mentormatch.matching import MentorIndex  # noqa: E402
from mentormatch.suggestions.services import recommendations

TARGET_MS = 100.0
Get = Callable[[str], tuple[int, bytes]]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=10_000)
    parser.add_argument("--mentees", type=int, default=300)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--edits", type=int, default=30, help="profile edits timed")
    parser.add_argument("--database-url", help="an empty database (else temp SQLite)")
    parser.add_argument("--http", action="store_true", help="through a real server")
    parser.add_argument("--profile", action="store_true", help="cProfile /matches")
    parser.add_argument("--target-ms", type=float, default=TARGET_MS)
    return parser.parse_args()


def make_app(url: str, mentors: int, mentees: int):
    """The app on `url`, schema migrated and demo data seeded (reused if there)."""
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SECURE_COOKIES": False,
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,  # the bench posts the login form directly
            "SQLALCHEMY_DATABASE_URI": url,
            "LOG_LEVEL": "WARNING",
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        started = time.perf_counter()
        try:
            result = seed_demo(db.session, mentors=mentors, mentees=mentees)
            print(f"seeded {result} in {time.perf_counter() - started:.1f}s")
        except AlreadySeededError:
            print("database already seeded: reusing it")
        count = db.session.scalar(
            select(db.func.count()).where(Profile.offers_mentoring)
        )
        print(f"mentor profiles in the database: {count}")
    return app


def client_get(app) -> Get:
    """GET through Flask's test client, logged in as the demo mentee."""
    client = app.test_client()
    response = client.post(
        "/login", data={"email": DEMO_MENTEE_EMAIL, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.status_code

    def get(path: str) -> tuple[int, bytes]:
        reply = client.get(path)
        return reply.status_code, reply.data

    return get


@contextmanager
def http_get(app) -> Iterator[Get]:
    """GET through werkzeug's server on 127.0.0.1, logged in as the demo mentee."""
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port, cookie = server.server_port, ""

    def call(method: str, path: str, body: str | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": cookie}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        reply = conn.getresponse()
        data, conn_cookie = reply.read(), reply.getheader("Set-Cookie", "")
        conn.close()
        return reply.status, data, conn_cookie

    form = urlencode({"email": DEMO_MENTEE_EMAIL, "password": DEMO_PASSWORD})
    status, _, set_cookie = call("POST", "/login", form)
    assert status == 302, status
    cookie = set_cookie.split(";", 1)[0]
    try:
        yield lambda path: call("GET", path)[:2]
    finally:
        server.shutdown()
        thread.join()


def timed(get: Get, path: str, n: int) -> np.ndarray:
    """Wall and CPU milliseconds of `n` GETs of `path` (each must answer 200), as
    rows [wall, cpu]; CPU time of this process shows the cost without the wait for
    a core when other jobs load the machine."""
    out = np.empty((2, n))
    for i in range(n):
        wall, cpu = time.perf_counter(), time.process_time()
        status, _ = get(path)
        out[:, i] = time.perf_counter() - wall, time.process_time() - cpu
        assert status == 200, (path, status)
    return out * 1e3


def row(label: str, ms: np.ndarray) -> np.ndarray:
    """Print the wall p50/p95/p99 and CPU p50/p95 of `ms` (from `timed`)."""
    p50, p95, p99 = np.percentile(ms[0], [50, 95, 99])
    c50, c95 = np.percentile(ms[1], [50, 95])
    print(
        f"  {label:<42} n={ms.shape[1]:>4} p50={p50:7.2f} p95={p95:7.2f} "
        f"p99={p99:7.2f} | cpu p50={c50:7.2f} p95={c95:7.2f}"
    )
    return ms


@contextmanager
def counting_fits() -> Iterator[dict[str, int]]:
    """Count full fits and one-mentor updates of the index meanwhile."""
    counts = {"fit": 0, "update": 0}
    fit, upd = MentorIndex.fit, MentorIndex.update

    def count_fit(self, *args, **kwargs):
        counts["fit"] += 1
        return fit(self, *args, **kwargs)

    def count_update(self, *args, **kwargs):
        counts["update"] += 1
        return upd(self, *args, **kwargs)

    MentorIndex.fit, MentorIndex.update = count_fit, count_update
    try:
        yield counts
    finally:
        MentorIndex.fit, MentorIndex.update = fit, upd


def edit_cost(app, get: Get, n: int) -> tuple[np.ndarray, dict[str, int]]:
    """Time /matches right after each of `n` edits, each of another mentor."""
    with app.app_context():
        mentor_ids = db.session.scalars(
            select(Profile.user_id).where(Profile.offers_mentoring).limit(n)
        ).all()
    out = np.empty((2, len(mentor_ids)))
    with counting_fits() as counts:
        for i, mentor_id in enumerate(mentor_ids):
            with app.app_context():
                db.session.execute(
                    update(Profile)
                    .where(Profile.user_id == mentor_id)
                    .values(headline=f"Edited for the bench {i}", updated_at=utcnow())
                )
                db.session.commit()
            out[:, i] = timed(get, "/matches", 1)[:, 0]
    return out, counts


def variants(app) -> list[str]:
    """The filtered pages to time (the chapter is one that has mentors)."""
    with app.app_context():
        chapters = recommendations.mentor_chapters(db.session)
    own = DEMO_MENTEE.profile["chapter"]
    chapter = own if own in chapters else chapters[0]
    return [
        "/matches?" + urlencode({"chapter": chapter}),
        "/matches?certification=PgMP",
        "/matches?near=y",
        "/matches?page=2",
    ]


def profile_page(get: Get, n: int) -> None:
    """Print the hottest functions of `n` /matches requests."""
    prof = cProfile.Profile()
    prof.runcall(timed, get, "/matches", n)
    stats = pstats.Stats(prof).strip_dirs().sort_stats("cumulative")
    stats.print_stats(45)


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def warm_up(get: Get) -> None:
    """Fit the index (timed: the first request after a start) and warm caches."""
    build = timed(get, "/matches", 1)[:, 0]
    print(f"first /matches (fits the index): {build[0]:.0f} ms (cpu {build[1]:.0f})")
    shown = get("/matches")[1].count(b"data-mentor-id=")
    assert shown == 10, f"expected a full page of suggestions, got {shown}"
    timed(get, "/matches", 20)
    timed(get, "/healthz", 20)


def run(app, get: Get, args: argparse.Namespace) -> bool:
    """Warm up, time every page, print the table; True when the targets hold."""
    print(f"cores={os.cpu_count()} {load()} (before)")
    warm_up(get)
    n = args.requests
    how = "HTTP on 127.0.0.1" if args.http else "in-process"
    print(f"latency in ms ({how}; cpu = this process's CPU time, client included):")
    matches = row("/matches", timed(get, "/matches", n))
    for path in variants(app):
        row(path, timed(get, path, max(n // 3, 30)))
    health = row("/healthz", timed(get, "/healthz", n))
    edits, counts = edit_cost(app, get, args.edits)
    row("/matches after a profile edit", edits)
    print(f"  edits: {counts['fit']} full refits, {counts['update']} mentor updates")
    (p95, c95), (h95, hc95) = (
        np.percentile(matches, 95, axis=1),
        np.percentile(health, 95, axis=1),
    )
    print(
        f"/matches p95 = {p95:.2f} ms = {p95 / h95:.1f} x /healthz p95 ({h95:.2f} ms)"
    )
    print(f"   cpu: {c95:.2f} ms = {c95 / hc95:.1f} x /healthz cpu p95 ({hc95:.2f} ms)")
    print(f"cores={os.cpu_count()} {load()} (after)")
    ok = p95 < args.target_ms and counts["fit"] == 0
    print(f"{'PASS' if ok else 'FAIL'}: p95 < {args.target_ms:g} ms, no refit on edit")
    if args.profile:
        profile_page(get, max(n // 3, 30))
    return ok


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        app = make_app(url, args.mentors, args.mentees)
        if args.http:
            with http_get(app) as get:
                ok = run(app, get, args)
        else:
            ok = run(app, client_get(app), args)
        with app.app_context():
            db.engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
