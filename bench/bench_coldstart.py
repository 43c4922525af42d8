"""Cold start of a web worker: its first /matches, fitting the index or loading a file.

Run: ``python bench/bench_coldstart.py [--sizes 10000 100000] [--database-url URL]``.

Seeds the demo population with N mentors into a SQLite file under the temp
folder (reused when it exists; or the empty database at ``--database-url``),
then starts fresh processes, one per measurement, each timing its first
``GET /matches`` (logged in as the demo mentee) and printing its RSS:

- fit: no index file, the worker reads every mentor profile and fits (before);
- load: ``build_index_file`` wrote the file first (``flask build-index``), the
  worker loads it and applies only the changes newer than the file (after).

Also prints the time to read the mentor rows alone and to build the file, and
PASS when the first /matches with the file is well inside the 30 s worker
timeout (<= 10 s) at every size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORKER_TIMEOUT_S, TARGET_S = 30.0, 10.0


def make_app(url: str, snapshot: str = ""):
    from mentormatch import create_app

    return create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "LOG_LEVEL": "WARNING",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "SECURE_COOKIES": False,
            "INDEX_SNAPSHOT": snapshot,
        }
    )


def seed(url: str, mentors: int) -> None:
    from flask_migrate import upgrade

    from mentormatch.demo.services.seed import AlreadySeededError, seed_demo
    from mentormatch.extensions import db

    with make_app(url).app_context():
        upgrade()
        started = time.perf_counter()
        try:
            seed_demo(db.session, mentors=mentors, mentees=300)
            print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)
        except AlreadySeededError:
            pass


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker(url: str, snapshot: str) -> dict:
    """One fresh worker's first /matches (run in a child process)."""
    from mentormatch.demo.services.seed import DEMO_MENTEE_EMAIL, DEMO_PASSWORD

    started = time.perf_counter()
    app = make_app(url, snapshot)
    client = app.test_client()
    client.post("/login", data={"email": DEMO_MENTEE_EMAIL, "password": DEMO_PASSWORD})
    boot = time.perf_counter() - started
    started = time.perf_counter()
    status = client.get("/matches").status_code
    first = time.perf_counter() - started
    started = time.perf_counter()
    client.get("/matches")
    second = time.perf_counter() - started
    return {
        "boot": boot,
        "first": first,
        "second": second,
        "status": status,
        "rss": rss_mb(),
    }


def prepare(url: str, snapshot: str) -> dict:
    """Time reading the mentor rows and building the index file."""
    from mentormatch.extensions import db
    from mentormatch.suggestions.services.index_store import (
        all_mentors,
        build_index_file,
    )

    with make_app(url).app_context():
        started = time.perf_counter()
        count = len(all_mentors(db.session))
        read = time.perf_counter() - started
        started = time.perf_counter()
        build_index_file(db.session, snapshot)
        build = time.perf_counter() - started
    size = Path(snapshot).stat().st_size / 2**20
    return {"mentors": count, "read": read, "build": build, "file_mb": size}


def child(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database-url")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, url, snapshot = args.child
        result = prepare(url, snapshot) if kind == "prepare" else worker(url, snapshot)
        print(json.dumps(result))
        return 0
    ok = True
    print(
        f"{'mentors':>8} {'read s':>7} {'build s':>8} {'file MB':>8} "
        f"{'fit 1st s':>10} {'fit RSS':>8} {'load 1st s':>11} {'load RSS':>9} "
        f"{'2nd ms':>7}"
    )
    for n in args.sizes:
        tmp = Path(tempfile.gettempdir())
        url = args.database_url or f"sqlite:///{tmp / f'mm-coldstart-{n}.db'}"
        snapshot = str(tmp / f"mm-coldstart-{n}.joblib")
        seed(url, n)
        fit = child("worker", url, "")
        prep = child("prepare", url, snapshot)
        load = child("worker", url, snapshot)
        assert fit["status"] == load["status"] == 200, (fit, load)
        print(
            f"{prep['mentors']:>8} {prep['read']:>7.2f} {prep['build']:>8.2f} "
            f"{prep['file_mb']:>8.1f} {fit['first']:>10.2f} {fit['rss']:>7.0f}M "
            f"{load['first']:>11.2f} {load['rss']:>8.0f}M "
            f"{load['second'] * 1e3:>7.1f}",
            flush=True,
        )
        ok &= load["first"] <= TARGET_S
        print(
            f"{'PASS' if load['first'] <= TARGET_S else 'FAIL'}  {n}: first "
            f"/matches with the file {load['first']:.2f} s <= {TARGET_S} s "
            f"(worker timeout {WORKER_TIMEOUT_S:.0f} s)"
        )
    print(
        "(fit = no index file: read every profile and fit, as before; load = "
        "index file from build-index, then only newer changes; RSS per worker)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
