"""The audit log holds every bulk read, cohort decision and admin read of notes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mentormatch.admin.jobs import prune_retention
from mentormatch.core import audit
from mentormatch.core.jobs import REGISTRY
from mentormatch.core.models import (
    Agreement,
    AuditLog,
    CheckIn,
    CohortProposal,
    MatchStatus,
    Notification,
    utcnow,
)
from tests.cohorts.test_web import run_id_of, start_run
from tests.factories import make_match_request, make_mentee, make_mentor, make_user
from tests.web.flow_helpers import client_as


def actions(session) -> list[tuple[str, int | None]]:
    rows = session.scalars(select(AuditLog).order_by(AuditLog.audit_id))
    return [(a.action, a.actor_id) for a in rows]


@pytest.fixture
def admin_user(session):
    return make_user(session, is_admin=True)


@pytest.fixture
def admin(app, admin_user):
    return client_as(app, admin_user)


@pytest.mark.parametrize("kind", ["members", "pairings"])
def test_csv_exports_are_audited(admin, admin_user, session, kind):
    response = admin.get(f"/admin/export/{kind}.csv")
    assert response.status_code == 200
    assert actions(session) == [(f"export_{kind}_csv", admin_user.user_id)]


def test_cohort_send_and_discard_are_audited(admin, admin_user, session):
    make_mentor(session, mentor_capacity=2)
    make_mentee(session)
    make_mentee(session)
    run_id = run_id_of(start_run(admin))
    first, second = session.scalars(select(CohortProposal)).all()
    admin.post(
        f"/admin/cohort/{run_id}/discard", data={"proposal_ids": [first.proposal_id]}
    )
    admin.post(f"/admin/cohort/{run_id}/accept-all")
    rows = session.scalars(
        select(AuditLog).where(AuditLog.action.like("%cohort_proposals"))
    ).all()
    assert [(r.action, r.target_id) for r in rows] == [
        ("discard_cohort_proposals", run_id),
        ("send_cohort_proposals", run_id),
    ]
    assert rows[0].detail == {"proposal_ids": [first.proposal_id]}
    assert rows[1].detail["sent"] == 1
    assert rows[1].detail["request_ids"] == [second.request_id]


def pairing_with_notes(session, *, confidential: bool):
    req = make_match_request(session, status=MatchStatus.ACTIVE)
    session.add_all(
        [
            Agreement(
                request_id=req.request_id,
                cadence="monthly",
                starts_on=date(2026, 1, 5),
                timezone="UTC",
                confidential=confidential,
                mentee_accepted_at=utcnow(),
                mentor_accepted_at=utcnow(),
            ),
            CheckIn(
                request_id=req.request_id,
                held_on=date(2026, 1, 6),
                minutes=30,
                notes="Secretnote about burnout",
                logged_by_id=req.mentee_id,
            ),
        ]
    )
    session.commit()
    return req


def test_admin_never_sees_a_confidential_pairings_notes(admin, session):
    req = pairing_with_notes(session, confidential=True)
    page = admin.get(f"/pairings/{req.request_id}").text
    assert "Secretnote" not in page
    assert "Notes are confidential to the pair." in page
    assert actions(session) == []


def test_admin_reading_other_notes_is_audited(admin, admin_user, session):
    req = pairing_with_notes(session, confidential=False)
    assert "Secretnote" in admin.get(f"/pairings/{req.request_id}").text
    assert actions(session) == [("read_checkin_notes", admin_user.user_id)]


def test_members_of_the_pair_read_their_notes_unaudited(app, session):
    req = pairing_with_notes(session, confidential=True)
    assert (
        "Secretnote"
        in client_as(app, req.mentee).get(f"/pairings/{req.request_id}").text
    )
    assert actions(session) == []


def test_retention_job_prunes_old_rows_once(app, session):
    now = utcnow()
    user = make_user(session)
    audit.record(session, actor=None, action="old")
    audit.record(session, actor=None, action="new")
    session.add_all(
        [
            Notification(user_id=user.user_id, kind="k", text="old"),
            Notification(user_id=user.user_id, kind="k", text="new"),
        ]
    )
    session.commit()
    old_audit, _ = session.scalars(select(AuditLog).order_by(AuditLog.audit_id))
    old_audit.at = now - timedelta(days=800)
    old_note, _ = session.scalars(
        select(Notification).order_by(Notification.notification_id)
    )
    old_note.created_at = now - timedelta(days=200)
    session.commit()
    job = REGISTRY["prune-retention"]
    assert job.run is prune_retention and job.every == timedelta(days=1)
    summary = job.run(session, now=now, config=app.config)
    assert summary == "pruned 1 audit rows, 1 notifications"
    assert job.run(session, now=now, config=app.config) == (
        "pruned 0 audit rows, 0 notifications"
    )
    assert [a.action for a in session.scalars(select(AuditLog))] == ["new"]
