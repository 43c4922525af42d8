"""Serving cost of /matches at 10k and 100k members, with and without edits.

Run: ``python bench/bench_serving.py --database-url postgresql://postgres@127.0.0.1/h_scale
[--sizes 10000,100000] [--seconds 20] [--port 5180] [--edits-per-second 10]
[--code main=/tmp/main-export --code branch=.] [--repeats 3] [--rounds 2]``.

For each size it builds (or reuses) the database ``<name>_<size>`` with the demo
population (bulk inserts), serves it with gunicorn (4 sync workers, loopback),
warms every worker's index, then runs a bounded load: client threads looping on
``/matches`` as logged-in mentees and one probe on ``/healthz``; phases without
edits and phases while the bench edits mentor profiles (``--edits-per-second``,
10 by default) alternate ``--rounds`` times per server. ``--code LABEL=PATH``
(repeatable) serves each checkout in turn against the same database (an export
of main next to this branch gives before and after in one run), all of them
``--repeats`` times, interleaved, so that the other load on a shared machine
falls on both alike.

Database cost per request is the CPU time of the server's PostgreSQL backends
(from /proc) and their active time (pg_stat_database), divided by the requests
served; the workers' own CPU per request (threads included) is what the app
spends per page, which machine contention does not change much, while latency
is too noisy on a shared machine to tell. "other cores" is the CPU used by every
process outside the bench, its server, its editor and the database backends: the
contention. The rows read by sequential scans per request show whether a page
scans a table that grows with the membership. Ratios 100k/10k and edits/quiet
are printed against the targets, per repeat and as the median of the repeats.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import Engine, make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import BIN, ROOT, Browser, Stats, percentile, start_server  # noqa: E402
from mentormatch.core.models import Profile, User  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
FLAT_TARGET = 1.5  # DB cost per /matches, 100k against 10k
EDIT_TARGET = 1.3  # /matches p95 with 10 edits a second, against without


@dataclass
class Phase:
    """What one measured phase saw (or several phases of one kind, merged)."""

    stats: Stats
    seconds: float
    db_cpu_ms: float
    db_active_ms: float
    app_cpu_ms: float
    seq_rows: int
    edits: int
    other_cpu_ms: float = 0.0
    rounds: int = 1

    def matches(self) -> list[float]:
        return self.stats.latencies["GET /matches"]

    def healthz(self) -> list[float]:
        return self.stats.latencies["GET /healthz"]

    def per_request(self, total: float) -> float:
        return total / max(len(self.matches()), 1)

    def merged(self, other: Phase) -> Phase:
        stats = Stats()
        for source in (self.stats, other.stats):
            for label, values in source.latencies.items():
                stats.latencies[label].extend(values)
            for label, codes in source.errors.items():
                stats.errors[label].extend(codes)
        return Phase(
            stats,
            self.seconds + other.seconds,
            self.db_cpu_ms + other.db_cpu_ms,
            self.db_active_ms + other.db_active_ms,
            self.app_cpu_ms + other.app_cpu_ms,
            self.seq_rows + other.seq_rows,
            self.edits + other.edits,
            self.other_cpu_ms + other.other_cpu_ms,
            self.rounds + other.rounds,
        )


@dataclass
class Run:
    """One server of one checkout: its quiet and its editing phases."""

    quiet: Phase
    edits: Phase
    ratios: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        q, e = self.quiet, self.edits
        self.ratios = {
            "matches_p95": _p95(e.matches()) / _p95(q.matches()),
            "healthz_p95": _p95(e.healthz()) / _p95(q.healthz()),
            "app_cpu": e.per_request(e.app_cpu_ms)
            / max(q.per_request(q.app_cpu_ms), 1e-9),
            "db_cpu": e.per_request(e.db_cpu_ms)
            / max(q.per_request(q.db_cpu_ms), 1e-9),
            "app_db_cpu": e.per_request(e.app_cpu_ms + e.db_cpu_ms)
            / max(q.per_request(q.app_cpu_ms + q.db_cpu_ms), 1e-9),
        }


def _p95(values: list[float]) -> float:
    return percentile(values, 95) if values else float("nan")


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
    parser.add_argument(
        "--code",
        action="append",
        default=[],
        metavar="LABEL=PATH",
        help="a checkout to serve (repeatable; default: this one)",
    )
    parser.add_argument("--repeats", type=int, default=1, help="servers per checkout")
    parser.add_argument(
        "--rounds", type=int, default=1, help="quiet+edits phase pairs per server"
    )
    args = parser.parse_args()
    codes = [c.partition("=") for c in args.code] or [("this", "=", str(ROOT))]
    args.codes = {label: Path(path).resolve() for label, _, path in codes}
    return args


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


def machine_ticks() -> int:
    """Busy CPU of the whole machine so far (every core), in clock ticks."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return user + nice + system + irq + softirq + steal


def own_ticks() -> int:
    """CPU of this bench process (the client threads) so far, in clock ticks."""
    return cpu_ticks(os.getpid())


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
    editor_pids = [editor.process.pid or 0, int(editor.pid.value)] if editor else []
    editor_before = sum(cpu_ticks(pid) for pid in editor_pids)
    machine_before, client_before = machine_ticks(), own_ticks()
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
    machine = machine_ticks() - machine_before
    client_cpu = own_ticks() - client_before
    editor_cpu = sum(cpu_ticks(pid) for pid in editor_pids) - editor_before
    app_cpu = worker_ticks(args.master) - app_before
    edits = editor.join() if editor else 0
    time.sleep(1.5)  # backends report active time once idle for a moment
    after = db_counters(engine, exclude)
    app_after = app_before + app_cpu
    ticks = sum(v - before["ticks"].get(pid, 0) for pid, v in after["ticks"].items())
    # The editor and its backend (left out of the DB cost per page) are ours too.
    others = machine - app_cpu - ticks - client_cpu - editor_cpu
    return Phase(
        stats,
        seconds,
        db_cpu_ms=ticks * 1000 / TICK,
        db_active_ms=after["active"] - before["active"],
        app_cpu_ms=(app_after - app_before) * 1000 / TICK,
        seq_rows=after["seq"] - before["seq"],
        edits=edits,
        other_cpu_ms=max(others, 0) * 1000 / TICK,
    )


def show(label: str, phase: Phase) -> None:
    m, h = phase.matches(), phase.healthz()
    errors = sum(len(e) for e in phase.stats.errors.values())
    print(
        f"  {label:7} /matches n={len(m):5d} {len(m) / phase.seconds:6.1f} req/s "
        f"p50 {percentile(m, 50):6.1f} p95 {percentile(m, 95):6.1f} ms | "
        f"/healthz p50 {percentile(h, 50):5.1f} p95 {percentile(h, 95):5.1f} ms | "
        f"app cpu {phase.per_request(phase.app_cpu_ms):5.1f} "
        f"DB cpu {phase.per_request(phase.db_cpu_ms):5.2f} active "
        f"{phase.per_request(phase.db_active_ms):5.2f} ms/req, seq rows/req "
        f"{phase.per_request(phase.seq_rows):9.0f} | edits "
        f"{phase.edits / phase.seconds:4.1f}/s | other cores "
        f"{phase.other_cpu_ms / phase.seconds / 1000:4.2f} | errors {errors}",
        flush=True,
    )


def build_index(url: str, root: Path, path: Path) -> None:
    """Save the index for the workers to load at start (`flask build-index` of
    that checkout), so that a server starts in seconds, not with four fits."""
    env = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "MENTORMATCH_INDEX_SNAPSHOT": str(path),
        "MENTORMATCH_ENV_NAME": "production",
        "PYTHONPATH": str(root),
    }
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "flask"), "--app", "mentormatch", "build-index"],
        env=env,
        cwd=root,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"  index file for {root} in {time.perf_counter() - started:.0f} s")


def serve_once(args, url: str, size: int, label: str, index_file: Path) -> Run:
    """Start one server of checkout `label`, warm it, alternate the phases."""
    engine = create_engine(url)
    env = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        "MENTORMATCH_ENV_NAME": "production",
        "MENTORMATCH_SECURE_COOKIES": "false",
        "MENTORMATCH_RATELIMIT_ENABLED": "false",
        "MENTORMATCH_INDEX_SNAPSHOT": str(index_file),
    }
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench_serving_{size}_{label}.log"
    root = args.codes[label]
    server = start_server(env, args.port, args.workers, log, timeout=900, root=root)
    args.master = server.pid
    quiet: Phase | None = None
    edits: Phase | None = None
    try:
        browsers = login_all(
            args.port, mentee_emails(engine, args.workers * 2), Stats()
        )
        warm_up(args.port, browsers, args.workers)
        mentors = mentor_ids(engine)
        for _ in range(args.rounds):
            phase = measure(engine, args.port, browsers, args, None)
            show("quiet", phase)
            quiet = phase if quiet is None else quiet.merged(phase)
            editor = Editor(url, mentors, args.edits_per_second)
            phase = measure(engine, args.port, browsers, args, editor)
            show("edits", phase)
            edits = phase if edits is None else edits.merged(phase)
    finally:
        server.terminate()
        server.wait(timeout=60)
        engine.dispose()
    assert quiet is not None and edits is not None
    return Run(quiet, edits)


def run_size(args, size: int) -> dict[str, list[Run]]:
    url = size_url(args.database_url, size)
    print(f"{size} members on {make_url(url).database}:", flush=True)
    build(url, size)
    folder = Path(os.environ.get("TMPDIR", "/tmp"))
    files = {
        label: folder / f"bench_serving_{make_url(url).database}_{label}.joblib"
        for label in args.codes
    }
    for label, root in args.codes.items():
        build_index(url, root, files[label])
    runs: dict[str, list[Run]] = {label: [] for label in args.codes}
    for repeat in range(args.repeats):
        for label in args.codes:
            print(f" {size}: {label}, repeat {repeat + 1}/{args.repeats}", flush=True)
            run = serve_once(args, url, size, label, files[label])
            runs[label].append(run)
            show_ratios(label, run.ratios)
    return runs


def show_ratios(label: str, ratios: dict[str, float], prefix: str = "  ") -> None:
    print(
        f"{prefix}{label:8} edits/quiet: /matches p95 {ratios['matches_p95']:4.2f}x, "
        f"/healthz p95 {ratios['healthz_p95']:4.2f}x (control), app cpu/req "
        f"{ratios['app_cpu']:4.2f}x, DB cpu/req {ratios['db_cpu']:4.2f}x, "
        f"app+DB {ratios['app_db_cpu']:4.2f}x",
        flush=True,
    )


def median_ratios(runs: list[Run]) -> dict[str, float]:
    return {
        key: statistics.median(r.ratios[key] for r in runs) for key in runs[0].ratios
    }


def pooled(runs: list[Run]) -> Run:
    """Every repeat's phases merged: one p95 over all their requests."""
    quiet, edits = runs[0].quiet, runs[0].edits
    for run in runs[1:]:
        quiet, edits = quiet.merged(run.quiet), edits.merged(run.edits)
    return Run(quiet, edits)


def ratio(label: str, value: float, target: float) -> bool:
    ok = value <= target
    print(
        f"  {label:44} {value:5.2f}x (target <= {target}x) {'PASS' if ok else 'FAIL'}"
    )
    return ok


def compare(before: Run, after: Run) -> str:
    """After against before: p95 and the app's CPU per page, quiet and editing."""
    parts = []
    for name in ("quiet", "edits"):
        a, b = getattr(before, name), getattr(after, name)
        p95 = _p95(b.matches()) / _p95(a.matches())
        cpu = b.per_request(b.app_cpu_ms) / max(a.per_request(a.app_cpu_ms), 1e-9)
        parts.append(f"{name} /matches p95 {p95:4.2f}x, app cpu/req {cpu:4.2f}x")
    return "; ".join(parts)


def main() -> int:
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {size: run_size(args, size) for size in sizes}
    print("summary (median of the repeats; 'pooled' is one p95 over all of them):")
    ok = True
    last = list(args.codes)[-1]
    for size, by_code in results.items():
        for label, runs in by_code.items():
            ratios = median_ratios(runs)
            show_ratios(label, ratios, prefix=f"  {size}: ")
            everything = pooled(runs)
            for name, phase in (
                ("quiet", everything.quiet),
                ("edits", everything.edits),
            ):
                print(f"  {size}: {label:8} pooled", end="")
                show(name, phase)
            if label == last:
                ok &= ratio(
                    f"{size} {label}: /matches p95 with edits / without",
                    ratios["matches_p95"],
                    EDIT_TARGET,
                )
                ok &= ratio(
                    f"{size} {label}: app+DB cpu per /matches, edits / without",
                    ratios["app_db_cpu"],
                    EDIT_TARGET,
                )
        if len(by_code) > 1:
            first = list(by_code)[0]
            a, b = pooled(by_code[first]), pooled(by_code[last])
            print(f"  {size}: {last} / {first}: " + compare(a, b))
    if len(sizes) > 1:
        small = pooled(results[sizes[0]][last]).quiet
        big = pooled(results[sizes[-1]][last]).quiet
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
