"""Plain rows into a table: COPY on PostgreSQL, INSERT elsewhere, the same rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.bulk_insert import insert_rows
from mentormatch.core.models import CohortProposal, CohortRun, ProposalStatus
from tests.factories import make_mentee, make_mentor, make_user
from tests.web.flow_helpers import statements


def test_insert_rows_stores_every_value_as_the_orm_reads_it(session: Session) -> None:
    admin_id = make_user(session, is_admin=True).user_id
    mentors = [make_mentor(session).user_id for _ in range(2)]
    mentees = [make_mentee(session).user_id for _ in range(3)]
    # left pending: the rows' foreign key needs it flushed before they go in
    run = CohortRun(
        run_id=987_654, created_by_id=admin_id, objective="total", mode="optimal"
    )
    session.add(run)
    awkward = 'tab\there, new\nline, back\\slash, "quotes", \\N, é ✓'
    rows = [
        {
            "run_id": 987_654,
            "mentee_id": mentee,
            "mentor_id": mentors[i % 2],
            "score": 0.25 * i + 0.1,
            "reasons": [awkward] if i == 1 else [],
            "reader_reasons": {"mentee": ["x"]} if i == 2 else {},
            "score_parts": {"goals": 0.5} if i == 0 else {},
            "status": ProposalStatus.PROPOSED if i else ProposalStatus.DISCARDED,
            "note": awkward if i == 1 else "",
        }
        for i, mentee in enumerate(mentees)
    ]
    with statements() as said:
        insert_rows(session, CohortProposal, rows)
        insert_rows(session, CohortProposal, [])  # nothing to do
    inserts = [s for s in said if "INSERT INTO cohort_proposal" in s]
    # PostgreSQL: the rows went by COPY, no INSERT; elsewhere one INSERT
    postgres = session.get_bind().dialect.name == "postgresql"
    assert len(inserts) == (0 if postgres else 1)
    session.expire_all()
    stmt = select(CohortProposal).where(CohortProposal.run_id == 987_654)
    got = sorted(session.scalars(stmt), key=lambda p: p.mentee_id)
    assert [{name: getattr(p, name) for name in rows[0]} for p in got] == rows
    assert all(p.request_id is None and p.proposal_id for p in got)
