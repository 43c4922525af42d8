"""Serving cost of /matches at 10k and 100k members, with and without edits.

Run: ``python bench/bench_serving.py --database-url postgresql://postgres@127.0.0.1/h_scale
[--sizes 10000,100000] [--seconds 20] [--port 5180]``.

For each size it builds (or reuses) the database ``<name>_<size>`` with the demo
population (bulk inserts), serves it with gunicorn (4 sync workers, loopback),
warms every worker's index, then runs a bounded load: client threads looping on
``/matches`` as logged-in mentees and one probe on ``/healthz``; once quiet, once
while the bench edits 10 mentor profiles a second. Database cost per request is
the CPU time of the server's PostgreSQL backends (from /proc) and their active
time (pg_stat_database), divided by the requests served; the workers' own CPU
per request shows what edits add to a page where latency is too noisy to tell;
the rows read by sequential scans per request show whether a page scans a table
that grows with the membership. Ratios 100k/10k and edits/quiet are printed
against the targets.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import secrets
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import Engine, make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import Browser, Stats, percentile, start_server  # noqa: E402
from mentormatch.core.models import Profile, User  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
FLAT_TARGET = 1.5  # DB cost per /matches, 100k against 10k
EDIT_TARGET = 1.3  # /matches p95 with 10 edits a second, against without


@dataclass
class Phase:
    """What one measured phase saw."""

    stats: Stats
    seconds: float
    db_cpu_ms: float
    db_active_ms: float
    app_cpu_ms: float
    seq_rows: int
    edits: int

    def matches(self) -> list[float]:
        return self.stats.latencies["GET /matches"]

    def per_request(self, total: float) -> float:
        return total / max(len(self.matches()), 1)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL; a prefix")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seconds", type=float, default=20.0, help="per phase")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--edits-per-second", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=5180)
    parser.add_argument("--max-requests", type=int, default=20_000, help="per phase")
    return parser.parse_args()


def size_url(base: str, size: int) -> str:
    url = make_url(base)
    return url.set(database=f"{url.database}_{size // 1000}k").render_as_string(
        hide_password=False
    )


def build(url: str, size: int) -> None:
    """Create, migrate and seed the database for `size` members (reused if seeded)."""
    admin = create_engine(
        make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    name = make_url(url).database
    with admin.connect() as conn:
        if not conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    from flask_migrate import upgrade

    from mentormatch import create_app
    from mentormatch.demo.services.seed import AlreadySeededError, seed_demo
    from mentormatch.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        try:
            mentees = max(size // 10, 300)
            result = seed_demo(db.session, mentors=size - mentees, mentees=mentees)
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            print(f"  seeded {result} in {time.perf_counter() - started:.0f} s")
        except AlreadySeededError:
            print("  database already seeded: reusing it")


def mentee_emails(engine: Engine, n: int) -> list[str]:
    stmt = (
        select(User.email)
        .join(User.profile)
        .where(Profile.wants_mentor, User.is_active)
        .order_by(User.user_id)
        .limit(n)
    )
    with engine.connect() as conn:
        return list(conn.scalars(stmt))


def mentor_ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(
            conn.scalars(select(Profile.user_id).where(Profile.offers_mentoring))
        )


def cpu_ticks(pid: int) -> int:
    """utime + stime of one process, in clock ticks (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def worker_ticks(master: int) -> int:
    """CPU of the gunicorn workers (the master's children) so far."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sum(cpu_ticks(int(pid)) for pid in children)


def db_counters(engine: Engine, exclude: set[int]) -> dict[str, Any]:
    """CPU ticks per backend of this database, its active time and seq-scan rows."""
    with engine.connect() as conn:
        pids = conn.scalars(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).all()
        active = conn.scalar(
            text(
                "SELECT active_time FROM pg_stat_database"
                " WHERE datname = current_database()"
            )
        )
        seq = conn.scalar(text("SELECT sum(seq_tup_read) FROM pg_stat_user_tables"))
    ticks = {pid: cpu_ticks(pid) for pid in set(pids) - exclude}
    return {"ticks": ticks, "active": float(active or 0), "seq": int(seq or 0)}


def login_all(port: int, emails: list[str], stats: Stats) -> list[Browser]:
    browsers = []
    for email in emails:
        browser = Browser(port, stats)
        if browser.login(email) not in (200, 302, 303):
            raise SystemExit(f"login failed for {email}")
        browsers.append(browser)
    return browsers


def warm_up(port: int, browsers: list[Browser], workers: int) -> None:
    """Rounds of parallel /matches until every worker answers fast (index built)."""
    deadline = time.monotonic() + 900
    started = time.monotonic()
    fast = 0
    while time.monotonic() < deadline and fast < 3:
        stats = Stats()
        threads = []
        for b in browsers[: workers * 2]:
            b.stats = stats
            threads.append(
                threading.Thread(
                    target=b.call, args=("GET", "/matches", "GET /matches")
                )
            )
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        slowest = max(stats.latencies["GET /matches"])
        fast = fast + 1 if slowest < 1500 else 0
    print(f"  warm-up (index build in each worker) {time.monotonic() - started:.0f} s")


def client(
    browser: Browser, stop: float, limit: list[int], lock: threading.Lock
) -> None:
    while time.monotonic() < stop:
        with lock:
            if limit[0] <= 0:
                return
            limit[0] -= 1
        browser.call("GET", "/matches", "GET /matches")


def probe(port: int, stats: Stats, stop: float) -> None:
    browser = Browser(port, stats)
    while time.monotonic() < stop:
        browser.call("GET", "/healthz", "GET /healthz")
        time.sleep(0.2)


def edit_loop(url: str, mentors: list[int], rate: float, shared: Any) -> None:
    """Edit mentor profiles at `rate` a second (own process, so that its CPU does
    not hold the client's GIL) until `shared.stop` (a monotonic time)."""
    from mentormatch import create_app
    from mentormatch.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    rng = random.Random(17)
    with app.app_context():
        shared.pid.value = int(db.session.scalar(text("SELECT pg_backend_pid()")))
        db.session.commit()
        shared.ready.set()
        shared.go.wait()
        next_at = time.monotonic()
        while time.monotonic() < shared.stop.value:
            # One UPDATE per edit (the ORM's per-object work would only add client
            # CPU on this shared machine); the session's hooks number it as usual.
            db.session.execute(
                update(Profile)
                .where(Profile.user_id == rng.choice(mentors))
                .values(
                    years_experience=1 + (Profile.years_experience + 1) % 40,
                    headline=f"Edited {secrets.token_hex(3)}",
                )
            )
            db.session.commit()
            shared.done.value += 1
            next_at += 1 / rate
            time.sleep(max(0.0, next_at - time.monotonic()))
        db.session.remove()


class Editor:
    """A separate process that edits mentor profiles during one phase."""

    def __init__(self, url: str, mentors: list[int], rate: float) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.pid, self.done = ctx.Value("i", 0), ctx.Value("i", 0)
        self.stop = ctx.Value("d", float("inf"))
        self.ready, self.go = ctx.Event(), ctx.Event()
        self.process = ctx.Process(target=edit_loop, args=(url, mentors, rate, self))
        self.process.start()
        if not self.ready.wait(120):
            raise SystemExit("the editing process did not start")

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "process"}

    def start(self, stop: float) -> None:
        self.stop.value = stop
        self.go.set()

    def join(self) -> int:
        self.process.join(timeout=60)
        return int(self.done.value)


def measure(
    engine: Engine, port: int, browsers: list[Browser], args, editor: Editor | None
) -> Phase:
    stats = Stats()
    for b in browsers:
        b.stats = stats
    exclude = {int(editor.pid.value)} if editor else set()
    with engine.connect() as conn:
        exclude.add(int(conn.scalar(text("SELECT pg_backend_pid()"))))
    before, app_before = db_counters(engine, exclude), worker_ticks(args.master)
    stop = time.monotonic() + args.seconds
    limit, lock = [args.max_requests], threading.Lock()
    threads = [
        threading.Thread(target=client, args=(b, stop, limit, lock))
        for b in browsers[: args.clients]
    ]
    threads.append(threading.Thread(target=probe, args=(port, stats, stop)))
    started = time.monotonic()
    if editor:
        editor.start(stop)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - started
    edits = editor.join() if editor else 0
    time.sleep(1.5)  # backends report active time once idle for a moment
    after, app_after = db_counters(engine, exclude), worker_ticks(args.master)
    ticks = sum(v - before["ticks"].get(pid, 0) for pid, v in after["ticks"].items())
    return Phase(
        stats,
        seconds,
        db_cpu_ms=ticks * 1000 / TICK,
        db_active_ms=after["active"] - before["active"],
        app_cpu_ms=(app_after - app_before) * 1000 / TICK,
        seq_rows=after["seq"] - before["seq"],
        edits=edits,
    )


def show(label: str, phase: Phase) -> None:
    m, h = phase.matches(), phase.stats.latencies["GET /healthz"]
    errors = sum(len(e) for e in phase.stats.errors.values())
    print(
        f"  {label:7} /matches n={len(m):5d} {len(m) / phase.seconds:6.1f} req/s "
        f"p50 {percentile(m, 50):6.1f} p95 {percentile(m, 95):6.1f} ms | "
        f"/healthz p50 {percentile(h, 50):5.1f} p95 {percentile(h, 95):5.1f} ms | "
        f"app cpu {phase.per_request(phase.app_cpu_ms):5.1f} "
        f"DB cpu {phase.per_request(phase.db_cpu_ms):5.2f} active "
        f"{phase.per_request(phase.db_active_ms):5.2f} ms/req, seq rows/req "
        f"{phase.per_request(phase.seq_rows):9.0f} | edits {phase.edits} "
        f"errors {errors}"
    )


def run_size(args, size: int) -> dict[str, Phase]:
    url = size_url(args.database_url, size)
    print(f"{size} members on {make_url(url).database}:", flush=True)
    build(url, size)
    engine = create_engine(url)
    env = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        "MENTORMATCH_ENV_NAME": "production",
        "MENTORMATCH_SECURE_COOKIES": "false",
        "MENTORMATCH_RATELIMIT_ENABLED": "false",
    }
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench_serving_{size}.log"
    server = start_server(env, args.port, args.workers, log, timeout=900)
    args.master = server.pid
    try:
        browsers = login_all(
            args.port, mentee_emails(engine, args.workers * 2), Stats()
        )
        warm_up(args.port, browsers, args.workers)
        phases = {"quiet": measure(engine, args.port, browsers, args, None)}
        editor = Editor(url, mentor_ids(engine), args.edits_per_second)
        phases["edits"] = measure(engine, args.port, browsers, args, editor)
        for label, phase in phases.items():
            show(label, phase)
    finally:
        server.terminate()
        server.wait(timeout=60)
        engine.dispose()
    return phases


def ratio(label: str, value: float, target: float) -> bool:
    ok = value <= target
    print(
        f"  {label:44} {value:5.2f}x (target <= {target}x) {'PASS' if ok else 'FAIL'}"
    )
    return ok


def main() -> int:
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {size: run_size(args, size) for size in sizes}
    print("summary:")
    ok = True
    for size, phases in results.items():
        quiet, edits = phases["quiet"], phases["edits"]
        ok &= ratio(
            f"{size}: /matches p95 with edits / without",
            percentile(edits.matches(), 95) / percentile(quiet.matches(), 95),
            EDIT_TARGET,
        )
        ok &= ratio(
            f"{size}: app+DB cpu per /matches with edits / without",
            (edits.per_request(edits.app_cpu_ms + edits.db_cpu_ms))
            / max(quiet.per_request(quiet.app_cpu_ms + quiet.db_cpu_ms), 1e-9),
            EDIT_TARGET,
        )
        probe = [p.stats.latencies["GET /healthz"] for p in (edits, quiet)]
        print(
            f"  {size}: /healthz p95 with edits / without (machine noise) "
            f"{percentile(probe[0], 95) / percentile(probe[1], 95):.2f}x"
        )
    if len(sizes) > 1:
        small, big = results[sizes[0]]["quiet"], results[sizes[-1]]["quiet"]
        ok &= ratio(
            f"DB cpu per /matches {sizes[-1]} / {sizes[0]}",
            big.per_request(big.db_cpu_ms)
            / max(small.per_request(small.db_cpu_ms), 1e-9),
            FLAT_TARGET,
        )
        active = big.per_request(big.db_active_ms) / max(
            small.per_request(small.db_active_ms), 1e-9
        )
        p95 = percentile(big.matches(), 95) / percentile(small.matches(), 95)
        print(
            f"  DB active time per /matches {sizes[-1]} / {sizes[0]}: {active:.2f}x; "
            f"p95 {p95:.2f}x"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
