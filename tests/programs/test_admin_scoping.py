"""The admin area scoped to programs: notices, imports, cohort runs and figures."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mentormatch.admin.csv_io import check_row
from mentormatch.admin.services import stats
from mentormatch.admin.services.csv_import import import_members
from mentormatch.cohorts.services.runs import CohortParams, run_cohort
from mentormatch.core import workflow
from mentormatch.core.errors import NotAllowedError
from mentormatch.core.models import (
    ApplicationStatus,
    MatchStatus,
    Notification,
    OutboxMessage,
    ProgramMember,
    ProgramRole,
    User,
)
from mentormatch.core.workflow import Rules
from mentormatch.suggestions.services.index_cache import IndexCache
from tests.admin.test_csv_import import GOOD, MENTOR, csv_bytes
from tests.factories import make_match_request, make_mentee, make_mentor
from tests.programs.helpers import make_program_cast, seat

RULES = Rules(max_open_requests=3, max_active_pairings=1, decline_cooldown_days=90)


def kinds(session, user: User, model, kind: str) -> int:
    return len(
        session.scalars(
            select(model).where(model.user_id == user.user_id, model.kind == kind)
        ).all()
    )


def test_a_request_waiting_for_approval_tells_its_programs_admins_only(session):
    a, b = make_program_cast(session, "A"), make_program_cast(session, "B")
    req = make_match_request(
        session, mentee=a.mentee, mentor=a.mentor, program_id=a.program.program_id
    )
    workflow.accept_request(session, req, by=a.mentor)
    assert kinds(session, a.admin, Notification, "approval_waiting") == 1
    assert kinds(session, a.admin, OutboxMessage, "approval_waiting") == 1
    note = session.scalars(
        select(Notification).where(Notification.user_id == a.admin.user_id)
    ).one()
    assert note.link == f"/admin/queue/{req.request_id}" and "A" in note.text
    assert kinds(session, b.admin, Notification, "approval_waiting") == 0


def test_a_program_admins_import_enrols_the_members_in_their_program(session):
    a = make_program_cast(session, "A")
    report = import_members(
        session,
        csv_bytes(GOOD, MENTOR),
        validate=check_row,
        actor=a.admin,
        program_id=a.program.program_id,
    )
    assert report.ok
    seats = session.execute(
        select(User.email, ProgramMember.role, ProgramMember.status)
        .join(ProgramMember, ProgramMember.user_id == User.user_id)
        .where(ProgramMember.program_id == a.program.program_id)
        .where(User.email.in_(["ana@example.org", "ben@example.org"]))
    ).all()
    accepted = ApplicationStatus.ACCEPTED
    assert sorted(seats) == [
        ("ana@example.org", ProgramRole.MENTEE, accepted),
        ("ben@example.org", ProgramRole.MENTEE, accepted),
        ("ben@example.org", ProgramRole.MENTOR, accepted),
    ]


def test_a_cohort_run_matches_only_its_programs_accepted_members(session):
    a, b = make_program_cast(session, "A"), make_program_cast(session, "B")
    extra = make_mentee(session)  # applied to A, not accepted yet
    session.add(
        ProgramMember(
            program_id=a.program.program_id,
            user_id=extra.user_id,
            role=ProgramRole.MENTEE,
        )
    )
    seat(session, a.program, make_mentor(session), ProgramRole.MENTOR)
    session.commit()
    run = run_cohort(
        session,
        IndexCache().get(session),
        admin=a.admin,
        params=CohortParams(program_id=a.program.program_id),
        rules=RULES,
    )
    assert run.program_id == a.program.program_id
    assert (run.mentee_count, run.mentor_count) == (1, 2)
    assert {p.mentee_id for p in run.proposals} == {a.mentee.user_id}
    with pytest.raises(NotAllowedError):
        run_cohort(
            session,
            IndexCache().get(session),
            admin=b.admin,
            params=CohortParams(program_id=a.program.program_id),
            rules=RULES,
        )


def test_dashboard_figures_count_only_the_programs_in_scope(session):
    a, b = make_program_cast(session, "A"), make_program_cast(session, "B")
    for cast in (a, b, b):
        make_match_request(
            session,
            mentee=cast.mentee if cast is a else make_mentee(session),
            mentor=cast.mentor,
            status=MatchStatus.ACCEPTED,
            program_id=cast.program.program_id,
        )
    only_a = stats.figures(session, programs=frozenset({a.program.program_id}))
    everything = stats.figures(session)
    assert only_a.queue == 1 and everything.queue == 3
    assert (only_a.mentees, only_a.mentors) == (1, 1)
