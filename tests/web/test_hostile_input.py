"""The 5xx found by attack, each now a clear 4xx (or a friendly 503)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import Flask
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from mentormatch.core.models import Agreement, CheckIn, MatchStatus, utcnow
from mentormatch.extensions import db
from mentormatch.pairings.services import feed
from tests.conftest import is_postgres
from tests.factories import make_match_request, make_mentee, make_mentor, make_user
from tests.programs.helpers import make_program_cast
from tests.web.flow_helpers import client_as

HOSTILE = "endpoint=x&_method=POST&_external=1&values=x"


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"PER_PAGE": 1}  # every list has a next page, so its links render


def links(body: str) -> list[str]:
    return re.findall(r'href="([^"]*page=[^"]*)"', body)


def test_json_body_on_anonymous_login_is_415_not_500(client):
    response = client.post("/login", json={"email": 123, "password": [1]})
    assert response.status_code == 415
    assert b"Send this as a web form" in response.data


def test_text_body_on_a_form_route_is_415(client):
    response = client.post("/login", data="email=a", content_type="text/plain")
    assert response.status_code == 415


def test_member_list_links_keep_only_filter_keys(app, session):
    admin = make_user(session, is_admin=True)
    for _ in range(3):
        make_user(session)
    client = client_as(app, admin)
    response = client.get(f"/admin/members?q=example&{HOSTILE}")
    assert response.status_code == 200
    found = links(response.get_data(as_text=True))
    assert found, "the page should link to its next page"
    for link in found:
        assert "q=example" in link
        assert not any(key in link for key in ("endpoint", "_method", "values="))


def test_queue_links_keep_only_filter_keys(app, session):
    admin = make_user(session, is_admin=True)
    for _ in range(2):
        make_match_request(session, status=MatchStatus.ACCEPTED)
    response = client_as(app, admin).get(f"/admin/queue?min_age=0&{HOSTILE}")
    assert response.status_code == 200
    found = links(response.get_data(as_text=True))
    assert found and all("min_age=0" in link for link in found)
    assert not any("endpoint" in link or "_method" in link for link in found)


def test_queue_links_keep_the_picked_program(app, session):
    cast = make_program_cast(session)
    for _ in range(2):
        make_match_request(
            session, status=MatchStatus.ACCEPTED, program_id=cast.program.program_id
        )
    query = f"program={cast.program.program_id}&{HOSTILE}"
    response = client_as(app, cast.admin).get(f"/admin/queue?{query}")
    assert response.status_code == 200
    found = links(response.get_data(as_text=True))
    assert found and all(f"program={cast.program.program_id}" in x for x in found)
    assert not any("endpoint" in link or "_method" in link for link in found)


def test_matches_second_page_with_hostile_keys(app, session):
    mentee = make_mentee(session)
    for _ in range(12):
        make_mentor(session)
    response = client_as(app, mentee).get(f"/matches?page=2&{HOSTILE}")
    assert response.status_code == 200
    found = links(response.get_data(as_text=True))
    assert any("page=1" in link for link in found)
    assert not any("endpoint" in link or "_method" in link for link in found)


@pytest.mark.parametrize("page", ["1_0", "\u0661\u0660", "99999999999999999999999"])
def test_odd_page_numbers_fall_back(app, session, page):
    admin = make_user(session, is_admin=True)
    response = client_as(app, admin).get(f"/admin/audit?page={page}")
    assert response.status_code == 200


def active_pair(session):
    return make_match_request(
        session,
        status=MatchStatus.ACTIVE,
        started_at=utcnow() - timedelta(days=30),
    )


def test_nul_in_shared_link_is_400(app, session):
    req = active_pair(session)
    response = client_as(app, req.mentee).post(
        f"/pairings/{req.request_id}/resources",
        data={"title": "Standard", "url": "https://example.org/a\x00b"},
    )
    assert response.status_code == 400
    assert b"Remove the invisible control characters." in response.data


def test_bulk_approve_id_over_int32_is_400(app, session):
    admin = make_user(session, is_admin=True)
    response = client_as(app, admin).post(
        "/admin/queue/approve-selected", data={"request_ids": [str(2**31), str(2**63)]}
    )
    assert response.status_code == 400


def test_agreement_in_year_9999_refused(app, session):
    req = active_pair(session)
    response = client_as(app, req.mentee).post(
        f"/pairings/{req.request_id}/agreement",
        data={
            "goals": "PgMP",
            "cadence": "monthly",
            "duration_months": "24",
            "starts_on": "9999-06-01",
            "confidential": "y",
        },
    )
    assert response.status_code == 400
    assert b"Choose a first date between" in response.data
    assert session.scalar(select(Agreement)) is None


@pytest.mark.parametrize("cadence", ["weekly", "biweekly", "monthly"])
def test_stored_out_of_range_agreement_still_renders(app, session, cadence):
    """Data written before the bound (or by hand) must not break the pages."""
    req = active_pair(session)
    now = utcnow()
    session.add(
        Agreement(
            request_id=req.request_id,
            goals="PgMP",
            cadence=cadence,
            duration_months=24,
            starts_on=date(9999, 6, 1),
            timezone="Europe/Berlin",
            confidential=True,
            proposed_by_id=req.mentee_id,
            mentee_accepted_at=now,
            mentor_accepted_at=now,
        )
    )
    session.add(
        CheckIn(
            request_id=req.request_id,
            held_on=date(1, 1, 1),
            minutes=60,
            logged_by_id=req.mentee_id,
        )
    )
    session.commit()
    client = client_as(app, req.mentee)
    assert client.get(f"/pairings/{req.request_id}").status_code == 200
    ics = client.get(f"/pairings/{req.request_id}/checkins.ics")
    assert ics.status_code == 200
    Calendar.from_ical(ics.data)
    token = feed.reset_token(session, req.mentee)
    session.commit()
    personal = client.get(f"/pairings/calendar/{token}.ics")  # every pairing, meetings
    assert personal.status_code == 200
    Calendar.from_ical(personal.data)
    assert client.get("/pairings/hours.csv").status_code == 200
    ended = client.post(
        f"/pairings/{req.request_id}/end", data={"reason": "", "sure": "y"}
    )
    assert ended.status_code == 302
    assert client.get(f"/pairings/{req.request_id}").status_code == 200


# --- a database connection cut in the middle of a request ----------------------


def _add_probe(app: Flask, view) -> None:
    app.add_url_rule("/_probe", "probe", view)


def test_rollback_failing_in_error_handler_gives_503_page(app, session, monkeypatch):
    """The cut connection makes the handler's own rollback fail: still a 503 page."""

    def view():
        db.session.execute(select(1))
        raise RuntimeError("the request broke while the connection was gone")

    def dead_rollback():
        raise OperationalError(
            "ROLLBACK", {}, Exception("server closed the connection")
        )

    _add_probe(app, view)
    monkeypatch.setattr(db.session, "rollback", dead_rollback)
    response = app.test_client().get("/_probe")
    assert response.status_code == 503
    assert b"The database is not answering" in response.data
    assert response.headers["Retry-After"]


@pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL (DATABASE_URL)")
def test_backend_killed_mid_request_gives_503_page(app, session):
    def view():
        pid = db.session.scalar(select(db.func.pg_backend_pid()))
        with db.engine.connect() as other:  # a second connection kills the first
            other.execute(select(db.func.pg_terminate_backend(pid)))
            other.commit()
        db.session.execute(select(1))
        return "unreachable"

    _add_probe(app, view)
    response = app.test_client().get("/_probe")
    assert response.status_code == 503
    assert b"The database is not answering" in response.data
    assert app.test_client().get("/healthz").status_code == 200


class _Deadlock(Exception):
    sqlstate = "40P01"  # what psycopg 3 reports for "deadlock detected"


def test_lost_race_is_409_not_the_outage_page(app, session):
    def view():
        raise OperationalError("UPDATE profile", {}, _Deadlock("deadlock detected"))

    _add_probe(app, view)
    response = app.test_client().get("/_probe")
    assert response.status_code == 409
    assert b"Someone else changed this at the same moment" in response.data
