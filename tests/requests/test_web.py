"""The mentor's inbox: order, mentee facts, empty state, accept limits, nav link."""

from __future__ import annotations

import pytest

from mentormatch.core.models import MatchStatus
from tests.factories import make_match_request, make_mentee
from tests.web.flow_helpers import client_as, make_cast, make_in_state

S = MatchStatus


@pytest.fixture
def app_config():
    return {"PER_PAGE": 3}


@pytest.fixture
def cast(session):
    return make_cast(session)


def test_requests_inbox_shows_mentee_facts_reasons_and_score(app, session, cast):
    make_in_state(
        session, cast, S.REQUESTED, score=0.72, reasons=["Holds PgMP, your target"]
    )
    page = client_as(app, cast.mentor).get("/requests").get_data(as_text=True)
    for fact in (
        "Mia Mentee",
        "PMP",
        "PgMP",
        "program and portfolio management",
        "pass the PgMP",
        "Berlin",
        "Europe/Berlin",
        "English",
        "1:1 video",
        "Holds PgMP, your target",
        "72% match",
        "Hello, would you mentor me?",
    ):
        assert fact in page, fact
    assert "/accept" in page


def test_requests_inbox_waiting_first_then_newest(app, session, cast):
    decided = make_mentee(session, display_name="Dora Declined")
    waiting = make_mentee(session, display_name="Walt Waiting")
    make_match_request(session, mentee=waiting, mentor=cast.mentor)
    make_match_request(session, mentee=decided, mentor=cast.mentor, status=S.DECLINED)
    page = client_as(app, cast.mentor).get("/requests").get_data(as_text=True)
    assert page.index("Walt Waiting") < page.index("Dora Declined")


def test_requests_inbox_paginated_and_bad_page(app, session, cast):
    for _ in range(4):
        make_match_request(session, mentor=cast.mentor, status=S.EXPIRED)
    client = client_as(app, cast.mentor)
    assert "Page 1 of 2" in client.get("/requests?page=abc").get_data(as_text=True)
    assert "Page 2 of 2" in client.get("/requests?page=2").get_data(as_text=True)


def test_requests_inbox_empty_state(app, cast):
    page = client_as(app, cast.mentor).get("/requests")
    assert page.status_code == 200 and b"No requests yet" in page.data


def test_requests_detail_for_mentee_redirects_to_their_page(app, session, cast):
    req = make_in_state(session, cast, S.REQUESTED)
    response = client_as(app, cast.mentee).get(f"/requests/{req.request_id}")
    assert response.headers["Location"] == f"/matches/requests/{req.request_id}"


def test_requests_detail_has_decline_reasons(app, session, cast):
    req = make_in_state(session, cast, S.REQUESTED)
    page = (
        client_as(app, cast.mentor)
        .get(f"/requests/{req.request_id}")
        .get_data(as_text=True)
    )
    for label in (
        "No capacity right now",
        "Outside my expertise",
        "Our schedules do not fit",
        "Other",
    ):
        assert label in page


def test_requests_accept_without_free_place_409(app, session, cast):
    cast.mentor.profile.mentor_capacity = 1
    session.commit()
    make_match_request(session, mentor=cast.mentor, status=S.ACCEPTED)
    req = make_in_state(session, cast, S.REQUESTED)
    response = client_as(app, cast.mentor).post(f"/requests/{req.request_id}/accept")
    assert response.status_code == 409
    assert b"You have no free mentee place." in response.data
    session.expire_all()
    assert req.status == S.REQUESTED


def test_requests_nav_inbox_only_for_mentors(app, cast):
    assert b'href="/requests"' in client_as(app, cast.mentor).get("/notifications").data
    assert (
        b'href="/requests"'
        not in client_as(app, cast.mentee).get("/notifications").data
    )
