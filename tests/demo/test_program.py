"""The demo's chapter program: the volunteer's login opens a program with work."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from mentormatch.core.models import ApplicationStatus, ProgramMember, ProgramRole, User
from mentormatch.core.roles import runs_program
from mentormatch.demo.services.program import MENTEES, MENTORS, seed_program
from mentormatch.demo.services.seed import (
    DEMO_ADMIN_EMAIL,
    DEMO_MENTEE_EMAIL,
    DEMO_MENTOR_EMAIL,
    DEMO_PASSWORD,
    DEMO_PROGRAM_ADMIN_EMAIL,
    seed_demo,
)

A = ApplicationStatus


def _seeded(session):
    seed_demo(session, seed=3, mentors=60, mentees=60)
    users = {
        u.email: u
        for u in session.scalars(
            select(User).where(
                User.email.in_(
                    (
                        DEMO_ADMIN_EMAIL,
                        DEMO_PROGRAM_ADMIN_EMAIL,
                        DEMO_MENTEE_EMAIL,
                        DEMO_MENTOR_EMAIL,
                    )
                )
            )
        )
    }
    done = seed_program(
        session,
        admin=users[DEMO_ADMIN_EMAIL],
        program_admin=users[DEMO_PROGRAM_ADMIN_EMAIL],
        mentee=users[DEMO_MENTEE_EMAIL],
        mentor=users[DEMO_MENTOR_EMAIL],
        today=date(2026, 12, 3),
    )
    return users, done


def test_the_volunteer_runs_the_demo_mentees_chapter_program(session) -> None:
    users, done = _seeded(session)
    program, volunteer = done.program, users[DEMO_PROGRAM_ADMIN_EMAIL]
    assert runs_program(session, volunteer, program.program_id)
    assert not volunteer.is_admin
    assert program.chapter_id == users[DEMO_MENTEE_EMAIL].profile.chapter_id
    rows = session.scalars(
        select(ProgramMember).where(
            ProgramMember.program_id == program.program_id,
            ProgramMember.role != ProgramRole.ADMIN,
        )
    ).all()
    status = {(m.user_id, m.role): m.status for m in rows}
    # the demo pair is in, accepted; the queue and the waiting list have people
    assert status[(users[DEMO_MENTEE_EMAIL].user_id, ProgramRole.MENTEE)] == A.ACCEPTED
    assert status[(users[DEMO_MENTOR_EMAIL].user_id, ProgramRole.MENTOR)] == A.ACCEPTED
    counted = list(status.values())
    assert done.applied == counted.count(A.APPLIED) > 0
    assert done.accepted == counted.count(A.ACCEPTED) > 2
    assert done.waitlisted == counted.count(A.WAITLISTED) == 1
    assert len(rows) <= MENTEES + MENTORS + 2
    # everyone who applied is a member of the program's chapter
    chapter = program.chapter_id
    assert all(session.get(User, m.user_id).profile.chapter_id == chapter for m in rows)


def test_the_volunteer_screens_but_is_no_platform_admin(app, session, client) -> None:
    _, done = _seeded(session)
    pid = done.program.program_id
    client.post(
        "/login", data={"email": DEMO_PROGRAM_ADMIN_EMAIL, "password": DEMO_PASSWORD}
    )
    # without a profile of their own, the volunteer lands in the admin area
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"] == "/admin"
    # whose menu leads to the program's applications
    menu = client.get("/admin").get_data(as_text=True)
    assert f'href="/programs/{pid}/admin"' in menu
    page = client.get(f"/programs/{pid}/admin")
    assert page.status_code == 200
    assert done.program.name in page.get_data(as_text=True)
    # the admin area opens on their programs; platform pages stay shut
    assert client.get("/admin").status_code == 200
    assert client.get("/admin/jobs").status_code == 403
    assert client.get("/programs/chapters").status_code == 403
