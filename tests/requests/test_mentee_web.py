"""The mentee side: the request form, refusals, my requests, detail and pairing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mentormatch.core.models import MatchRequest, MatchStatus
from tests.factories import make_match_request, make_mentor, make_profile
from tests.web.flow_helpers import client_as, count, make_cast, make_in_state

S = MatchStatus


@pytest.fixture
def app_config():
    return {"PER_PAGE": 2}


@pytest.fixture
def cast(session):
    return make_cast(session)


def test_matches_request_form_shows_mentor_and_reasons(app, cast):
    page = client_as(app, cast.mentee).get(f"/matches/request/{cast.mentor.user_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Ask Otto Mentor to mentor you" in text
    assert "% match" in text and "PgMP" in text
    assert 'name="message"' in text


def _not_offering(session, cast):
    return make_profile(session, offers_mentoring=False, wants_mentor=True).user


def _deactivated(session, cast):
    mentor = make_mentor(session)
    mentor.is_active = False
    session.commit()
    return mentor


@pytest.mark.parametrize(
    "make_target", [_not_offering, _deactivated, lambda session, cast: cast.mentee]
)
def test_matches_request_form_only_for_mentors(app, session, cast, make_target):
    target = make_target(session, cast)
    client = client_as(app, cast.mentee)
    assert client.get(f"/matches/request/{target.user_id}").status_code == 404
    assert client.get("/matches/request/999999").status_code == 404


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("", "Write a short message"),
        ("   ", "Write a short message"),
        ("x" * 1001, "Keep your message under 1000 characters."),
        ("Hello\x00there", "control characters"),
    ],
)
def test_matches_request_message_validation(app, session, cast, message, error):
    response = client_as(app, cast.mentee).post(
        f"/matches/request/{cast.mentor.user_id}", data={"message": message}
    )
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    assert count(session, MatchRequest) == 0


def test_matches_request_message_at_limit_accepted(app, session, cast):
    response = client_as(app, cast.mentee).post(
        f"/matches/request/{cast.mentor.user_id}", data={"message": "x" * 1000}
    )
    assert response.status_code == 302
    assert count(session, MatchRequest) == 1


def _duplicate(session, cast):
    make_in_state(session, cast, S.REQUESTED)
    return cast.mentor


def _too_many_open(session, cast):
    for _ in range(3):
        make_match_request(session, mentee=cast.mentee, mentor=make_mentor(session))
    return cast.mentor


def _mentor_full(session, cast):
    return make_mentor(session, mentor_capacity=1, mentor_slots_used=1)


@pytest.mark.parametrize(
    ("setup", "status", "message"),
    [
        (
            _duplicate,
            409,
            "You already have an open request or pairing with this mentor.",
        ),
        (_too_many_open, 409, "You can have at most 3 open requests."),
        (_mentor_full, 409, "This mentor has no free place right now."),
    ],
)
def test_matches_request_refusals_shown_with_status(
    app, session, cast, setup, status, message
):
    mentor = setup(session, cast)
    before = count(session, MatchRequest)
    response = client_as(app, cast.mentee).post(
        f"/matches/request/{mentor.user_id}", data={"message": "Please?"}
    )
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert 'name="message"' in response.get_data(as_text=True)  # the form again
    assert count(session, MatchRequest) == before


def test_matches_request_self_refused(app, session, cast):
    response = client_as(app, cast.mentor).post(
        f"/matches/request/{cast.mentor.user_id}", data={"message": "Me?"}
    )
    assert response.status_code == 403
    assert b"You cannot request yourself as a mentor." in response.data
    assert count(session, MatchRequest) == 0


def test_matches_my_requests_empty_state(app, cast):
    page = client_as(app, cast.mentee).get("/matches/requests")
    assert page.status_code == 200
    assert "No requests yet — see your" in page.get_data(as_text=True)
    assert b'href="/matches"' in page.data


def test_matches_my_requests_newest_first_paginated(app, session, cast):
    names = ["Anna First", "Ben Second", "Cleo Third"]
    for name in names:
        make_match_request(
            session,
            mentee=cast.mentee,
            mentor=make_mentor(session, display_name=name),
            status=S.DECLINED,
        )
    client = client_as(app, cast.mentee)
    first = client.get("/matches/requests").get_data(as_text=True)
    assert first.index("Cleo Third") < first.index("Ben Second")
    assert "Anna First" not in first and "Page 1 of 2" in first
    assert "Declined by the mentor" in first
    second = client.get("/matches/requests?page=2").get_data(as_text=True)
    assert "Anna First" in second and "Cleo Third" not in second


@pytest.mark.parametrize("page", ["abc", "0", "-3", "99"])
def test_matches_my_requests_bad_page_values_clamped(app, session, cast, page):
    for _ in range(3):
        make_match_request(session, mentee=cast.mentee, status=S.EXPIRED)
    response = client_as(app, cast.mentee).get(f"/matches/requests?page={page}")
    assert response.status_code == 200
    expected = "Page 2 of 2" if page == "99" else "Page 1 of 2"
    assert expected in response.get_data(as_text=True)


def test_matches_request_detail_shows_history_and_withdraw(app, session, cast):
    client = client_as(app, cast.mentee)
    client.post(f"/matches/request/{cast.mentor.user_id}", data={"message": "Hi there"})
    req = session.scalar(select(MatchRequest))
    page = client.get(f"/matches/requests/{req.request_id}").get_data(as_text=True)
    assert "Hi there" in page and "Waiting for the mentor" in page
    assert f"/matches/requests/{req.request_id}/withdraw" in page
    assert "History" in page and "by Mia Mentee" in page


def test_matches_pairing_page_redirects_until_active(app, session, cast):
    req = make_in_state(session, cast, S.ACCEPTED)
    response = client_as(app, cast.mentee).get(f"/pairings/{req.request_id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/matches/requests/{req.request_id}"


def test_matches_pairing_page_for_mentor_and_admin(app, session, cast):
    req = make_in_state(session, cast, S.ACTIVE)
    for user in (cast.mentor, cast.admin):
        page = client_as(app, user).get(f"/pairings/{req.request_id}")
        assert page.status_code == 200
        assert cast.mentee.email.encode() in page.data and b"End pairing" in page.data


def test_matches_end_pairing_reason_too_long_400(app, session, cast):
    req = make_in_state(session, cast, S.ACTIVE)
    response = client_as(app, cast.mentee).post(
        f"/pairings/{req.request_id}/end", data={"reason": "x" * 501}
    )
    assert (
        response.status_code == 400
        and b"Keep it under 500 characters." in response.data
    )
    session.expire_all()
    assert req.status == S.ACTIVE
