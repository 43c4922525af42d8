"""Admin area: queue filters and order, bulk approval, audit, unresponsive mentors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from mentormatch.core.models import AuditLog, MatchStatus, utcnow
from tests.factories import make_match_request, make_mentee, make_mentor, make_user
from tests.web.flow_helpers import client_as, count, flashes

S = MatchStatus


@pytest.fixture
def app_config():
    return {"PER_PAGE": 2}


@pytest.fixture
def admin(app, session):
    return client_as(app, make_user(session, is_admin=True))


def accepted(session, *, days=1, mentee=None, mentor=None, **kw):
    """An accepted request that has waited `days` since the mentor accepted."""
    return make_match_request(
        session,
        status=S.ACCEPTED,
        responded_at=utcnow() - timedelta(days=days),
        mentee=mentee or make_mentee(session, **kw),
        mentor=mentor,
    )


def shown_ids(html: str) -> list[int]:
    import re

    return [int(x) for x in re.findall(r'queue-item" data-request-id="(\d+)"', html)]


def test_admin_root_is_the_dashboard(admin):
    response = admin.get("/admin")
    assert response.status_code == 200 and "Program dashboard" in response.text


def test_admin_queue_oldest_first_with_reasons(admin, session):
    newer = accepted(session, days=1)
    older = accepted(session, days=5)
    make_match_request(session)  # still waiting for the mentor: not in the queue
    page = admin.get("/admin/queue").get_data(as_text=True)
    assert shown_ids(page) == [older.request_id, newer.request_id]
    assert "2 requests waiting" in page and "Page 1 of" not in page


def test_admin_queue_filters_chapter_of_either_side(admin, session):
    by_mentee = accepted(session, chapter="Lisbon")
    by_mentor = accepted(session, mentor=make_mentor(session, chapter="lisbon"))
    accepted(session, chapter="Oslo")
    page = admin.get("/admin/queue?chapter=Lisbon").get_data(as_text=True)
    assert sorted(shown_ids(page)) == sorted(
        [by_mentee.request_id, by_mentor.request_id]
    )


def test_admin_queue_filters_minimum_age(admin, session):
    old = accepted(session, days=10)
    accepted(session, days=2)
    page = admin.get("/admin/queue?min_age=7").get_data(as_text=True)
    assert shown_ids(page) == [old.request_id]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("min_age=abc", "Not a valid integer value"),
        ("min_age=-1", "Enter 0 to 3650 days."),
        ("chapter=Atlantis", "Not a valid choice"),
    ],
)
def test_admin_queue_bad_filters_400(admin, session, query, message):
    accepted(session)
    response = admin.get(f"/admin/queue?{query}")
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_admin_queue_paginated_keeps_filters(admin, session):
    for days in (9, 8, 7):
        accepted(session, days=days, chapter="Rome")
    page = admin.get("/admin/queue?chapter=Rome&page=abc").get_data(as_text=True)
    assert "Page 1 of 2" in page
    assert "/admin/queue?page=2&amp;chapter=Rome" in page
    assert (
        len(
            shown_ids(
                admin.get("/admin/queue?chapter=Rome&page=2").get_data(as_text=True)
            )
        )
        == 1
    )


def test_admin_queue_empty_state(admin):
    assert b"Nothing waiting for approval" in admin.get("/admin/queue").data


def test_admin_bulk_approve_reports_each_failure(admin, session):
    small = make_mentor(session, mentor_capacity=1)
    first, second = accepted(session, mentor=small), accepted(session, mentor=small)
    declined = make_match_request(session, status=S.DECLINED)
    fine = accepted(session)
    ids = [
        first.request_id,
        second.request_id,
        declined.request_id,
        fine.request_id,
        9999,
    ]
    response = admin.post(
        "/admin/queue/approve-selected", data={"request_ids": ids, "sure": "y"}
    )
    assert (
        response.status_code == 302 and response.headers["Location"] == "/admin/queue"
    )
    messages = flashes(admin)
    assert ("success", "Approved 2 of 5 requests.") in messages
    errors = [m for c, m in messages if c == "error"]
    assert errors == [
        f"Request #{second.request_id} not approved: The mentor has no free place "
        "left; this pairing cannot start.",
        f"Request #{declined.request_id} not approved: This request is declined by "
        "the mentor; it cannot be active now.",
        "Request #9999 not approved: No such request.",
    ]
    session.expire_all()
    assert (first.status, second.status, fine.status) == (
        S.ACTIVE,
        S.ACCEPTED,
        S.ACTIVE,
    )
    assert small.profile.mentor_slots_used == 1
    assert count(session, AuditLog, AuditLog.action == "approve_match") == 2


@pytest.mark.parametrize("data", [{}, {"request_ids": "abc"}])
def test_admin_bulk_approve_needs_a_selection(admin, session, data):
    req = accepted(session)
    response = admin.post("/admin/queue/approve-selected", data=data)
    assert response.status_code == 400
    session.expire_all()
    assert req.status == S.ACCEPTED


def test_admin_approve_note_too_long_400(admin, session):
    req = accepted(session)
    response = admin.post(
        f"/admin/queue/{req.request_id}/approve", data={"note": "x" * 501}
    )
    assert (
        response.status_code == 400
        and b"Keep it under 500 characters." in response.data
    )
    session.expire_all()
    assert req.status == S.ACCEPTED


def test_admin_audit_log_readable_newest_first(admin, session):
    first, second = accepted(session), accepted(session)
    admin.post(
        f"/admin/queue/{first.request_id}/approve",
        data={"note": "Great fit", "sure": "y"},
    )
    admin.post(
        f"/admin/queue/{second.request_id}/reject",
        data={"reason": "Same team", "sure": "y"},
    )
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert page.index("Rejected a pairing") < page.index("Approved a pairing")
    assert "Great fit" in page and "Same team" in page
    assert f'href="/matches/requests/{first.request_id}"' in page
    assert (
        session.scalar(select(AuditLog.action).order_by(AuditLog.audit_id))
        == "approve_match"
    )


def test_admin_audit_empty_state(admin):
    assert b"No admin actions yet" in admin.get("/admin/audit").data


def test_admin_unresponsive_mentors_with_counts(admin, session):
    slow = make_mentor(session, display_name="Sam Slow")
    once = make_mentor(session, display_name="Olly Once")
    for _ in range(3):
        make_match_request(session, mentor=slow, status=S.EXPIRED)
    make_match_request(session, mentor=once, status=S.EXPIRED)
    page = admin.get("/admin/unresponsive").get_data(as_text=True)
    assert "Sam Slow" in page and "Olly Once" not in page
    assert f'data-mentor-id="{slow.user_id}"' in page and "<td>3</td>" in page


def test_admin_unresponsive_empty_state(admin):
    assert b"Every mentor answers" in admin.get("/admin/unresponsive").data
