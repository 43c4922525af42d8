"""Who may reach each program admin route: the admin of another program never can."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mentormatch.core.models import MatchStatus, ProgramMember, ProgramRole
from mentormatch.extensions import db
from tests.factories import make_match_request, make_mentee, make_user
from tests.programs.helpers import make_program_cast
from tests.web.flow_helpers import client_as, shared_app

ACTORS = ("anonymous", "outsider", "other_admin", "own_admin", "platform")


def row(method, url, data, *expected):
    return [
        pytest.param(method, url, data, actor, code, id=f"{method} {url} {actor}")
        for actor, code in zip(ACTORS, expected, strict=True)
    ]


# {pid}: program A; {rid}: a request of A awaiting approval; {mid}: an application to A.
TABLE = [
    *row("GET", "/programs/{pid}/admin", None, 302, 403, 403, 200, 200),
    *row("GET", "/programs/{pid}/admin/dashboard.csv", None, 302, 403, 403, 200, 200),
    *row("GET", "/programs/{pid}/admin/members.csv", None, 302, 403, 403, 200, 200),
    *row(
        "POST",
        "/programs/{pid}/admin/applications/{mid}",
        {"decision": "accept"},
        302,
        403,
        403,
        302,
        302,
    ),
    *row(
        "POST", "/programs/{pid}/admin/queue/{rid}/approve", {}, 302, 403, 403, 302, 302
    ),
    *row(
        "POST",
        "/programs/{pid}/admin/queue/{rid}/reject",
        {"reason": "No"},
        302,
        403,
        403,
        302,
        302,
    ),
    *row(
        "POST",
        "/programs/{pid}/admin/admins",
        {"email": "{email}"},
        302,
        403,
        403,
        302,
        302,
    ),
    *row("GET", "/programs/chapters", None, 302, 403, 403, 403, 200),
    *row(
        "POST",
        "/programs/chapters",
        {"name": "PMI Nowhere", "timezone": "UTC"},
        302,
        403,
        403,
        403,
        302,
    ),
]


@pytest.fixture(scope="module")
def app():
    yield from shared_app()


@pytest.fixture(autouse=True)
def fresh_session(app):
    yield
    db.session.remove()


def world(session):
    a, b = make_program_cast(session, "A"), make_program_cast(session, "B")
    req = make_match_request(
        session,
        mentee=a.mentee,
        mentor=a.mentor,
        status=MatchStatus.ACCEPTED,
        program_id=a.program.program_id,
    )
    applicant = make_mentee(session, display_name="Private Applicant")
    application = ProgramMember(
        program_id=a.program.program_id,
        user_id=applicant.user_id,
        role=ProgramRole.MENTEE,
        motivation="secret motive",
    )
    session.add(application)
    session.commit()
    actors = {
        "anonymous": None,
        "outsider": make_mentee(session),
        "other_admin": b.admin,
        "own_admin": a.admin,
        "platform": make_user(session, is_admin=True),
    }
    ids = {
        "pid": a.program.program_id,
        "rid": req.request_id,
        "mid": application.member_id,
        "email": applicant.email,
    }
    return actors, ids, req


@pytest.mark.parametrize(("method", "url", "data", "actor", "expected"), TABLE)
def test_program_authorization_table(app, session, method, url, data, actor, expected):
    actors, ids, req = world(session)
    client = client_as(app, actors[actor])
    form = {k: v.format(**ids) for k, v in (data or {}).items()}
    response = client.open(url.format(**ids), method=method, data=form)
    assert response.status_code == expected
    if expected in (403, 404):
        body = response.get_data(as_text=True)
        assert "Private Applicant" not in body and "secret motive" not in body
        session.expire_all()
        assert req.status == MatchStatus.ACCEPTED  # nothing decided
        roles = session.scalars(
            select(ProgramMember.role).where(ProgramMember.program_id == ids["pid"])
        ).all()
        assert roles.count(ProgramRole.ADMIN) == 1  # no admin was added


def test_own_admin_cannot_reach_another_programs_request_through_own_url(app, session):
    actors, ids, _ = world(session)
    b = make_program_cast(session, "C")
    other = make_match_request(
        session,
        mentee=b.mentee,
        mentor=b.mentor,
        status=MatchStatus.ACCEPTED,
        program_id=b.program.program_id,
    )
    client = client_as(app, actors["own_admin"])
    url = f"/programs/{ids['pid']}/admin/queue/{other.request_id}/approve"
    assert client.post(url).status_code == 404
    session.expire_all()
    assert other.status == MatchStatus.ACCEPTED


def test_members_export_lists_only_this_programs_people(app, session):
    actors, ids, _ = world(session)
    body = (
        client_as(app, actors["own_admin"])
        .get(f"/programs/{ids['pid']}/admin/members.csv")
        .get_data(as_text=True)
    )
    assert "Private Applicant" in body
    others = session.scalars(
        select(ProgramMember).where(ProgramMember.program_id != ids["pid"])
    ).all()
    assert others and not any(m.user.email in body for m in others)


def test_unknown_program_is_404_for_everyone_who_is_logged_in(app, session):
    actors, _, _ = world(session)
    for name in ("outsider", "own_admin", "platform"):
        reply = client_as(app, actors[name]).get("/programs/999999/admin")
        assert reply.status_code == 404
