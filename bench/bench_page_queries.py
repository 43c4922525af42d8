"""What each page asks PostgreSQL, at two membership sizes: queries, buffers, scans.

Run: ``python bench/bench_page_queries.py --database-url postgresql://postgres@127.0.0.1/h_scale
[--sizes 10000,100000]`` after ``bench/bench_serving.py`` built ``<name>_<size>k``.

Logs in as the demo mentee and the demo admin with Flask's test client, requests
each page twice (the second is measured: caches warm, as in steady serving), and
re-runs every SELECT the page sent under ``EXPLAIN (ANALYZE, BUFFERS)``. Prints
per page the number of statements, the shared buffers they touched and every
sequential scan of a table that grows with the membership; then the ratio of
buffers between the sizes, which stays near 1 when a page's cost does not grow
with the membership.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_serving import size_url  # noqa: E402
from mentormatch import create_app  # noqa: E402
from mentormatch.core.models import (  # noqa: E402
    MatchRequest,
    MatchStatus,
    Notification,
    Profile,
)
from mentormatch.demo.services.seed import (  # noqa: E402
    DEMO_ADMIN_EMAIL,
    DEMO_MENTEE_EMAIL,
    DEMO_PASSWORD,
)
from mentormatch.extensions import db  # noqa: E402

GROWING = {
    "user_account",
    "profile",
    "profile_skill",
    "profile_certification",
    "match_request",
    "notification",
    "member_change",
}
MEMBER_PAGES = (
    "/matches",
    "/matches?chapter={chapter}",
    "/profile",
    "/people/{mentor}",
    "/requests",
    "/matches/requests",
    "/notifications",
    "/pairings",
    "/account",
)
ADMIN_PAGES = ("/admin/queue", "/admin/members", "/admin/cohort", "/admin/audit")


def plan_nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    out = [plan]
    for child in plan.get("Plans", []):
        out.extend(plan_nodes(child))
    return out


def explain(connection: Any, statement: str, params: Any) -> tuple[int, list[str]]:
    """Buffers touched by one SELECT and its sequential scans of growing tables."""
    cursor = connection.cursor()
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, params)
    plan = cursor.fetchone()[0][0]["Plan"]
    cursor.close()
    buffers = plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
    scans = [
        f"Seq Scan on {n['Relation Name']} ({n.get('Actual Rows', 0)} rows)"
        for n in plan_nodes(plan)
        if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in GROWING
    ]
    return buffers, scans


def measure(engine: Any, client: Any, path: str) -> dict[str, Any]:
    captured: list[tuple[str, Any]] = []

    def capture(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, params))

    client.get(path)  # warm
    event.listen(engine, "before_cursor_execute", capture)
    status = client.get(path).status_code
    event.remove(engine, "before_cursor_execute", capture)
    raw = engine.raw_connection()
    buffers, scans = 0, []
    try:
        for statement, params in captured:
            b, s = explain(raw.driver_connection, statement, params)
            buffers += b
            scans += s
    finally:
        raw.close()
    return {
        "status": status,
        "queries": len(captured),
        "buffers": buffers,
        "scans": scans,
    }


def add_activity(session: Any) -> None:
    """Requests (every state) and notifications in proportion to the members, once,
    so that the request, pairing and notification pages have rows to scan."""
    if session.scalar(select(MatchRequest.request_id).limit(1)) is not None:
        return
    mentees = session.scalars(select(Profile.user_id).where(Profile.wants_mentor)).all()
    mentors = session.scalars(
        select(Profile.user_id).where(Profile.offers_mentoring)
    ).all()
    rng = random.Random(5)
    states = [s for s in MatchStatus if s not in (MatchStatus.ACTIVE,)]
    requests, notes = [], []
    for mentee in mentees:
        for mentor in rng.sample(mentors, 2):
            if mentor != mentee:
                requests.append(
                    {
                        "mentee_id": mentee,
                        "mentor_id": mentor,
                        "status": rng.choice(states),
                    }
                )
        notes += [{"user_id": mentee, "kind": "bench", "text": "Hello"}] * 3
    session.execute(insert(MatchRequest.__table__), requests)
    session.execute(insert(Notification.__table__), notes)
    session.commit()
    session.execute(text("ANALYZE"))
    session.commit()


def run_size(base: str, size: int) -> dict[str, dict[str, Any]]:
    url = size_url(base, size)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SECURE_COOKIES": False,
        }
    )
    results: dict[str, dict[str, Any]] = {}
    with app.app_context():
        add_activity(db.session)
        mentor = db.session.scalar(
            select(Profile.user_id).where(Profile.offers_mentoring).limit(1)
        )
        chapter = db.session.scalar(
            select(Profile.chapter).where(Profile.offers_mentoring).limit(1)
        )
        db.session.remove()
        engine = db.engine
    # Requests outside any app context: each gets its own session, as when serving.
    fill = {"mentor": mentor, "chapter": chapter}
    for email, pages in (
        (DEMO_MENTEE_EMAIL, MEMBER_PAGES),
        (DEMO_ADMIN_EMAIL, ADMIN_PAGES),
    ):
        client = app.test_client()
        client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        for page in pages:
            results[page] = measure(engine, client, page.format(**fill))
    engine.dispose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    found = {size: run_size(args.database_url, size) for size in sizes}
    print(
        f"{'page':28} "
        + " ".join(f"{f'{s // 1000}k q/buffers':>16}" for s in sizes)
        + "   ratio  scans"
    )
    worst = 0.0
    for page in found[sizes[0]]:
        rows = [found[s][page] for s in sizes]
        ratio = rows[-1]["buffers"] / max(rows[0]["buffers"], 1)
        worst = max(worst, ratio)
        cells = " ".join(
            f"{r['status']} {r['queries']:3d} {r['buffers']:8d}" for r in rows
        )
        scans = "; ".join(sorted(set(rows[-1]["scans"]))) or "-"
        print(f"{page:28} {cells}   {ratio:5.2f}  {scans}")
    print(json.dumps({"worst_buffer_ratio": round(worst, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
