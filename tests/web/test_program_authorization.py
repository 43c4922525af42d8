"""Who may reach each program admin route: the admin of another program never can."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mentormatch.core.models import (
    Chapter,
    CohortProposal,
    CohortRun,
    Feedback,
    MatchRequest,
    MatchStatus,
    Program,
    ProgramMember,
    ProgramRole,
    ProposalStatus,
)
from mentormatch.extensions import db
from tests.factories import make_match_request, make_mentee, make_mentor, make_user
from tests.programs.helpers import make_program_cast, seat
from tests.web.flow_helpers import client_as, shared_app

ACTORS = ("anonymous", "outsider", "other_admin", "own_admin", "platform")


def row(method, url, data, *expected):
    return [
        pytest.param(method, url, data, actor, code, id=f"{method} {url} {actor}")
        for actor, code in zip(ACTORS, expected, strict=True)
    ]


# {pid}: program A; {rid}: a request of A awaiting approval; {mid}: an application to A;
# {pair}: an active pairing of A (its admins read the page the dashboard links to).
TABLE = [
    *row("GET", "/programs/{pid}/admin", None, 302, 403, 403, 200, 200),
    *row("GET", "/pairings/{pair}", None, 302, 404, 404, 200, 200),
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


# Program A's people carry these names; no refused page may show any of them.
A_NAMES = ("Amalia Alphamentee", "Anselm Alphamentor")


def world(session):
    a, b = make_program_cast(session, "A"), make_program_cast(session, "B")
    for user, name in zip((a.mentee, a.mentor), A_NAMES, strict=True):
        user.profile.display_name = name
    req = make_match_request(
        session,
        mentee=a.mentee,
        mentor=a.mentor,
        status=MatchStatus.ACCEPTED,
        program_id=a.program.program_id,
    )
    pair = make_match_request(
        session, status=MatchStatus.ACTIVE, program_id=a.program.program_id
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
    run = CohortRun(
        program_id=a.program.program_id, objective="total_score", mode="optimal"
    )
    run.proposals.append(
        CohortProposal(mentee_id=a.mentee.user_id, mentor_id=a.mentor.user_id)
    )
    session.add(run)
    session.commit()
    pairings = _pairings(session, a)
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
        "pair": pair.request_id,
        "mid": application.member_id,
        "email": applicant.email,
        "uid": a.mentee.user_id,
        "run": run.run_id,
        "prop": run.proposals[0].proposal_id,
        **pairings,
    }
    secrets = (
        *A_NAMES,
        a.mentee.email,
        a.mentor.email,
        "Private Applicant",
        applicant.email,
        "secret motive",
        "secret verdict",
    )
    return actors, ids, req, secrets


def ended_with_feedback(session, cast, comment):
    """An ended pairing of the cast's program whose mentee left `comment`."""
    ended = make_match_request(
        session,
        mentee=cast.mentee,
        mentor=cast.mentor,
        status=MatchStatus.ENDED,
        program_id=cast.program.program_id,
    )
    session.add(
        Feedback(
            request_id=ended.request_id,
            author_id=cast.mentee.user_id,
            rating=2,
            comment=comment,
        )
    )
    session.commit()
    return ended


def _pairings(session, a):
    """A's ended pairing with its closing feedback, and an active pairing of A."""
    ended = ended_with_feedback(session, a, "secret verdict")
    mentee, mentor = make_mentee(session), make_mentor(session)
    seat(session, a.program, mentee, ProgramRole.MENTEE)
    seat(session, a.program, mentor, ProgramRole.MENTOR)
    active = make_match_request(
        session,
        mentee=mentee,
        mentor=mentor,
        status=MatchStatus.ACTIVE,
        program_id=a.program.program_id,
    )
    return {"ended": ended.request_id, "active": active.request_id}


@pytest.mark.parametrize(("method", "url", "data", "actor", "expected"), TABLE)
def test_program_authorization_table(app, session, method, url, data, actor, expected):
    actors, ids, req, _ = world(session)
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
    actors, ids, _, _ = world(session)
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
    actors, ids, _, _ = world(session)
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
    actors, *_ = world(session)
    for name in ("outsider", "own_admin", "platform"):
        reply = client_as(app, actors[name]).get("/programs/999999/admin")
        assert reply.status_code == 404


# Every route of the admin area and cohort matching, as program A's objects or
# pages picked for A. Codes: anonymous, outsider, other_admin (runs program B),
# own_admin (runs A), platform admin. The other program's admin gets 403 on a
# page picked for A and 404 on A's objects (as if they did not exist), and never
# sees A's data. {pid}: A; {rid}: A's accepted request; {uid}: A's mentee;
# {run}/{prop}: A's cohort run and its proposal.
RUN = {
    "program": "{pid}",
    "objective": "total_score",
    "mode": "optimal",
    "min_score": "0",
}
ADMIN_TABLE = [
    *row("GET", "/admin?program={pid}", None, 302, 403, 403, 200, 200),
    *row("GET", "/admin/queue?program={pid}", None, 302, 403, 403, 200, 200),
    *row("GET", "/admin/queue/{rid}", None, 302, 403, 404, 200, 200),
    *row("POST", "/admin/queue/{rid}/approve", {"sure": "y"}, 302, 403, 404, 302, 302),
    *row(
        "POST",
        "/admin/queue/{rid}/reject",
        {"reason": "No", "sure": "y"},
        302,
        403,
        404,
        302,
        302,
    ),
    *row(
        "POST",
        "/admin/queue/approve-selected?program={pid}",
        {"request_ids": "{rid}", "sure": "y"},
        302,
        403,
        403,
        302,
        302,
    ),
    *row("GET", "/admin/audit?program={pid}", None, 302, 403, 403, 200, 200),
    *row("GET", "/admin/unresponsive?program={pid}", None, 302, 403, 403, 200, 200),
    *row("GET", "/admin/members?program={pid}", None, 302, 403, 403, 200, 200),
    *row("GET", "/admin/members/{uid}", None, 302, 403, 404, 200, 200),
    *row("POST", "/admin/members/{uid}/deactivate", {}, 302, 403, 404, 302, 302),
    *row("POST", "/admin/members/{uid}/reactivate", {}, 302, 403, 404, 409, 409),
    # The platform admin right stays with platform admins.
    *row("POST", "/admin/members/{uid}/grant-admin", {}, 302, 403, 403, 403, 302),
    *row("POST", "/admin/members/{uid}/remove-admin", {}, 302, 403, 403, 403, 409),
    *row("POST", "/admin/members/{uid}/certs/PMP/verify", {}, 302, 403, 404, 409, 409),
    *row(
        "POST", "/admin/members/{uid}/certs/PMP/unverify", {}, 302, 403, 404, 409, 409
    ),
    *row("GET", "/admin/import?program={pid}", None, 302, 403, 403, 200, 200),
    *row("POST", "/admin/import?program={pid}", {}, 302, 403, 403, 400, 400),
    *row(
        "GET", "/admin/export/members.csv?program={pid}", None, 302, 403, 403, 200, 200
    ),
    *row(
        "GET", "/admin/export/pairings.csv?program={pid}", None, 302, 403, 403, 200, 200
    ),
    # Background jobs are the platform's; a job's page shows only its starter's.
    *row("GET", "/admin/jobs", None, 302, 403, 403, 403, 200),
    *row("POST", "/admin/jobs/no-such-job/run", {}, 302, 403, 403, 403, 404),
    # Reports of messages are reviewed by platform admins only.
    *row("GET", "/admin/reports", None, 302, 403, 403, 403, 200),
    *row("GET", "/admin/reports/999999", None, 302, 403, 403, 403, 404),
    *row("POST", "/admin/reports/999999/decide", {}, 302, 403, 403, 403, 404),
    *row("GET", "/admin/import/999999", None, 302, 403, 404, 404, 404),
    *row("GET", "/admin/cohort/jobs/999999", None, 302, 403, 404, 404, 404),
    *row("GET", "/admin/cohort?program={pid}", None, 302, 403, 403, 200, 200),
    # A's only mentee has an open request: nobody waits, so the run is refused.
    *row("POST", "/admin/cohort", RUN, 302, 403, 403, 409, 409),
    *row("GET", "/admin/cohort/{run}", None, 302, 403, 404, 200, 200),
    *row(
        "POST",
        "/admin/cohort/{run}/accept",
        {"proposal_ids": "{prop}"},
        302,
        403,
        404,
        302,
        302,
    ),
    *row("POST", "/admin/cohort/{run}/accept-all", {}, 302, 403, 404, 302, 302),
    *row(
        "POST",
        "/admin/cohort/{run}/discard",
        {"proposal_ids": "{prop}"},
        302,
        403,
        404,
        302,
        302,
    ),
    # Closing surveys (feedback) and pairing pages, seen by the program's admins.
    *row("GET", "/pairings/feedback?program={pid}", None, 302, 403, 403, 200, 200),
    *row("GET", "/pairings/{ended}", None, 302, 404, 404, 200, 200),
    *row("GET", "/matches/requests/{rid}", None, 302, 404, 404, 200, 200),
    *row("POST", "/pairings/{active}/end", {"sure": "y"}, 302, 404, 404, 302, 302),
]
# Admin pages outside /admin, which the table must cover too.
ADMIN_ELSEWHERE = {"pairings.feedback_list"}


def unchanged(session, ids, req):
    """Nothing of A was decided, deactivated, enrolled or sent on."""
    session.expire_all()
    assert req.status == MatchStatus.ACCEPTED
    assert req.mentee.is_active and not req.mentee.is_admin
    proposal = session.get(CohortProposal, ids["prop"])
    assert proposal.status == ProposalStatus.PROPOSED
    assert session.get(MatchRequest, ids["active"]).status == MatchStatus.ACTIVE


@pytest.mark.parametrize(("method", "url", "data", "actor", "expected"), ADMIN_TABLE)
def test_admin_area_authorization_table(
    app, session, method, url, data, actor, expected
):
    actors, ids, req, secrets = world(session)
    client = client_as(app, actors[actor])
    form = {k: v.format(**ids) for k, v in (data or {}).items()}
    response = client.open(url.format(**ids), method=method, data=form)
    assert response.status_code == expected
    if expected in (403, 404):
        body = response.get_data(as_text=True)
        assert not [s for s in secrets if s in body]
        unchanged(session, ids, req)


def test_every_admin_and_cohort_route_is_in_the_table(app):
    """A new admin page must get its rows (with the other program's admin) above."""
    adapter = app.url_map.bind("localhost")
    covered = {
        adapter.match(url.split("?")[0].format(**SAMPLE), method=method)[0]
        for method, url, *_ in (p.values for p in ADMIN_TABLE)
    }
    wanted = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.rule[:6] == "/admin"
    } | ADMIN_ELSEWHERE
    assert wanted - covered == set()


SAMPLE = {"pid": 1, "rid": 1, "uid": 1, "run": 1, "prop": 1, "ended": 1, "active": 1}
LISTS = (
    "/admin",
    "/admin/queue",
    "/admin/members",
    "/admin/audit",
    "/admin/unresponsive",
    "/admin/export/members.csv",
    "/admin/export/pairings.csv",
    "/admin/cohort",
    "/admin/import",
    "/pairings/feedback",
)


def test_other_programs_admin_lists_show_only_their_program(app, session):
    actors, ids, req, secrets = world(session)
    for _ in range(2):  # A's mentor lets two requests expire: "unresponsive" in A
        make_match_request(
            session,
            mentor=req.mentor,
            status=MatchStatus.EXPIRED,
            program_id=ids["pid"],
        )
    own = client_as(app, actors["own_admin"])
    assert own.post(f"/admin/members/{ids['uid']}/deactivate").status_code == 302
    assert A_NAMES[1] in own.get("/admin/unresponsive").get_data(as_text=True)
    assert req.mentee.email in own.get("/admin/audit").get_data(as_text=True)
    client = client_as(app, actors["other_admin"])
    for url in LISTS:
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert not [s for s in secrets if s in body], url


def test_own_admin_sees_their_queue_items_and_members_only(app, session):
    actors, ids, req, _ = world(session)
    c = make_program_cast(session, "C")
    for user, name in ((c.mentee, "Cora Charlie"), (c.mentor, "Cyril Charlie")):
        user.profile.display_name = name
    make_match_request(
        session,
        mentee=c.mentee,
        mentor=c.mentor,
        status=MatchStatus.ACCEPTED,
        program_id=c.program.program_id,
    )
    client = client_as(app, actors["own_admin"])
    queue = client.get("/admin/queue").get_data(as_text=True)
    assert f"/admin/queue/{ids['rid']}" in queue and A_NAMES[0] in queue
    assert "Cora Charlie" not in queue
    people = client.get("/admin/members").get_data(as_text=True)
    assert req.mentee.email in people and "Private Applicant" in people
    assert c.mentee.email not in people and c.mentor.email not in people
    pairs = client.get("/admin/export/pairings.csv").get_data(as_text=True)
    assert "Cora Charlie" not in pairs
    # The platform admin sees every program's queue (picked here: the shared
    # database holds more queued requests than one page).
    platform = client_as(app, actors["platform"])
    for program_id, name in (
        (c.program.program_id, "Cora Charlie"),
        (ids["pid"], A_NAMES[0]),
    ):
        page = platform.get(f"/admin/queue?program={program_id}")
        assert name in page.get_data(as_text=True)


def test_picking_a_program_one_does_not_run_is_refused_and_bad_ids_are_4xx(
    app, session
):
    actors, ids, _, _ = world(session)
    client = client_as(app, actors["own_admin"])
    assert client.get("/admin/queue?program=abc").status_code == 400
    assert client.get("/admin/queue?program=999999").status_code == 404
    assert client.get(f"/admin/queue?program={ids['pid']}").status_code == 200


def test_feedback_page_shows_a_program_admin_their_programs_feedback_only(app, session):
    actors, ids, _, _ = world(session)
    c = make_program_cast(session, "C")
    ended = ended_with_feedback(session, c, "charlie verdict")
    own = client_as(app, actors["own_admin"]).get("/pairings/feedback")
    body = own.get_data(as_text=True)
    assert own.status_code == 200
    assert "secret verdict" in body and "charlie verdict" not in body
    assert f"/pairings/{ids['ended']}" in body
    # The pairing it links to opens for A's admin, C's stays hidden.
    client = client_as(app, actors["own_admin"])
    assert client.get(f"/pairings/{ids['ended']}").status_code == 200
    assert client.get(f"/pairings/{ended.request_id}").status_code == 404
    platform = client_as(app, actors["platform"])
    picked = platform.get(f"/pairings/feedback?program={c.program.program_id}")
    text = picked.get_data(as_text=True)
    assert "charlie verdict" in text and "secret verdict" not in text
    assert 'id="program-picker"' in text


def test_program_admin_ends_their_programs_pairing_and_it_is_audited(app, session):
    actors, ids, _, _ = world(session)
    client = client_as(app, actors["own_admin"])
    reply = client.post(f"/pairings/{ids['active']}/end", data={"sure": "y"})
    assert reply.status_code == 302
    session.expire_all()
    assert session.get(MatchRequest, ids["active"]).status == MatchStatus.ENDED
    log = client.get(f"/admin/audit?program={ids['pid']}").get_data(as_text=True)
    assert "Ended a pairing" in log


def test_every_program_admin_route_is_in_the_table(app):
    """A new /programs/<id>/admin page must get its rows (with B's admin) above."""
    adapter = app.url_map.bind("localhost")
    sample = {"pid": 1, "rid": 1, "mid": 1, "pair": 1}
    covered = {
        adapter.match(url.split("?")[0].format(**sample), method=method)[0]
        for method, url, *_ in (p.values for p in TABLE)
    }
    wanted = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/programs/<int:program_id>/admin")
        or rule.endpoint == "programs.chapters"
    }
    assert wanted - covered == set()


def test_a_chapter_admin_creates_programs_for_their_own_chapter_only(app, session):
    uk, fr = (
        session.scalar(select(Chapter).where(Chapter.name == name))
        for name in ("PMI UK", "PMI France")
    )
    cast = make_program_cast(session, "UK cycle")
    cast.program.chapter_id = uk.chapter_id
    session.commit()
    client = client_as(app, cast.admin)
    before = session.scalar(select(db.func.count()).select_from(Program))
    form = {"name": "Paris 2027", "chapter": str(fr.chapter_id), "pairing_weeks": "26"}
    form |= {"mentor_min_years": "0", "mentee_min_years": "0"}
    form |= {"default_capacity": "2"}
    assert client.post("/programs/new", data=form).status_code == 403
    assert session.scalar(select(db.func.count()).select_from(Program)) == before
    form |= {"name": "London 2027", "chapter": str(uk.chapter_id)}
    assert client.post("/programs/new", data=form).status_code == 302
    made = session.scalar(select(Program).where(Program.name == "London 2027"))
    assert made.chapter_id == uk.chapter_id
