"""Who may reach each route of the request flow: one table, five kinds of visitor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentormatch.core.member_settings import settings_of
from mentormatch.core.models import MatchStatus, Program, ProgramRole, utcnow
from mentormatch.extensions import db
from mentormatch.messages.services.reports import report_member
from mentormatch.messages.services.threads import post_message
from mentormatch.pairings.services.feed import reset_token
from mentormatch.pairings.services.meetings import propose_meeting
from tests.programs.helpers import make_program_cast, seat
from tests.web.flow_helpers import client_as, make_cast, make_in_state, shared_app

S = MatchStatus
ACTORS = ("anonymous", "mentee", "mentor", "other", "admin")
SLOT = {
    "meeting-slot1": (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT18:00"),
    "meeting-minutes": "45",
}


def row(method, url, state, data, *expected):
    """One route: the request state it needs, then the status for each actor.

    Every admin route also gets a sixth visitor, the admin of another program,
    while the cast's request runs in program A: a page about A's request is 404
    (as if missing), a list page picked for A (``?program=``) is 403, and never
    a byte of the cast's names or emails (tests/web/test_program_authorization.py
    covers every admin and cohort route this way).
    """
    params = [
        pytest.param(
            method, url, state, data, actor, code, id=f"{method} {url} {actor}"
        )
        for actor, code in zip(ACTORS, expected, strict=True)
    ]
    if url.startswith("/admin"):
        params.append(
            pytest.param(
                method,
                url,
                state,
                data,
                "progadmin",
                404 if "{id}" in url else 403,
                id=f"{method} {url} progadmin",
            )
        )
    return params


# Routes with {id} use a request from the mentee to the mentor in `state`;
# {mentor} is the mentor's user id. Anonymous visitors are sent to log in (302).
TABLE = [
    *row("GET", "/matches/requests", None, None, 302, 200, 200, 200, 200),
    *row("GET", "/matches/requests/{id}", S.REQUESTED, None, 302, 200, 200, 404, 200),
    *row("GET", "/matches/request/{mentor}", None, None, 302, 200, 403, 200, 200),
    *row("GET", "/pairings/{id}", S.ACTIVE, None, 302, 200, 200, 404, 200),
    *row("GET", "/requests", None, None, 302, 200, 200, 200, 200),
    *row("GET", "/requests/{id}", S.REQUESTED, None, 302, 302, 200, 404, 200),
    *row("GET", "/notifications", None, None, 302, 200, 200, 200, 200),
    # Only one's own wishes; the admin has no profile and is sent to create one.
    *row("GET", "/profile/wishes", None, None, 302, 200, 200, 200, 302),
    *row(
        "POST",
        "/profile/wishes",
        None,
        {"wants_topics": "agile"},
        302,
        302,
        302,
        302,
        302,
    ),
    *row("GET", "/admin", None, None, 302, 403, 403, 403, 200),
    *row("GET", "/admin/queue", None, None, 302, 403, 403, 403, 200),
    *row("GET", "/admin/queue/{id}", S.ACCEPTED, None, 302, 403, 403, 403, 200),
    *row("GET", "/admin/audit", None, None, 302, 403, 403, 403, 200),
    *row("GET", "/admin/unresponsive", None, None, 302, 403, 403, 403, 200),
    *row("GET", "/admin/jobs", None, None, 302, 403, 403, 403, 200),
    *row("POST", "/admin/jobs/prune/run", None, {}, 302, 403, 403, 403, 302),
    *row("POST", "/account/verify-email", None, {}, 302, 302, 302, 302, 302),
    *row("POST", "/account/email", None, {}, 302, 400, 400, 400, 400),
    # The admin has no profile, so cannot ask for a mentor (409 from the workflow).
    *row(
        "POST",
        "/matches/request/{mentor}",
        None,
        {"message": "Hi"},
        302,
        302,
        403,
        302,
        409,
    ),
    *row(
        "POST",
        "/matches/requests/{id}/withdraw",
        S.REQUESTED,
        {},
        302,
        302,
        403,
        404,
        403,
    ),
    *row("POST", "/requests/{id}/accept", S.REQUESTED, {}, 302, 403, 302, 404, 403),
    *row(
        "POST",
        "/requests/{id}/decline",
        S.REQUESTED,
        {"reason": "other", "sure": "y"},
        302,
        403,
        302,
        404,
        403,
    ),
    *row(
        "POST", "/pairings/{id}/end", S.ACTIVE, {"sure": "y"}, 302, 302, 302, 404, 302
    ),
    *row(
        "POST",
        "/admin/queue/{id}/approve",
        S.ACCEPTED,
        {"sure": "y"},
        302,
        403,
        403,
        403,
        302,
    ),
    *row(
        "POST",
        "/admin/queue/{id}/reject",
        S.ACCEPTED,
        {"reason": "No", "sure": "y"},
        302,
        403,
        403,
        403,
        302,
    ),
    *row(
        "POST",
        "/admin/queue/approve-selected",
        S.ACCEPTED,
        {"request_ids": "{id}", "sure": "y"},
        302,
        403,
        403,
        403,
        302,
    ),
    *row("POST", "/notifications/read-all", None, {}, 302, 302, 302, 302, 302),
    # Messages: only the two members; an admin reads reported messages elsewhere.
    *row("GET", "/messages", None, None, 302, 200, 200, 200, 200),
    *row(
        "POST",
        "/pairings/{id}/messages",
        S.ACTIVE,
        {"body": "Hi"},
        302,
        302,
        302,
        404,
        403,
    ),
    *row(
        "POST",
        "/requests/{id}/messages",
        S.REQUESTED,
        {"body": "Hi"},
        302,
        302,
        302,
        404,
        403,
    ),
    # {message} was written by the mentee: only its author changes it.
    *row(
        "POST",
        "/messages/{message}/edit",
        S.ACTIVE,
        {"body": "x"},
        302,
        302,
        403,
        404,
        404,
    ),
    *row("POST", "/messages/{message}/delete", S.ACTIVE, {}, 302, 302, 403, 404, 404),
    # Meetings: {meeting} was proposed by the mentor, so the mentee picks.
    *row("POST", "/pairings/{id}/meetings", S.ACTIVE, SLOT, 302, 302, 302, 404, 403),
    *row(
        "POST",
        "/pairings/{id}/meetings/{meeting}/slots/{slot}/pick",
        S.ACTIVE,
        {},
        302,
        302,
        403,
        404,
        403,
    ),
    *row(
        "POST",
        "/pairings/{id}/meetings/{meeting}/cancel",
        S.ACTIVE,
        {"note": "Ill"},
        302,
        302,
        302,
        404,
        403,
    ),
    *row(
        "POST",
        "/pairings/{id}/meetings/{meeting}/reschedule",
        S.ACTIVE,
        SLOT,
        302,
        302,
        302,
        404,
        403,
    ),
    *row("POST", "/pairings/calendar/reset", None, {}, 302, 302, 302, 302, 302),
    # A pairing started today owes no check-up yet (409) to its members.
    *row(
        "POST",
        "/pairings/{id}/checkup",
        S.ACTIVE,
        {"working": "yes", "meeting": "yes"},
        302,
        409,
        409,
        404,
        403,
    ),
    # Reports: {message} is the mentee's, so only the mentor may report it.
    *row(
        "POST",
        "/messages/{message}/report",
        S.ACTIVE,
        {"reason": "Rude"},
        302,
        403,
        302,
        404,
        404,
    ),
    *row(
        "POST",
        "/messages/members/{mentor}/report",
        S.ACTIVE,
        {"reason": "Rude"},
        302,
        302,
        403,
        403,
        403,
    ),
    *row("GET", "/admin/reports", None, None, 302, 403, 403, 403, 200),
    # Secret-address routes: the token is the key, whoever holds it; no login.
    *row("GET", "/pairings/calendar/{feed}.ics", None, None, 200, 200, 200, 200, 200),
    *row("GET", "/pairings/calendar/wrong.ics", None, None, 404, 404, 404, 404, 404),
    *row(
        "GET",
        "/account/unsubscribe/{unsub}/messages",
        None,
        None,
        200,
        200,
        200,
        200,
        200,
    ),
    *row(
        "POST",
        "/account/unsubscribe/{unsub}/messages",
        None,
        {},
        200,
        200,
        200,
        200,
        200,
    ),
    *row(
        "POST",
        "/account/unsubscribe/wrong/messages",
        None,
        {},
        404,
        404,
        404,
        404,
        404,
    ),
    *row(
        "POST",
        "/account/emails",
        None,
        {"wanted": "requests", "message_email": "daily"},
        302,
        302,
        302,
        302,
        302,
    ),
    *row("GET", "/admin/reports/{report}", S.ACTIVE, None, 302, 403, 403, 403, 200),
    *row(
        "POST",
        "/admin/reports/{report}/decide",
        S.ACTIVE,
        {"decision": "dismissed"},
        302,
        403,
        403,
        403,
        302,
    ),
]


def put_in_program(session, cast, req):
    """Seat the cast's pair in a program A of their own and move the request there."""
    program = Program(name="Program A")
    session.add(program)
    session.flush()
    seat(session, program, cast.mentee, ProgramRole.MENTEE)
    seat(session, program, cast.mentor, ProgramRole.MENTOR)
    if req is not None:
        req.program_id = program.program_id
    session.commit()
    return program.program_id


@pytest.fixture(scope="module")
def app():
    """Every case makes its own people, so the cases can share one database."""
    yield from shared_app()


@pytest.fixture(autouse=True)
def fresh_session(app):
    """Start each case with an empty identity map (commits stay cheap)."""
    yield
    db.session.remove()


@pytest.mark.parametrize(("method", "url", "state", "data", "actor", "expected"), TABLE)
def test_authorization_table(app, session, method, url, state, data, actor, expected):
    cast = make_cast(session)
    req = make_in_state(session, cast, state) if state else None
    ids = {"id": req.request_id if req else 0, "mentor": cast.mentor.user_id}
    if "{feed}" in url:
        ids["feed"] = reset_token(session, cast.mentee)
    if "{unsub}" in url:
        ids["unsub"] = settings_of(session, cast.mentee).unsubscribe_token
        session.commit()
    if "{meeting}" in url and req is not None:
        proposal = propose_meeting(
            session,
            req,
            by=cast.mentor,
            starts=[utcnow() + timedelta(days=3)],
            minutes=60,
        )
        ids["meeting"], ids["slot"] = proposal.meeting_id, proposal.slots[0].slot_id
    if "{report}" in url and req is not None:
        ids["report"] = report_member(
            session, cast.mentor, by=cast.mentee, reason="Rude"
        ).report_id
    if "{message}" in url and req is not None:
        ids["message"] = post_message(
            session, req, by=cast.mentee, body="Hi"
        ).message_id
    if actor == "progadmin":
        user = make_program_cast(session, "Elsewhere").admin
        program_a = put_in_program(session, cast, req)
        if "{id}" not in url:
            url += f"?program={program_a}"
    else:
        user = None if actor == "anonymous" else getattr(cast, actor)
    client = client_as(app, user)
    form = {k: v.format(**ids) for k, v in (data or {}).items()}
    response = client.open(url.format(**ids), method=method, data=form)
    assert response.status_code == expected
    if actor == "progadmin":
        body = response.get_data(as_text=True)
        for person in (cast.mentee, cast.mentor):
            assert person.display_name not in body and person.email not in body
    if actor == "anonymous" and expected == 302:
        assert response.headers["Location"].startswith("/login")
    if req is not None and expected in (403, 404):
        session.expire_all()
        assert req.status == state  # a refused visitor changed nothing


@pytest.mark.parametrize(
    "url",
    ["/matches/requests/{id}", "/requests/{id}", "/pairings/{id}"],
)
def test_authorization_unknown_request_is_404_like_a_hidden_one(app, session, url):
    cast = make_cast(session)
    req = make_in_state(session, cast, S.ACTIVE)
    other = client_as(app, cast.other)
    hidden = other.get(url.format(id=req.request_id))
    missing = other.get(url.format(id=req.request_id + 100))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.data == missing.data
