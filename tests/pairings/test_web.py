"""The pairings blueprint: who may reach each route, forms, calendar, CSV, feedback."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from mentormatch.core.models import (
    Agreement,
    CheckIn,
    Feedback,
    MatchStatus,
    Notification,
    PairingGoal,
    SharedResource,
)
from mentormatch.extensions import db
from mentormatch.pairings.services import followups
from mentormatch.pairings.services import items as pairing_items
from mentormatch.pairings.services.calendar import checkin_dates
from tests.pairings.helpers import agree
from tests.web.flow_helpers import (
    client_as,
    count,
    flashes,
    make_cast,
    make_in_state,
    shared_app,
)

S = MatchStatus
ACTORS = ("anonymous", "mentee", "mentor", "other", "admin")
SOON = date.today() + timedelta(days=7)  # the first check-in of a new agreement
AGREEMENT = {
    "goals": "Pass the PgMP",
    "cadence": "weekly",
    "duration_months": "6",
    "starts_on": SOON.isoformat(),
    "confidential": "y",
}
CHECKIN = {"held_on": "2026-01-05", "minutes": "60", "notes": "Talked", "next_step": ""}
FEEDBACK = {"rating": "4", "comment": "Helpful", "sure": "y"}


@pytest.fixture(scope="module")
def app():
    """Every case makes its own people, so the cases can share one database."""
    yield from shared_app()


@pytest.fixture(autouse=True)
def fresh_session(app):
    yield
    db.session.remove()


@pytest.fixture
def cast(session):
    return make_cast(session)


def prepare(session, cast, stage: str):
    """A pairing of the cast at `stage`; return it and the ids its URLs need."""
    req = make_in_state(session, cast, S.ENDED if stage == "ended" else S.ACTIVE)
    ids = {"id": req.request_id}
    if stage == "proposed":
        terms = followups.Terms("Goal", "weekly", 6, SOON)
        followups.propose_agreement(session, req, by=req.mentee, terms=terms)
    if stage in ("agreed", "checkin", "goal"):
        agree(session, req, starts_on=SOON)
    if stage == "checkin":
        followups.log_checkin(
            session, req, by=req.mentee, held_on=date(2026, 1, 5), minutes=30
        )
    if stage == "goal":
        ids["goal"] = session.scalars(
            select(PairingGoal.goal_id).where(PairingGoal.request_id == req.request_id)
        ).first()
    if stage == "resource":
        link = pairing_items.add_resource(
            session, req, by=req.mentee, title="Guide", url="https://example.org"
        )
        ids["res"] = link.resource_id
    return req, ids


def row(method, url, stage, data, *expected):
    return [
        pytest.param(
            method, url, stage, data, actor, code, id=f"{method} {url} {actor}"
        )
        for actor, code in zip(ACTORS, expected, strict=True)
    ]


P = "/pairings/{id}"
TABLE = [
    *row("POST", P + "/agreement", "active", AGREEMENT, 302, 302, 302, 404, 403),
    *row("POST", P + "/agreement/accept", "proposed", {}, 302, 409, 302, 404, 403),
    *row("POST", P + "/checkins", "agreed", CHECKIN, 302, 302, 302, 404, 403),
    *row("POST", P + "/fit", "checkin", {"answer": "yes"}, 302, 302, 302, 404, 403),
    *row("POST", P + "/extend", "agreed", {}, 302, 302, 302, 404, 403),
    *row("POST", P + "/goals", "active", {"title": "Lead"}, 302, 302, 403, 404, 403),
    *row(
        "POST",
        P + "/goals/{goal}",
        "goal",
        {"goal{goal}-status": "done", "goal{goal}-progress": "10"},
        302,
        302,
        302,
        404,
        403,
    ),
    *row(
        "POST",
        P + "/resources",
        "active",
        {"title": "PMI", "url": "https://pmi.org"},
        302,
        302,
        302,
        404,
        403,
    ),
    *row(
        "POST", P + "/resources/{res}/delete", "resource", {}, 302, 302, 403, 404, 403
    ),
    *row("POST", P + "/close", "active", FEEDBACK, 302, 302, 302, 404, 403),
    *row("POST", P + "/feedback", "ended", FEEDBACK, 302, 302, 302, 404, 403),
    *row("GET", P + "/checkins.ics", "agreed", None, 302, 200, 200, 404, 200),
    *row("GET", "/pairings/hours.csv", "active", None, 302, 200, 200, 200, 200),
    *row("GET", "/pairings/feedback", "active", None, 302, 403, 403, 403, 200),
    *row("GET", "/pairings/{id}", "goal", None, 302, 200, 200, 404, 200),
]


def counts(session, req) -> list[int]:
    models = (Agreement, CheckIn, Feedback, SharedResource)
    return [count(session, m, m.request_id == req.request_id) for m in models]


@pytest.mark.parametrize(("method", "url", "stage", "data", "actor", "expected"), TABLE)
def test_pairings_authorization_table(
    app, session, cast, method, url, stage, data, actor, expected
):
    req, ids = prepare(session, cast, stage)
    user = None if actor == "anonymous" else getattr(cast, actor)
    form = {k.format(**ids): v for k, v in (data or {}).items()}
    before = counts(session, req)
    response = client_as(app, user).open(url.format(**ids), method=method, data=form)
    assert response.status_code == expected
    if actor == "anonymous":
        assert response.headers["Location"].startswith("/login")
    if expected in (403, 404, 409) or actor == "anonymous":
        session.expire_all()
        assert counts(session, req) == before
        assert req.status == (S.ENDED if stage == "ended" else S.ACTIVE)


def test_pairings_page_shows_waiting_for_then_schedule(app, session, cast):
    req, ids = prepare(session, cast, "active")
    mentee, mentor = client_as(app, cast.mentee), client_as(app, cast.mentor)
    page = mentee.get(f"/pairings/{req.request_id}")
    assert b"Propose the agreement" in page.data
    assert b"I want to step up to program management" in page.data  # prefilled goals
    assert (
        mentee.post(f"/pairings/{req.request_id}/agreement", data=AGREEMENT).status_code
        == 302
    )
    assert ("success", "Agreement sent to Otto Mentor.") in flashes(mentee)
    page = mentor.get(f"/pairings/{req.request_id}")
    assert b"Waiting for Otto Mentor to accept the agreement." in page.data
    assert b"Accept the agreement" in page.data
    mentor.post(f"/pairings/{req.request_id}/agreement/accept")
    page = mentor.get(f"/pairings/{req.request_id}")
    assert b"Waiting for" not in page.data and b"Next check-ins" in page.data
    assert b"checkins.ics" in page.data and b"Pass the PgMP" in page.data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minutes": "4"}, "Give the length in minutes, 5 to 600."),
        ({"minutes": "601"}, "Give the length in minutes, 5 to 600."),
        ({"minutes": "an hour"}, "Give the length in minutes, 5 to 600."),
        ({"held_on": ""}, "Give the date of the check-in."),
        ({"held_on": "2026-13-01"}, "Not a valid date value."),
        ({"held_on": "2999-01-01"}, "Log a check-in on or after the day you held it."),
        ({"notes": "x" * 2001}, "Keep this to 2000 characters or fewer."),
        ({"next_step": "x" * 501}, "Keep this to 500 characters or fewer."),
        ({"notes": "bad\x00byte"}, "Remove the invisible control characters."),
    ],
)
def test_pairings_checkin_bad_input_400_unchanged(app, session, cast, changes, message):
    req, _ = prepare(session, cast, "agreed")
    response = client_as(app, cast.mentee).post(
        f"/pairings/{req.request_id}/checkins", data={**CHECKIN, **changes}
    )
    assert response.status_code == 400
    assert message.encode() in response.data
    assert count(session, CheckIn, CheckIn.request_id == req.request_id) == 0


@pytest.mark.parametrize(
    ("url", "stage", "data", "message", "model"),
    [
        (
            "/agreement",
            "active",
            {**AGREEMENT, "confidential": ""},
            "Both of you agree to confidentiality.",
            Agreement,
        ),
        (
            "/agreement",
            "active",
            {**AGREEMENT, "cadence": "daily"},
            "Not a valid choice",
            Agreement,
        ),
        (
            "/agreement",
            "active",
            {**AGREEMENT, "duration_months": "0"},
            "Choose a duration of 1 to 24 months.",
            Agreement,
        ),
        (
            "/resources",
            "active",
            {"title": "x", "url": "javascript:alert(1)"},
            "Give a web link starting with http:// or https://.",
            SharedResource,
        ),
        (
            "/resources",
            "active",
            {"title": "x" * 121, "url": "https://a.org"},
            "Keep this to 120 characters or fewer.",
            SharedResource,
        ),
        ("/close", "active", {"rating": "6"}, "Not a valid choice", Feedback),
        (
            "/close",
            "active",
            {"rating": "3", "comment": "x" * 1001},
            "Keep this to 1000 characters or fewer.",
            Feedback,
        ),
        ("/goals", "active", {"title": ""}, "Write the goal.", PairingGoal),
    ],
)
def test_pairings_bad_input_400_next_to_field(
    app, session, cast, url, stage, data, message, model
):
    req, _ = prepare(session, cast, stage)
    response = client_as(app, cast.mentee).post(
        f"/pairings/{req.request_id}{url}", data=data
    )
    assert response.status_code == 400
    assert message.encode() in response.data and b'class="errors"' in response.data
    assert count(session, model, model.request_id == req.request_id) == 0
    session.expire_all()
    assert req.status == S.ACTIVE


def test_pairings_links_render_safely(app, session, cast):
    req, _ = prepare(session, cast, "active")
    client = client_as(app, cast.mentor)
    client.post(
        f"/pairings/{req.request_id}/resources",
        data={"title": "<b>Guide</b>", "url": "https://example.org/?a=1&b=2"},
    )
    page = client.get(f"/pairings/{req.request_id}").data.decode()
    assert (
        '<a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer"' in page
    )
    assert "&lt;b&gt;Guide&lt;/b&gt;" in page and "<b>Guide</b>" not in page


def test_pairings_close_twice_is_409(app, session, cast):
    req, _ = prepare(session, cast, "active")
    mentee, mentor = client_as(app, cast.mentee), client_as(app, cast.mentor)
    first = mentee.post(f"/pairings/{req.request_id}/close", data=FEEDBACK)
    assert first.status_code == 302
    assert first.headers["Location"] == f"/pairings/{req.request_id}#followups"
    second = mentor.post(f"/pairings/{req.request_id}/close", data=FEEDBACK)
    assert second.status_code == 409
    assert count(session, Feedback, Feedback.request_id == req.request_id) == 1
    page = mentor.get(f"/pairings/{req.request_id}")
    assert b"Leave your feedback" in page.data


def test_pairings_feedback_one_per_person(app, session, cast):
    req, _ = prepare(session, cast, "ended")
    mentor = client_as(app, cast.mentor)
    assert (
        mentor.post(f"/pairings/{req.request_id}/feedback", data=FEEDBACK).status_code
        == 302
    )
    again = mentor.post(f"/pairings/{req.request_id}/feedback", data={"rating": "1"})
    assert again.status_code == 409
    assert b"You already left feedback on this pairing." in again.data
    ratings = select(Feedback.rating).where(Feedback.request_id == req.request_id)
    assert session.scalars(ratings).all() == [4]
    assert (
        b"You rated this pairing 4 of 5."
        in mentor.get(f"/pairings/{req.request_id}").data
    )


def test_pairings_fit_no_ends_pairing_and_sends_mentee_to_suggestions(
    app, session, cast
):
    req, _ = prepare(session, cast, "checkin")
    mentor = client_as(app, cast.mentor)
    page = mentor.get(f"/pairings/{req.request_id}")
    assert b"Is this a good fit?" in page.data
    response = mentor.post(
        f"/pairings/{req.request_id}/fit", data={"answer": "no", "sure": "y"}
    )
    assert response.status_code == 302
    said = "The pairing has ended: not a good fit. Otto Mentor will not be suggested"
    assert any(text.startswith(said) for _, text in flashes(mentor))
    session.expire_all()
    assert req.status == S.ENDED
    note = session.scalars(
        select(Notification).where(
            Notification.user_id == cast.mentee.user_id,
            Notification.kind == "fit_rematch",
        )
    ).one()
    assert note.link == "/matches"


def test_pairings_ics_download_parses(app, session, cast):
    req, _ = prepare(session, cast, "agreed")
    response = client_as(app, cast.mentor).get(
        f"/pairings/{req.request_id}/checkins.ics"
    )
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert event.decoded("dtstart") == SOON  # all day: no check-in time agreed
    assert str(event["rrule"]["FREQ"][0]) == "WEEKLY"
    agreement = session.scalar(select(Agreement).filter_by(request_id=req.request_id))
    assert event["rrule"]["COUNT"] == [len(checkin_dates(agreement))]  # all of them


def test_pairings_hours_csv_download(app, session, cast):
    req, _ = prepare(session, cast, "checkin")
    response = client_as(app, cast.mentor).get("/pairings/hours.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[1] == ["2026-01-05", "Mia Mentee", "mentor", "30", "0.50"]
    assert rows[-1] == ["total", "", "", "30", "0.50"]


def test_pairings_past_end_banner_and_extend(app, session, cast):
    req, _ = prepare(session, cast, "active")
    agree(session, req, starts_on=date(2025, 1, 6), duration_months=1)
    client = client_as(app, cast.mentee)
    page = client.get(f"/pairings/{req.request_id}")
    assert b"The agreed duration ended on 06 Feb 2025" in page.data
    assert b"Extend 3 months" in page.data and b"Close with feedback" in page.data
    assert client.post(f"/pairings/{req.request_id}/extend").status_code == 302
    session.expire_all()
    months = select(Agreement.duration_months).where(
        Agreement.request_id == req.request_id
    )
    assert session.scalar(months) == 4


def test_pairings_goal_of_another_pairing_is_404(app, session, cast):
    _, ids = prepare(session, cast, "goal")
    other_req = make_in_state(session, make_cast(session), S.ACTIVE)
    response = client_as(app, other_req.mentee).post(
        f"/pairings/{other_req.request_id}/goals/{ids['goal']}",
        data={f"goal{ids['goal']}-status": "done", f"goal{ids['goal']}-progress": "1"},
    )
    assert response.status_code == 404


def test_pairings_admin_feedback_page_paginated(app, session, cast, monkeypatch):
    monkeypatch.setitem(app.config, "PER_PAGE", 1)
    req, _ = prepare(session, cast, "active")
    pairing_items.close_pairing(session, req, by=req.mentee, rating=2, comment="Meh")
    pairing_items.leave_feedback(session, req, by=req.mentor, rating=5, comment="Top")
    admin = client_as(app, cast.admin)
    first = admin.get("/pairings/feedback")
    assert first.status_code == 200 and b"Page 1 of" in first.data
    newest = session.scalars(
        select(Feedback.comment).order_by(
            Feedback.created_at.desc(), Feedback.feedback_id.desc()
        )
    ).first()
    assert newest.encode() in first.data
    assert admin.get("/pairings/feedback?page=999").status_code == 200


def test_retried_checkin_post_is_not_a_duplicate(app, session, cast):
    """A check-in saved but answered with an error is posted again: one row."""
    req, ids = prepare(session, cast, "agreed")
    client = client_as(app, req.mentee)
    url = f"/pairings/{ids['id']}/checkins"
    for _ in range(3):
        assert client.post(url, data=CHECKIN).status_code == 302
    held = session.scalars(select(CheckIn).where(CheckIn.request_id == req.request_id))
    assert len(held.all()) == 1
    other = {**CHECKIN, "notes": "A second meeting the same day"}
    assert client.post(url, data=other).status_code == 302
    held = session.scalars(select(CheckIn).where(CheckIn.request_id == req.request_id))
    assert len(held.all()) == 2
