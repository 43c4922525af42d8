"""Cohort matching through the product path: the service ``run_cohort`` on a database.

Run: ``python bench/bench_cohort_product.py [--mentees 10000] [--mentors 5000]
[--database-url URL] [--chapter NAME]``.

Seeds the demo population into a SQLite file under the temp folder (reused when
it exists; or an empty database at ``--database-url``), fits the index, then times
``run_cohort`` (loading people, candidate generation, solve, proof, storing the
run) and reports wall time, CPU time, peak RSS growth of this process, candidate
pairs kept, and what the run proved. PASS when time <= 5 s and memory <= 1 GB at
10k x 5k (the issue's target).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def make_app(url: str, mentees: int, mentors: int):
    app = create_app(
        {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "LOG_LEVEL": "WARNING"}
    )
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=5_000)
    parser.add_argument("--database-url")
    parser.add_argument("--chapter", default="")
    args = parser.parse_args()
    name = f"mm-cohort-{args.mentees}x{args.mentors}.db"
    url = args.database_url or f"sqlite:///{Path(tempfile.gettempdir()) / name}"
    app = make_app(url, args.mentees, args.mentors)
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
        wall = time.perf_counter() - started
        cpu = resource.getrusage(resource.RUSAGE_SELF).ru_utime - cpu
        growth = (rss.peak - rss.start) / 2**20
        print(
            f"{run.mentee_count} mentees x {run.mentor_count} mentors: "
            f"{wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS +{growth:.0f} MB "
            f"(process peak {rss.peak / 2**20:.0f} MB); matched {run.matched_count}, "
            f"total {run.total_score:.2f}, solve {run.solve_seconds:.2f} s"
        )
        print(f"proof: {getattr(run, 'proof_text', 'not recorded')}")
        ok = wall <= TARGET_S and growth <= TARGET_MB
        print(
            f"{'PASS' if ok else 'FAIL'}  {wall:.2f} s <= {TARGET_S} s and "
            f"+{growth:.0f} MB <= {TARGET_MB:.0f} MB"
        )
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
