"""A program's whole cycle through the web: apply, screen, request, approve, PDUs."""

from __future__ import annotations

import csv
import io
from datetime import date

from pypdf import PdfReader
from sqlalchemy import select

from mentormatch.core.models import (
    ApplicationStatus,
    AuditLog,
    Chapter,
    MatchRequest,
    MatchStatus,
    Notification,
    Program,
    ProgramMember,
    ProgramRole,
)
from tests.factories import make_match_request, make_mentee, make_mentor, make_user
from tests.pairings.helpers import agree
from tests.programs.helpers import make_program_cast, seat
from tests.web.flow_helpers import client_as


def _chapter(session, name="PMI UK"):
    return session.scalar(select(Chapter).where(Chapter.name == name))


def test_chapter_admin_runs_a_cycle_and_the_mentor_gets_pdus(app, session):
    uk = _chapter(session)
    old = Program(name="Old cycle", chapter_id=uk.chapter_id)
    session.add(old)
    session.flush()
    chair = make_user(session)
    seat(session, old, chair, ProgramRole.ADMIN)
    mentee = make_mentee(session, display_name="Mia Mentee")
    mentor = make_mentor(session, display_name="Max Mentor")
    session.commit()
    admin = client_as(app, chair)
    form = {
        "name": "UK 2027",
        "chapter": uk.chapter_id,
        "pairing_weeks": 26,
        "mentor_min_years": 10,
        "mentor_certs": ["PMP"],
        "mentee_min_years": 0,
        "default_capacity": 2,
        "self_request": "y",
    }
    assert admin.post("/programs/new", data=form).status_code == 302
    program = session.scalar(select(Program).where(Program.name == "UK 2027"))
    pid = program.program_id
    for user, role in ((mentee, "mentee"), (mentor, "mentor")):
        reply = client_as(app, user).post(
            f"/programs/{pid}/apply",
            data={"role": role, "motivation": "Keen", "hours_per_month": 4},
        )
        assert reply.status_code == 302
    apps = session.scalars(
        select(ProgramMember).where(
            ProgramMember.program_id == pid, ProgramMember.role != ProgramRole.ADMIN
        )
    ).all()
    for a in apps:
        assert (
            admin.post(
                f"/programs/{pid}/admin/applications/{a.member_id}",
                data={"decision": "accept"},
            ).status_code
            == 302
        )
    session.expire_all()
    assert {a.status for a in apps} == {ApplicationStatus.ACCEPTED}
    assert session.scalar(
        select(AuditLog).where(AuditLog.action == "application.accepted")
    )
    assert session.scalar(
        select(Notification).where(Notification.user_id == mentee.user_id)
    )
    me, them = client_as(app, mentee), client_as(app, mentor)
    assert (
        me.post(
            f"/matches/request/{mentor.user_id}", data={"message": "Hi"}
        ).status_code
        == 302
    )
    req = session.scalar(
        select(MatchRequest).where(MatchRequest.mentee_id == mentee.user_id)
    )
    assert req.program_id == pid
    assert them.post(f"/requests/{req.request_id}/accept").status_code == 302
    assert (
        admin.post(f"/programs/{pid}/admin/queue/{req.request_id}/approve").status_code
        == 302
    )
    session.expire_all()
    assert req.status == MatchStatus.ACTIVE
    agree(session, req)
    assert (
        them.post(
            f"/pairings/{req.request_id}/checkins",
            data={"held_on": date.today().isoformat(), "minutes": 90},
        ).status_code
        == 302
    )
    assert (
        them.post(
            f"/pairings/{req.request_id}/close",
            data={"rating": "5", "comment": "Great", "sure": "y"},
        ).status_code
        == 302
    )
    assert (
        them.post(
            f"/programs/pdu/{req.request_id}",
            data={
                "ways_of_working": 20,
                "power_skills": 70,
                "business_acumen": 10,
                "description": "Coached a new PM",
            },
        ).status_code
        == 302
    )
    page = them.get("/programs/pdu").get_data(as_text=True)
    assert "1.50" in page and "25 for PMP" in page
    lines = list(
        csv.DictReader(
            io.StringIO(them.get("/programs/pdu.csv").get_data(as_text=True))
        )
    )
    assert lines == [
        {
            "category": "Giving Back",
            "provider": "UK 2027 (PMI UK)",
            "activity": "Share knowledge: mentoring",
            "start_date": date.today().isoformat(),
            "end_date": date.today().isoformat(),
            "hours": "1.50",
            "ways_of_working_hours": "0.30",
            "power_skills_hours": "1.05",
            "business_acumen_hours": "0.15",
            "description": "Coached a new PM",
        }
    ]
    pdf = them.get(f"/programs/pdu/{req.request_id}/certificate.pdf")
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    for needle in ("Mia Mentee", "Max Mentor", "UK 2027", "1.50"):
        assert needle in text
    figures = admin.get(f"/programs/{pid}/admin/dashboard.csv").get_data(as_text=True)
    assert (
        "funnel,applied,2," in figures and "funnel,closed with feedback,1," in figures
    )


def test_screening_needs_a_reason_to_waitlist_and_shows_it(app, session):
    cast = make_program_cast(session)
    newcomer = make_mentee(session)
    pid = cast.program.program_id
    client_as(app, newcomer).post(
        f"/programs/{pid}/apply",
        data={"role": "mentee", "motivation": "Please", "hours_per_month": 2},
    )
    application = session.scalar(
        select(ProgramMember).where(ProgramMember.user_id == newcomer.user_id)
    )
    admin = client_as(app, cast.admin)
    url = f"/programs/{pid}/admin/applications/{application.member_id}"
    for decision in ("waitlist", "decline"):
        refused = admin.post(url, data={"decision": decision, "reason": "  "})
        page = refused.get_data(as_text=True)
        # the screening page again, the message at the reason, nothing decided
        assert refused.status_code == 400
        assert "Give the applicant a reason." in page
        assert f'action="{url}"' in page and "Bad request" not in page
        assert f'id="screen-{application.member_id}-errors"' in page
        session.refresh(application)
        assert application.status == ApplicationStatus.APPLIED
    assert (
        admin.post(url, data={"decision": "waitlist", "reason": "Full"}).status_code
        == 302
    )
    figures = admin.get(f"/programs/{pid}/admin/dashboard.csv").get_data(as_text=True)
    assert "waiting list" in figures and "Full" in figures


def test_ineligible_mentor_is_refused_with_the_rule(app, session):
    cast = make_program_cast(session)
    cast.program.mentor_min_years = 30
    session.commit()
    junior = make_mentor(session, years_experience=5)
    reply = client_as(app, junior).post(
        f"/programs/{cast.program.program_id}/apply",
        data={"role": "mentor", "motivation": "x", "hours_per_month": 2},
    )
    assert reply.status_code == 409
    assert "30 years" in reply.get_data(as_text=True)


def test_members_of_different_programs_cannot_request_each_other(app, session):
    a, b = make_program_cast(session, "A"), make_program_cast(session, "B")
    reply = client_as(app, a.mentee).post(
        f"/matches/request/{b.mentor.user_id}", data={"message": "Hi"}
    )
    assert reply.status_code in (302, 403)
    assert (
        session.scalar(
            select(MatchRequest).where(MatchRequest.mentee_id == a.mentee.user_id)
        )
        is None
    )


def test_suggestions_show_only_mentors_of_the_members_own_programs(app, session):
    a, b = make_program_cast(session, "A"), make_program_cast(session, "B")
    loner = make_mentee(session)
    page_a = client_as(app, a.mentee).get("/matches").get_data(as_text=True)
    page_loner = client_as(app, loner).get("/matches").get_data(as_text=True)
    assert f"/people/{a.mentor.user_id}" in page_a
    assert f"/people/{b.mentor.user_id}" not in page_a
    assert f"/people/{a.mentor.user_id}" not in page_loner
    assert f"/people/{b.mentor.user_id}" not in page_loner


def test_rejecting_without_a_reason_shows_the_error_on_that_row(app, session):
    cast = make_program_cast(session)
    waiting = [
        make_match_request(
            session,
            mentee=cast.mentee if n == 0 else make_mentee(session),
            mentor=cast.mentor,
            status=MatchStatus.ACCEPTED,
            program_id=cast.program.program_id,
        )
        for n in range(2)
    ]
    session.commit()
    pid, rid = cast.program.program_id, waiting[1].request_id
    reply = client_as(app, cast.admin).post(
        f"/programs/{pid}/admin/queue/{rid}/reject", data={"reason": ""}
    )
    html = reply.get_data(as_text=True)
    assert reply.status_code == 400
    assert f'id="reject-q{rid}-errors"' in html  # next to the row posted for
    assert f'id="reject-q{waiting[0].request_id}-errors"' not in html
    assert f'href="#reason-q{rid}"' in html  # the summary leads to the field
    assert "<title>Error: " in html
    session.expire_all()
    assert [r.status for r in waiting] == [MatchStatus.ACCEPTED] * 2
