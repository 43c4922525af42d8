"""Races on a real database: parallel approvals, accepts, sign-ups and requests.

Runs on PostgreSQL when DATABASE_URL is set, otherwise on a temporary SQLite file
(threads need a shared database). Each thread has its own app context and session,
loads its objects by id, then waits at a barrier so that all act at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentormatch.accounts.services import credentials as accounts
from mentormatch.core import workflow
from mentormatch.core.errors import (
    CapacityError,
    DuplicateRequestError,
    InvalidTransitionError,
    WorkflowError,
)
from mentormatch.core.models import (
    AuditLog,
    MatchRequest,
    MatchStatus,
    Notification,
    Profile,
    StatusChange,
    User,
)
from mentormatch.core.workflow import Rules
from mentormatch.extensions import db
from tests.conftest import is_postgres
from tests.factories import make_match_request, make_mentee, make_mentor, make_user

S = MatchStatus
RULES = Rules(max_open_requests=3, max_active_pairings=1, decline_cooldown_days=90)
WORKERS = 50
# A job loads its objects in the thread's session and returns the racing call.
Job = Callable[[Session], Callable[[], object]]


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, object]:
    # Every thread holds a connection at the barrier, so the pool must fit them all.
    pool: dict[str, Any] = {"pool_size": WORKERS, "max_overflow": 5}
    if is_postgres():
        return {"SQLALCHEMY_ENGINE_OPTIONS": pool}
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'race.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {**pool, "connect_args": {"timeout": 30}},
    }


def race(app: Flask, jobs: list[Job]) -> list[object]:
    """Run every job in its own thread and session, released together."""
    barrier = threading.Barrier(len(jobs))

    def work(job: Job) -> object:
        with app.app_context():
            try:
                try:
                    call = job(db.session)
                except BaseException:
                    barrier.abort()
                    raise
                barrier.wait(timeout=60)
                try:
                    return call()
                except Exception as err:  # judged by the test
                    return err
            finally:
                db.session.remove()  # no connection left open for DROP TABLE

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(work, jobs))


def split(results: list[object]) -> tuple[list[object], list[BaseException]]:
    errors = [r for r in results if isinstance(r, BaseException)]
    return [r for r in results if not isinstance(r, BaseException)], errors


def error_types(errors: list[BaseException]) -> set[type]:
    assert all(isinstance(e, WorkflowError) for e in errors), errors
    return {type(e) for e in errors}


def approve(request_id: int, admin_id: int) -> Job:
    def load(s: Session) -> Callable[[], object]:
        req, admin = s.get(MatchRequest, request_id), s.get(User, admin_id)
        return lambda: workflow.approve_match(s, req, admin=admin, rules=RULES)

    return load


def accept(request_id: int, mentor_id: int) -> Job:
    def load(s: Session) -> Callable[[], object]:
        req, mentor = s.get(MatchRequest, request_id), s.get(User, mentor_id)
        return lambda: workflow.accept_request(s, req, by=mentor)

    return load


def count(session: Session, model: type, *where: Any) -> int:
    stmt = select(func.count()).select_from(model).where(*where)
    return int(session.scalar(stmt) or 0)


def statuses(session: Session) -> dict[MatchStatus, int]:
    rows = session.execute(
        select(MatchRequest.status, func.count()).group_by(MatchRequest.status)
    )
    return dict(rows.all())


def slots_used(session: Session, mentor_id: int) -> int:
    return session.scalar(
        select(Profile.mentor_slots_used).where(Profile.user_id == mentor_id)
    )


def paired_mentees(session: Session) -> set[int]:
    rows = session.scalars(select(Profile.user_id).where(Profile.active_pairings > 0))
    return set(rows)


def active_mentees(session: Session) -> set[int]:
    rows = session.scalars(
        select(MatchRequest.mentee_id).where(MatchRequest.status == S.ACTIVE)
    )
    return set(rows)


def many_requests(session: Session, status: MatchStatus) -> tuple[int, list[int]]:
    """One mentor with capacity 2 and WORKERS requests from different mentees."""
    mentor = make_mentor(session, mentor_capacity=2)
    ids = [
        make_match_request(session, mentor=mentor, status=status).request_id
        for _ in range(WORKERS)
    ]
    mentor_id = mentor.user_id
    session.close()  # the main thread holds nothing while the threads race
    return mentor_id, ids


def test_parallel_approvals_never_exceed_mentor_capacity(app, session):
    admin_id = make_user(session, is_admin=True).user_id
    mentor_id, ids = many_requests(session, S.ACCEPTED)
    ok, errors = split(race(app, [approve(i, admin_id) for i in ids]))
    assert len(ok) == 2
    assert error_types(errors) == {CapacityError}
    assert statuses(session) == {S.ACTIVE: 2, S.ACCEPTED: WORKERS - 2}
    assert slots_used(session, mentor_id) == 2
    assert paired_mentees(session) == active_mentees(session)
    assert count(session, StatusChange) == 2
    assert count(session, AuditLog) == 2
    assert count(session, Notification) == 4


def test_parallel_accepts_then_approvals_end_with_capacity_pairings(app, session):
    admin_id = make_user(session, is_admin=True).user_id
    mentor_id, ids = many_requests(session, S.REQUESTED)
    ok, errors = split(race(app, [accept(i, mentor_id) for i in ids]))
    # Accepts lock the mentor row first, so exactly capacity-many succeed.
    assert len(ok) == 2
    assert error_types(errors) <= {CapacityError}
    accepted = session.scalars(
        select(MatchRequest.request_id).where(MatchRequest.status == S.ACCEPTED)
    ).all()
    assert len(accepted) == len(ok)
    session.close()
    ok, errors = split(race(app, [approve(i, admin_id) for i in accepted]))
    assert len(ok) == 2
    assert error_types(errors) <= {CapacityError}
    assert statuses(session).get(S.ACTIVE) == 2
    assert slots_used(session, mentor_id) == 2
    assert paired_mentees(session) == active_mentees(session)


def test_two_admins_approving_the_same_request_one_wins(app, session):
    req = make_match_request(session, status=S.ACCEPTED)
    request_id, mentor_id, mentee_id = req.request_id, req.mentor_id, req.mentee_id
    admins = [make_user(session, is_admin=True).user_id for _ in range(2)]
    session.close()
    ok, errors = split(race(app, [approve(request_id, a) for a in admins]))
    assert len(ok) == 1
    assert error_types(errors) == {InvalidTransitionError}
    assert statuses(session) == {S.ACTIVE: 1}
    assert slots_used(session, mentor_id) == 1
    assert paired_mentees(session) == {mentee_id}
    assert count(session, StatusChange) == 1
    assert count(session, AuditLog) == 1


@pytest.mark.parametrize(
    "emails",
    [
        ("same@example.org", "same@example.org"),
        ("same@example.org", "Same@Example.ORG"),
    ],
)
def test_parallel_signups_with_one_email_create_one_account(app, session, emails):
    def signup(email: str) -> Job:
        return lambda s: (
            lambda: accounts.create_user(s, email=email, password="s3cret-pass!")
        )

    ok, errors = split(race(app, [signup(e) for e in emails]))
    assert len(ok) == 1
    assert error_types(errors) == {accounts.DuplicateEmailError}
    assert count(session, User) == 1
    assert session.scalar(select(User.email)) == "same@example.org"


def test_parallel_requests_for_one_pair_create_one_request(app, session):
    mentee_id, mentor_id = make_mentee(session).user_id, make_mentor(session).user_id
    session.close()

    def ask(s: Session) -> Callable[[], object]:
        mentee, mentor = s.get(User, mentee_id), s.get(User, mentor_id)
        return lambda: workflow.request_mentor(
            s, mentee=mentee, mentor=mentor, message="Hi", rules=RULES
        )

    ok, errors = split(race(app, [ask, ask]))
    assert len(ok) == 1
    assert error_types(errors) == {DuplicateRequestError}
    assert count(session, MatchRequest) == 1
    assert count(session, StatusChange) == 1
    assert count(session, Notification) == 1


# --- races that broke on PostgreSQL (issue 11) ----------------------------------

postgres_only = pytest.mark.skipif(
    not is_postgres(), reason="row-lock races need PostgreSQL (DATABASE_URL)"
)


@postgres_only
@pytest.mark.parametrize("round_", range(3))
def test_requests_sent_at_once_respect_the_open_request_cap(app, session, round_):
    mentee_id = make_mentee(session).user_id
    mentor_ids = [make_mentor(session).user_id for _ in range(6)]
    session.close()

    def ask(mentor_id: int) -> Job:
        def load(s: Session) -> Callable[[], object]:
            mentee, mentor = s.get(User, mentee_id), s.get(User, mentor_id)
            return lambda: workflow.request_mentor(
                s, mentee=mentee, mentor=mentor, message="Hi", rules=RULES
            )

        return load

    ok, errors = split(race(app, [ask(m) for m in mentor_ids]))
    assert len(ok) == RULES.max_open_requests
    assert error_types(errors) == {CapacityError}
    assert count(session, MatchRequest, MatchRequest.mentee_id == mentee_id) == 3


@postgres_only
@pytest.mark.parametrize("round_", range(5))
def test_two_mentors_accepting_one_mentee_at_once_no_deadlock(app, session, round_):
    mentee = make_mentee(session)
    requests = [
        make_match_request(session, mentee=mentee, mentor=make_mentor(session))
        for _ in range(2)
    ]
    jobs = [accept(r.request_id, r.mentor_id) for r in requests]
    session.close()
    ok, errors = split(race(app, jobs))
    assert len(ok) == 1
    assert error_types(errors) == {InvalidTransitionError}  # not a deadlock error
    assert statuses(session) == {S.ACCEPTED: 1, S.WITHDRAWN: 1}


@postgres_only
def test_mentor_accepts_while_admin_approves_another_request_of_the_mentee(
    app, session
):
    admin_id = make_user(session, is_admin=True).user_id
    mentee = make_mentee(session)
    accepted = make_match_request(session, mentee=mentee, status=S.ACCEPTED)
    asked = make_match_request(session, mentee=mentee, mentor=make_mentor(session))
    jobs = [
        approve(accepted.request_id, admin_id),
        accept(asked.request_id, asked.mentor_id),
    ]
    session.close()
    ok, errors = split(race(app, jobs))
    assert len(ok) >= 1
    assert all(isinstance(e, WorkflowError) for e in errors), errors
