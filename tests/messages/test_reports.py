"""Reports and blocks: who may report, the admins' queue and decisions, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mentormatch.core.errors import DuplicateRequestError, NotAllowedError
from mentormatch.core.models import (
    AuditLog,
    MatchStatus,
    Notification,
    Report,
)
from mentormatch.extensions import db
from mentormatch.messages.services import reports, threads
from tests.factories import make_mentee
from tests.web.flow_helpers import (
    client_as,
    count,
    flashes,
    make_cast,
    make_in_state,
    shared_app,
)


@pytest.fixture(scope="module")
def app():
    yield from shared_app()


@pytest.fixture(autouse=True)
def fresh_session(app):
    yield
    db.session.remove()


@pytest.fixture
def pair(session):
    cast = make_cast(session)
    return cast, make_in_state(session, cast, MatchStatus.ACTIVE)


def test_report_own_message_or_stranger_refused(session, pair):
    cast, req = pair
    mine = threads.post_message(session, req, by=cast.mentee, body="mine")
    with pytest.raises(NotAllowedError):
        reports.report_message(session, mine, req, by=cast.mentee, reason="x")
    with pytest.raises(NotAllowedError):
        reports.report_member(session, make_mentee(session), by=cast.mentee, reason="x")
    assert count(session, Report) == 0


def test_report_twice_refused(session, pair):
    cast, req = pair
    reports.report_member(session, cast.mentor, by=cast.mentee, reason="rude")
    with pytest.raises(DuplicateRequestError):
        reports.report_member(session, cast.mentor, by=cast.mentee, reason="rude")


def test_admin_reads_only_reported_context_and_warns(app, session, pair):
    cast, req = pair
    threads.post_message(session, req, by=cast.mentor, body="before")
    bad = threads.post_message(session, req, by=cast.mentor, body="nasty words")
    threads.post_message(session, req, by=cast.mentor, body="after it")
    mentee = client_as(app, cast.mentee)
    sent = mentee.post(f"/messages/{bad.message_id}/report", data={"reason": "Rude"})
    assert sent.status_code == 302
    report = session.scalars(select(Report).filter_by(message_id=bad.message_id)).one()
    admin = client_as(app, cast.admin)
    queue = admin.get("/admin/reports").get_data(as_text=True)
    assert f"/admin/reports/{report.report_id}" in queue
    page = admin.get(f"/admin/reports/{report.report_id}").get_data(as_text=True)
    assert "nasty words" in page and "before" in page and "after it" not in page
    decided = admin.post(
        f"/admin/reports/{report.report_id}/decide",
        data={"decision": "warned", "note": "Keep it civil."},
    )
    assert decided.status_code == 302 and ("success", "Report resolved.") in flashes(
        admin
    )
    session.expire_all()
    assert report.status == "warned"
    warned = session.scalars(
        select(Notification).where(Notification.user_id == cast.mentor.user_id)
    ).all()
    assert any("Keep it civil." in n.text for n in warned)
    audited = select(AuditLog).where(
        AuditLog.action == "report.warned", AuditLog.target_id == cast.mentor.user_id
    )
    assert session.scalars(audited).one().actor_id == cast.admin.user_id
    again = admin.post(
        f"/admin/reports/{report.report_id}/decide", data={"decision": "dismissed"}
    )
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("decision", "effect"), [("deactivated", "user"), ("ended", "pairing")]
)
def test_admin_deactivates_or_ends_the_pairing(app, session, pair, decision, effect):
    cast, req = pair
    report = reports.report_member(session, cast.mentor, by=cast.mentee, reason="x")
    client_as(app, cast.admin).post(
        f"/admin/reports/{report.report_id}/decide", data={"decision": decision}
    )
    session.expire_all()
    assert report.status == decision
    if effect == "user":
        assert not cast.mentor.is_active
    else:
        assert req.status == MatchStatus.ENDED


def test_block_from_the_thread_hides_messages(app, session, pair):
    cast, req = pair
    threads.post_message(session, req, by=cast.mentor, body="unwanted")
    mentee = client_as(app, cast.mentee)
    page = mentee.get(f"/pairings/{req.request_id}").get_data(as_text=True)
    assert "Block: hide their messages" in page
    mentee.post(
        "/matches/preferences", data={"kind": "block", "other_id": cast.mentor.user_id}
    )
    page = mentee.get(f"/pairings/{req.request_id}").get_data(as_text=True)
    assert "unwanted" not in page and "Messages are off" in page
    assert threads.unread_total(session, cast.mentee.user_id) == 0
