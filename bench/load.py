"""Mixed load on gunicorn over loopback: logged-in mentees, latency per endpoint."""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "demo-pass-2026"
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
# Refusals the workflow is expected to give under load (duplicate, capacity, rules).
REFUSALS = {"POST /matches/request/<id>": {403, 409}}


@dataclass
class Stats:
    """Latencies and outcomes per endpoint, shared by every virtual user."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def record(self, label: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[label].append(seconds * 1000)
            if status in REFUSALS.get(label, set()):
                self.refused[label] += 1
            elif not 200 <= status < 400:
                self.errors[label].append(str(status))


class Browser:
    """One logged-in member: a cookie jar and the latest CSRF token."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port, self.stats = port, stats
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def call(self, method: str, path: str, label: str, form: dict | None = None) -> int:
        body = urlencode(form) if form is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            conn = HTTPConnection("127.0.0.1", self.port, timeout=60)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            page = response.read().decode("utf-8", "replace")
            status = response.status
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            conn.close()
        except OSError as err:
            page, status = "", 0
            print(f"  {label}: {err.__class__.__name__}: {err}", file=sys.stderr)
        self.stats.record(label, status, time.perf_counter() - started)
        if match := CSRF.search(page):
            self.csrf = match.group(1)
        return status

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            name, _, value = header.split(";", 1)[0].partition("=")
            if value and "Expires=Thu, 01 Jan 1970" not in header:
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)

    def login(self, email: str) -> int:
        self.call("GET", "/login", "GET /login")
        form = {"email": email, "password": DEMO_PASSWORD, "csrf_token": self.csrf}
        return self.call("POST", "/login", "POST /login", form | {"next": ""})


def virtual_user(port: int, email: str, mentors: list[int], stop: float, args) -> None:
    """Log in, then browse suggestions and profiles, send requests, log in again."""
    rng = random.Random(email)
    browser = Browser(port, args.stats)
    browser.login(email)
    step = 0
    while time.monotonic() < stop:
        step += 1
        browser.call("GET", "/matches", "GET /matches")
        mentor = rng.choice(mentors)
        browser.call("GET", f"/people/{mentor}", "GET /people/<id>")
        if args.requests and step % 5 == 0:
            form = {
                "message": "Hello, I would value your guidance.",
                "csrf_token": browser.csrf,
            }
            browser.call(
                "POST", f"/matches/request/{mentor}", "POST /matches/request/<id>", form
            )
        if step % args.relogin_every == 0:
            browser.call(
                "POST", "/logout", "POST /logout", {"csrf_token": browser.csrf}
            )
            browser.login(email)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of unsorted values."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def report(stats: Stats, seconds: float) -> int:
    """Print requests/s and p50/p95/p99 per endpoint; return the error count."""
    everything = [v for values in stats.latencies.values() for v in values]
    rows = sorted(stats.latencies.items()) + [("ALL", everything)]
    print(
        f"{'endpoint':30} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'refused':>7} {'errors':>6}"
    )
    for label, values in rows:
        if not values:
            continue
        refused = (
            sum(stats.refused.values()) if label == "ALL" else stats.refused[label]
        )
        errors = (
            sum(len(e) for e in stats.errors.values())
            if label == "ALL"
            else len(stats.errors[label])
        )
        print(
            f"{label:30} {len(values):7d} {len(values) / seconds:7.1f} "
            f"{percentile(values, 50):8.1f} {percentile(values, 95):8.1f} "
            f"{percentile(values, 99):8.1f} {refused:7d} {errors:6d}"
        )
    total_errors = sum(len(e) for e in stats.errors.values())
    for label, codes in stats.errors.items():
        if codes:
            print(f"  errors on {label}: {sorted(set(codes))}")
    print(f"duration {seconds:.1f} s, errors {total_errors}")
    return total_errors


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask(env: dict[str, str], *command: str) -> None:
    dev = env | {"MENTORMATCH_ENV_NAME": "development"}
    subprocess.run(
        [str(BIN / "flask"), "--app", "mentormatch", *command],
        env=dev,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def accounts(url: str) -> tuple[list[str], list[int]]:
    """Return the demo mentees' emails and the mentors' user ids."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    base = "SELECT u.email, u.id FROM user_account u JOIN profile p ON p.user_id = u.id"
    with engine.connect() as conn:
        mentees = [r[0] for r in conn.execute(text(base + " WHERE p.wants_mentor"))]
        mentors = [r[1] for r in conn.execute(text(base + " WHERE p.offers_mentoring"))]
    engine.dispose()
    return mentees, mentors


def start_server(
    env: dict[str, str],
    port: int,
    workers: int,
    log: Path,
    timeout: int = 60,
    root: Path = ROOT,
):
    """gunicorn serving the checkout at `root` (another checkout's code, e.g. an
    export of main to compare against, comes first on its PYTHONPATH)."""
    if root != ROOT:
        env = env | {"PYTHONPATH": str(root)}
    command = [
        str(BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "-",
        "--timeout",
        str(timeout),
        "mentormatch:create_app()",
    ]
    out = log.open("wb")
    server = subprocess.Popen(command, env=env, cwd=root, stdout=out, stderr=out)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {log}")
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz within 90 s; see {log}")


def run_users(port: int, mentees: list[str], mentors: list[int], seconds: float, args):
    stop = time.monotonic() + seconds
    users = [
        (port, mentees[i % len(mentees)], mentors, stop, args)
        for i in range(args.concurrency)
    ]
    threads = [
        threading.Thread(target=virtual_user, args=u, daemon=True) for u in users
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return time.monotonic() - started


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument(
        "--warmup", type=float, default=15, help="unmeasured seconds first"
    )
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--relogin-every", type=int, default=25)
    parser.add_argument(
        "--no-requests",
        dest="requests",
        action="store_false",
        help="skip POST /matches/request/<id>",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="mentormatch-load-"))
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'load.db'}"
    env = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        "MENTORMATCH_ENV_NAME": "production",
        "MENTORMATCH_SECURE_COOKIES": "false",
        "MENTORMATCH_RATELIMIT_ENABLED": "false",
    }
    print(f"seeding {url.split('@')[-1]} ...", flush=True)
    flask(env, "init-db")
    flask(env, "seed-demo")
    sys.path.insert(0, str(ROOT))
    from mentormatch.config import database_url

    os.environ["DATABASE_URL"] = url
    mentees, mentors = accounts(database_url(str(workdir)))
    port = free_port()
    log = workdir / "gunicorn.log"
    server = start_server(env, port, args.workers, log)
    try:
        print(f"warming up {args.warmup:.0f} s (not measured) ...", flush=True)
        args.stats = Stats()
        run_users(port, mentees[::-1], mentors, args.warmup, args)
        args.stats = Stats()
        print(
            f"measuring {args.seconds:.0f} s at concurrency {args.concurrency}, "
            f"{args.workers} workers ...",
            flush=True,
        )
        elapsed = run_users(port, mentees, mentors, args.seconds, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    errors = report(args.stats, elapsed)
    print(f"server log: {log}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
