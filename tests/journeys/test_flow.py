"""The whole request flow through the test client, and every illegal transition."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from mentormatch.core.models import (
    AuditLog,
    MatchRequest,
    MatchStatus,
    Notification,
    StatusChange,
    utcnow,
)
from tests.factories import make_match_request, make_mentor
from tests.web.flow_helpers import client_as, count, flashes, make_cast, make_in_state

S = MatchStatus


@pytest.fixture
def cast(session):
    return make_cast(session)


def notes_for(session, user) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification).where(Notification.user_id == user.user_id)
        )
    )


def test_flow_request_accept_approve_then_pairing_page(app, session, cast):
    other_mentor = make_mentor(session, display_name="Second Mentor")
    earlier = make_match_request(session, mentee=cast.mentee, mentor=other_mentor)
    mentee, mentor, admin = (
        client_as(app, u) for u in (cast.mentee, cast.mentor, cast.admin)
    )

    page = mentee.get(f"/matches/request/{cast.mentor.user_id}")
    assert page.status_code == 200
    assert b"Otto Mentor" in page.data and b"% match" in page.data
    sent = mentee.post(
        f"/matches/request/{cast.mentor.user_id}",
        data={"message": "  Please mentor me.  "},
    )
    assert sent.status_code == 302
    assert sent.headers["Location"] == "/matches/requests"
    assert ("success", "Your request is on its way to Otto Mentor.") in flashes(mentee)
    req = session.scalar(
        select(MatchRequest).where(MatchRequest.mentor_id == cast.mentor.user_id)
    )
    assert req.status == S.REQUESTED and req.message == "Please mentor me."
    assert req.score > 0 and req.reasons and req.score_parts

    inbox = mentor.get("/requests")
    # the mentor reads the reasons from their side, not the mentee's
    assert b"Mia Mentee" in inbox.data
    assert req.reasons_for("mentor")[0].encode() in inbox.data
    assert req.reasons[0].encode() not in inbox.data
    assert mentor.post(f"/requests/{req.request_id}/accept").status_code == 302
    session.expire_all()
    assert req.status == S.ACCEPTED
    assert earlier.status == S.WITHDRAWN
    told = notes_for(session, other_mentor)
    assert [n.kind for n in told] == ["request_withdrawn"]
    assert "matched with another mentor" in told[0].text

    queue = admin.get("/admin/queue")
    assert queue.status_code == 200 and b"Mia Mentee with Otto Mentor" in queue.data
    assert (
        admin.post(
            f"/admin/queue/{req.request_id}/approve",
            data={"note": "Good fit", "sure": "y"},
        ).status_code
        == 302
    )
    session.expire_all()
    assert req.status == S.ACTIVE and req.started_at is not None
    assert cast.mentor.profile.mentor_slots_used == 1
    assert cast.mentee.profile.active_pairings == 1
    audit = session.scalar(select(AuditLog))
    assert (audit.action, audit.target_id, audit.actor_id) == (
        "approve_match",
        req.request_id,
        cast.admin.user_id,
    )

    mine = mentee.get("/matches/requests")
    assert f"/pairings/{req.request_id}".encode() in mine.data
    pairing = mentee.get(f"/pairings/{req.request_id}")
    assert pairing.status_code == 200
    assert cast.mentor.email.encode() in pairing.data
    assert b"pass the PgMP" in pairing.data  # the mentee's goals
    assert f"/pairings/{req.request_id}".encode() in mentor.get("/requests").data


def test_flow_decline_with_reason(app, session, cast):
    req = make_in_state(session, cast, S.REQUESTED)
    mentor = client_as(app, cast.mentor)
    response = mentor.post(
        f"/requests/{req.request_id}/decline",
        data={"reason": "schedule", "note": " Sorry! ", "sure": "y"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/requests"
    session.expire_all()
    assert (req.status, req.decline_reason, req.response_note) == (
        S.DECLINED,
        "schedule",
        "Sorry!",
    )
    assert "our schedules do not fit" in notes_for(session, cast.mentee)[0].text
    detail = client_as(app, cast.mentee).get(f"/matches/requests/{req.request_id}")
    assert b"Our schedules do not fit" in detail.data and b"Sorry!" in detail.data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "bogus"}, b"Not a valid choice"),
        ({"reason": "other", "note": "x" * 501}, b"Keep it under 500 characters."),
        ({"reason": "other", "note": "a\x00b"}, b"control characters"),
    ],
)
def test_flow_decline_bad_input_400_unchanged(app, session, cast, data, message):
    req = make_in_state(session, cast, S.REQUESTED)
    response = client_as(app, cast.mentor).post(
        f"/requests/{req.request_id}/decline", data=data
    )
    assert response.status_code == 400 and message in response.data
    session.expire_all()
    assert req.status == S.REQUESTED


def test_flow_withdraw(app, session, cast):
    req = make_in_state(session, cast, S.ACCEPTED)
    mentee = client_as(app, cast.mentee)
    response = mentee.post(f"/matches/requests/{req.request_id}/withdraw")
    assert response.status_code == 302
    assert ("success", "Your request is withdrawn.") in flashes(mentee)
    session.expire_all()
    assert req.status == S.WITHDRAWN
    assert [n.kind for n in notes_for(session, cast.mentor)] == ["request_withdrawn"]


def test_flow_reject_with_reason(app, session, cast):
    req = make_in_state(session, cast, S.ACCEPTED)
    admin = client_as(app, cast.admin)
    missing = admin.post(f"/admin/queue/{req.request_id}/reject", data={"reason": "  "})
    assert missing.status_code == 400 and b"Give a reason" in missing.data
    session.expire_all()
    assert req.status == S.ACCEPTED
    response = admin.post(
        f"/admin/queue/{req.request_id}/reject",
        data={"reason": "Same employer", "sure": "y"},
    )
    assert response.status_code == 302
    session.expire_all()
    assert (req.status, req.decision_note) == (S.REJECTED, "Same employer")
    audit = session.scalar(select(AuditLog))
    assert audit.action == "reject_match" and audit.detail == {
        "reason": "Same employer"
    }
    assert "Same employer" in notes_for(session, cast.mentee)[0].text


def test_flow_end_pairing(app, session, cast):
    req = make_in_state(session, cast, S.ACTIVE)
    mentee = client_as(app, cast.mentee)
    response = mentee.post(
        f"/pairings/{req.request_id}/end", data={"reason": "Goal reached", "sure": "y"}
    )
    assert response.status_code == 302
    session.expire_all()
    assert req.status == S.ENDED and req.ended_at is not None
    assert cast.mentor.profile.mentor_slots_used == 0
    assert cast.mentee.profile.active_pairings == 0
    assert [n.kind for n in notes_for(session, cast.mentor)] == ["pairing_ended"]
    page = mentee.get(f"/pairings/{req.request_id}")
    assert page.status_code == 200 and cast.mentor.email.encode() not in page.data


def test_flow_expire_command(app, session, runner, cast):
    old = make_in_state(
        session, cast, S.REQUESTED, created_at=utcnow() - timedelta(days=20)
    )
    fresh = make_match_request(session, mentee=cast.other, mentor=cast.mentor)
    result = runner.invoke(args=["expire-requests"])
    assert result.exit_code == 0, result.output
    assert "Expired 1 request" in result.output
    session.expire_all()
    assert (old.status, fresh.status) == (S.EXPIRED, S.REQUESTED)
    assert [n.kind for n in notes_for(session, cast.mentee)] == ["request_expired"]
    assert (
        "Expired 0 requests"
        in runner.invoke(args=["expire-requests", "--days", "30"]).output
    )


def test_flow_expire_command_days_option(session, runner, cast):
    make_in_state(session, cast, S.REQUESTED, created_at=utcnow() - timedelta(days=5))
    assert "Expired 0 requests" in runner.invoke(args=["expire-requests"]).output
    assert (
        "Expired 1 request "
        in runner.invoke(args=["expire-requests", "--days", "3"]).output
    )
    assert runner.invoke(args=["expire-requests", "--days", "0"]).exit_code != 0


ILLEGAL = [
    # (state, actor, url, data, message)
    (S.ACCEPTED, "mentor", "/requests/{id}/accept", {}, "it cannot be accepted now"),
    (
        S.DECLINED,
        "admin",
        "/admin/queue/{id}/approve",
        {"sure": "y"},
        "it cannot be active now",
    ),
    (
        S.ACTIVE,
        "mentee",
        "/matches/requests/{id}/withdraw",
        {},
        "it cannot be withdrawn now",
    ),
    (
        S.WITHDRAWN,
        "mentor",
        "/requests/{id}/decline",
        {"reason": "other", "sure": "y"},
        "it cannot be declined now",
    ),
    (
        S.REQUESTED,
        "admin",
        "/admin/queue/{id}/reject",
        {"reason": "No", "sure": "y"},
        "it cannot be rejected now",
    ),
    (S.ENDED, "mentee", "/pairings/{id}/end", {"sure": "y"}, "it cannot be ended now"),
    (
        S.EXPIRED,
        "mentee",
        "/matches/requests/{id}/withdraw",
        {},
        "it cannot be withdrawn now",
    ),
    (
        S.REJECTED,
        "admin",
        "/admin/queue/{id}/approve",
        {"sure": "y"},
        "it cannot be active now",
    ),
]


@pytest.mark.parametrize(("state", "actor", "url", "data", "message"), ILLEGAL)
def test_flow_illegal_transition_409_nothing_changes(
    app, session, cast, state, actor, url, data, message
):
    req = make_in_state(session, cast, state)
    before = (
        count(session, StatusChange),
        count(session, Notification),
        count(session, AuditLog),
    )
    response = client_as(app, getattr(cast, actor)).post(
        url.format(id=req.request_id), data=data
    )
    assert response.status_code == 409
    assert message in response.get_data(as_text=True)
    session.expire_all()
    assert req.status == state
    assert (
        count(session, StatusChange),
        count(session, Notification),
        count(session, AuditLog),
    ) == before
