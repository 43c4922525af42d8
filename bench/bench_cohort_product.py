"""Cohort matching through the product path: the service ``run_cohort`` on a database.

Run: ``python bench/bench_cohort_product.py [--mentees 10000] [--mentors 5000]
[--database-url URL] [--schema NAME] [--chapter NAME] [--before-ref main]``.

With ``--before-ref`` the same measurement first runs the code of that git
revision (``git archive`` into a temporary folder, in a child process on the
same database and the same warm index) and then this checkout's, and prints
after/before ratios of wall time, CPU time and peak RSS growth, and the
objective of both (the same up to float32 summation order).

Seeds the demo population into a SQLite file under the temp folder (reused when
it exists; or an empty database at ``--database-url``), fits the index, then times
``run_cohort`` (loading people, candidate generation, solve, proof, storing the
run) and reports wall time, CPU time, peak RSS growth of this process, candidate
pairs kept, and what the run proved. PASS when time <= 5 s and memory <= 1 GB at
10k x 5k (the issue's target).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("COHORT_BENCH_CODE") or str(ROOT))

from mentormatch import create_app  # noqa: E402
from mentormatch.cohorts.services import runs as cohort  # noqa: E402
from mentormatch.core.models import User  # noqa: E402
from mentormatch.core.workflow import Rules  # noqa: E402
from mentormatch.demo.services.seed import AlreadySeededError, seed_demo  # noqa: E402
from mentormatch.extensions import db  # noqa: E402
from mentormatch.suggestions.services.index_cache import IndexCache  # noqa: E402

TARGET_S, TARGET_MB = 5.0, 1024.0


class PeakRss:
    """Peak resident set size of this process while the block runs (Linux: the
    high-water mark VmHWM, reset on entry through /proc/self/clear_refs)."""

    @staticmethod
    def _status(key: str) -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
        return 0

    def __enter__(self) -> PeakRss:
        self.start = self._status("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")
        return self

    def __exit__(self, *exc: object) -> None:
        self.peak = self._status("VmHWM")


def make_app(url: str, mentees: int, mentors: int, schema: str = ""):
    config = {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url}
    if schema:  # one PostgreSQL database, one schema per population
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
        config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    app = create_app({**config, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        started = time.perf_counter()
        try:
            seed_demo(db.session, mentors=mentors, mentees=mentees)
            print(f"seeded in {time.perf_counter() - started:.1f}s", flush=True)
        except AlreadySeededError:
            print("database already seeded: reusing it", flush=True)
    return app


def measure(args) -> dict:
    """Time ``run_cohort`` once (the index fitted before, as a worker holds it)."""
    name = f"mm-cohort-{args.mentees}x{args.mentors}.db"
    url = args.database_url or f"sqlite:///{Path(tempfile.gettempdir()) / name}"
    app = make_app(url, args.mentees, args.mentors, args.schema)
    with app.app_context():
        session = db.session()
        admin = session.query(User).filter(User.is_admin).first()
        index = IndexCache().get(session)
        rules = Rules.from_config(app.config)
        params = cohort.CohortParams(chapter=args.chapter)
        cpu = resource.getrusage(resource.RUSAGE_SELF).ru_utime
        started = time.perf_counter()
        with PeakRss() as rss:
            run = cohort.run_cohort(
                session, index, admin=admin, params=params, rules=rules
            )
        return {
            "wall": time.perf_counter() - started,
            "cpu": resource.getrusage(resource.RUSAGE_SELF).ru_utime - cpu,
            "growth_mb": (rss.peak - rss.start) / 2**20,
            "peak_mb": rss.peak / 2**20,
            "mentees": run.mentee_count,
            "mentors": run.mentor_count,
            "matched": run.matched_count,
            "total": run.total_score,
            "proof": getattr(run, "proof_text", "not recorded"),
            "pairs": run.candidate_pairs,
        }


def show(label: str, m: dict) -> None:
    print(
        f"{label}: {m['mentees']} mentees x {m['mentors']} mentors: "
        f"{m['wall']:.2f} s wall, {m['cpu']:.2f} s CPU, peak RSS +{m['growth_mb']:.0f}"
        f" MB (process peak {m['peak_mb']:.0f} MB); matched {m['matched']}, "
        f"total {m['total']:.6f}, {m['pairs']} candidate pairs\n  proof: {m['proof']}",
        flush=True,
    )


def before(args, ref: str) -> dict:
    """The measurement with the code of `ref`, in a child process."""
    folder = Path(tempfile.mkdtemp(prefix="cohort-before-"))
    archive = subprocess.run(  # noqa: S603 - fixed git command, our own checkout
        [
            "git",
            "-C",
            str(ROOT),
            "archive",
            ref,
            "mentormatch",
            "migrations",
            "templates",
            "static",
        ],  # noqa: S607
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(  # noqa: S603
        ["tar", "-x", "-C", str(folder)],
        input=archive,
        check=True,  # noqa: S607
    )
    argv = [a for a in sys.argv[1:] if not a.startswith("--before-ref")]
    if "--before-ref" in sys.argv:
        at = sys.argv.index("--before-ref")
        argv = sys.argv[1:at] + sys.argv[at + 2 :]
    env = {**os.environ, "COHORT_BENCH_CODE": str(folder)}
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, *argv, "--json"],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=5_000)
    parser.add_argument("--database-url")
    parser.add_argument("--schema", default="", help="PostgreSQL search_path")
    parser.add_argument("--chapter", default="")
    parser.add_argument("--before-ref", help="git revision measured first (main)")
    parser.add_argument("--target-s", type=float, default=TARGET_S)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args)))
        return 0
    old = before(args, args.before_ref) if args.before_ref else None
    if old is not None:
        show(f"before ({args.before_ref})", old)
    new = measure(args)
    show("after", new)
    if old is not None:
        print(
            f"after/before: wall {new['wall'] / old['wall']:.3f}, "
            f"CPU {new['cpu'] / old['cpu']:.3f}, peak RSS growth "
            f"{new['growth_mb'] / max(old['growth_mb'], 1):.3f}; objective "
            f"{new['total'] - old['total']:+.6f} ({new['matched'] - old['matched']:+d}"
            " matched)"
        )
    ok = new["wall"] <= args.target_s and new["growth_mb"] <= TARGET_MB
    print(
        f"{'PASS' if ok else 'FAIL'}  {new['wall']:.2f} s <= {args.target_s} s and "
        f"+{new['growth_mb']:.0f} MB <= {TARGET_MB:.0f} MB "
        f"(CPU {new['cpu']:.2f} s; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
