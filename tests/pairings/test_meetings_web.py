"""Meeting pages: both zones shown, pick, log the check-in, the private feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from mentormatch.core.models import MatchStatus, Meeting, MeetingStatus, utcnow
from mentormatch.extensions import db
from mentormatch.pairings.services import feed, meetings
from tests.pairings.helpers import agree
from tests.web.flow_helpers import client_as, make_cast, make_in_state, shared_app


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
    cast.mentee.profile.timezone = "Europe/Berlin"
    cast.mentor.profile.timezone = "America/New_York"
    session.commit()
    return cast, make_in_state(session, cast, MatchStatus.ACTIVE)


def test_mentee_proposes_in_her_zone_mentor_sees_both_and_picks(app, session, pair):
    cast, req = pair
    day = (utcnow() + timedelta(days=10)).date()
    mentee = client_as(app, cast.mentee)
    posted = mentee.post(
        f"/pairings/{req.request_id}/meetings",
        data={"meeting-slot1": f"{day}T18:00", "meeting-minutes": "45"},
    )
    assert posted.status_code == 302
    meeting = session.query(Meeting).filter_by(request_id=req.request_id).one()
    html = (
        client_as(app, cast.mentor)
        .get(f"/pairings/{req.request_id}")
        .get_data(as_text=True)
    )
    # 18:00 in Berlin is 12:00 in New York whatever the season (both keep DST).
    assert f"{day:%d %b %Y} 18:00 CE" in html and f"{day:%d %b %Y} 12:00 E" in html
    slot = meeting.slots[0]
    base = f"/pairings/{req.request_id}/meetings/{meeting.meeting_id}"
    pick = f"{base}/slots/{slot.slot_id}/pick"
    assert client_as(app, cast.mentor).post(pick).status_code == 302
    session.refresh(meeting)
    assert meeting.status == MeetingStatus.CONFIRMED


def test_log_this_checkin_prefills_the_form_after_the_meeting(app, session, pair):
    cast, req = pair
    agree(session, req)
    meeting = meetings.propose_meeting(
        session, req, by=cast.mentor, starts=[utcnow() + timedelta(hours=1)], minutes=50
    )
    meetings.pick_slot(session, req, meeting, meeting.slots[0], by=cast.mentee)
    meeting.starts_at = utcnow() - timedelta(days=1)  # as if it was yesterday
    session.commit()
    page = client_as(app, cast.mentee).get(
        f"/pairings/{req.request_id}?log_meeting={meeting.meeting_id}"
    )
    html = page.get_data(as_text=True)
    assert "Log this check-in" in html
    assert 'name="minutes"' in html and 'value="50"' in html


def test_feed_address_made_on_request_and_served_without_login(app, session, pair):
    cast, req = pair
    mentee = client_as(app, cast.mentee)
    page = mentee.get(f"/pairings/{req.request_id}").get_data(as_text=True)
    assert 'id="feed-url"' not in page
    assert mentee.post("/pairings/calendar/reset").status_code == 302
    page = mentee.get(f"/pairings/{req.request_id}").get_data(as_text=True)
    url = page.split('id="feed-url">', 1)[1].split("<", 1)[0]
    path = url.split("://", 1)[1].split("/", 1)[1]
    served = app.test_client().get("/" + path)
    assert served.status_code == 200 and served.mimetype == "text/calendar"
    Calendar.from_ical(served.data)
    mentee.post("/pairings/calendar/reset")
    assert app.test_client().get("/" + path).status_code == 404


def test_feed_address_uses_base_url_not_the_request_host(
    app, session, pair, monkeypatch
):
    """The address a calendar app keeps must not follow a Host header an attacker
    or a proxy set: it is built on BASE_URL, like the links in emails."""
    cast, req = pair
    monkeypatch.setitem(app.config, "BASE_URL", "https://mentoring.example.org/")
    feed.reset_token(session, cast.mentee)
    host = {"Host": "evil.example.net:8080"}
    mentee = app.test_client()
    with mentee.session_transaction(headers=host) as sess:  # cookie for that host
        sess["_user_id"], sess["_fresh"] = cast.mentee.get_id(), True
    reply = mentee.get(f"/pairings/{req.request_id}", headers=host)
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200, page[:300]
    url = page.split('id="feed-url">', 1)[1].split("<", 1)[0]
    assert url.startswith("https://mentoring.example.org/pairings/calendar/")
    assert url.endswith(".ics") and "evil" not in url
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    served = app.test_client().get(f"/pairings/calendar/{token}.ics")
    assert served.status_code == 200


def test_resetting_the_address_returns_to_the_pairing_it_was_asked_on(
    app, session, pair
):
    cast, req = pair
    mentee = client_as(app, cast.mentee)
    back = mentee.post("/pairings/calendar/reset", data={"pairing": req.request_id})
    assert back.headers["Location"] == f"/pairings/{req.request_id}#calendar"
    page = mentee.get(f"/pairings/{req.request_id}").get_data(as_text=True)
    assert 'id="feed-url"' in page
    # Someone else's pairing (or nonsense) is no place to return to.
    other = make_in_state(session, make_cast(session), MatchStatus.ACTIVE)
    for bad in (other.request_id, "x", 2**40):
        reply = mentee.post("/pairings/calendar/reset", data={"pairing": bad})
        assert reply.headers["Location"] == "/pairings"
