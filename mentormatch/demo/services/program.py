"""The demo's chapter program: a volunteer runs it, members applied, some screened.

So that the program admin's login (a chapter volunteer, not a platform admin)
opens a program with applications to screen, accepted members and a waiting
list, as a chapter's mentoring circle looks a few weeks into its cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice

from sqlalchemy.orm import Session

from mentormatch.core.models import Program, ProgramRole, User
from mentormatch.demo.services.activity import members
from mentormatch.programs import ProgramData, add_admin, apply, create_program, screen

PROGRAM_NAME = "Berlin/Brandenburg mentoring circle"
MENTEES, MENTORS = 12, 6
"""Chapter members who applied besides the demo mentee and mentor."""
WAITLIST_REASON = "This cycle's mentors are full; we will write when a place opens."


@dataclass(frozen=True, slots=True)
class ProgramSeed:
    program: Program
    applied: int  # waiting for screening
    accepted: int
    waitlisted: int


def seed_program(
    session: Session,
    *,
    admin: User,
    program_admin: User,
    mentee: User,
    mentor: User,
    today: date,
) -> ProgramSeed:
    """The demo mentee's chapter program, run by `program_admin`; the demo
    pair and the first chapter members accepted, one waitlisted, the rest
    waiting in the screening queue."""
    profile = mentee.profile
    chapter_id = profile.chapter_id if profile is not None else None
    data = ProgramData(
        name=PROGRAM_NAME,
        description=(
            "Six months of one-to-one mentoring for chapter members: one hour a "
            "month or written check-ins, matched by the chapter's volunteers."
        ),
        chapter_id=chapter_id,
        organisation="" if chapter_id else "MentorMatch demo",
        applications_open=today - timedelta(days=21),
        applications_close=today + timedelta(days=21),
        matching_open=today - timedelta(days=7),
        matching_close=today + timedelta(days=35),
    )
    program = create_program(session, by=admin, data=data)
    add_admin(session, program, user=program_admin, by=admin)
    people = [(mentee, ProgramRole.MENTEE), (mentor, ProgramRole.MENTOR)]
    skip = {admin.user_id, program_admin.user_id, mentee.user_id, mentor.user_id}
    for role, limit in ((ProgramRole.MENTEE, MENTEES), (ProgramRole.MENTOR, MENTORS)):
        found = members(
            session,
            mentors=role == ProgramRole.MENTOR,
            skip=skip,
            chapter_id=chapter_id,
        )
        people += [(u, role) for u in islice(found, limit)]
    counts = {"applied": 0, "accepted": 0, "waitlisted": 0}
    for n, (user, role) in enumerate(people):
        application = apply(
            session,
            program,
            user=user,
            role=role,
            motivation=_motivation(role),
            hours_per_month=2,
            membership_confirmed=True,
            today=today,
        )
        if n < len(people) // 2:
            screen(session, application, by=program_admin, decision="accept")
            counts["accepted"] += 1
        elif n == len(people) // 2:
            screen(
                session,
                application,
                by=program_admin,
                decision="waitlist",
                reason=WAITLIST_REASON,
            )
            counts["waitlisted"] += 1
        else:
            counts["applied"] += 1
    return ProgramSeed(program, **counts)


def _motivation(role: ProgramRole) -> str:
    if role == ProgramRole.MENTOR:
        return "I was mentored through my PMP; I would like to give that back."
    return "I want a mentor from our chapter who has walked the path I am on."
