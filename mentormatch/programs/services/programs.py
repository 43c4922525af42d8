"""Create programs, apply to them, screen applications, name program admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core import audit
from mentormatch.core.dates import check_window
from mentormatch.core.errors import NotAllowedError, ValidationError
from mentormatch.core.models import (
    ApplicationStatus,
    CertKind,
    Chapter,
    Profile,
    Program,
    ProgramMember,
    ProgramRole,
    User,
    utcnow,
)
from mentormatch.core.notifications import link_to, notify
from mentormatch.core.roles import programs_run_by, runs_program

A = ApplicationStatus


@dataclass(frozen=True, slots=True)
class ProgramData:
    """A program's settings as the form collects them."""

    name: str
    description: str = ""
    chapter_id: int | None = None
    organisation: str = ""
    applications_open: date | None = None
    applications_close: date | None = None
    matching_open: date | None = None
    matching_close: date | None = None
    pairing_weeks: int = 26
    mentor_certs: tuple[str, ...] = ()
    mentor_min_years: int = 0
    mentee_certs: tuple[str, ...] = ()
    mentee_min_years: int = 0
    membership_required: bool = False
    language: str = ""
    default_capacity: int = 2
    self_request: bool = True


def may_create_for(session: Session, user: User, chapter_id: int | None) -> bool:
    """Platform admins create any program; a chapter's program admins, for it."""
    if user.is_admin:
        return True
    return chapter_id is not None and any(
        p.chapter_id == chapter_id for p in programs_run_by(session, user)
    )


def create_program(session: Session, *, by: User, data: ProgramData) -> Program:
    """Create a program; its creator becomes one of its admins."""
    if not may_create_for(session, by, data.chapter_id):
        raise NotAllowedError("You may create programs only for your own chapter.")
    if data.chapter_id is not None and session.get(Chapter, data.chapter_id) is None:
        raise ValidationError("Choose a chapter from the list.")
    if not data.chapter_id and not data.organisation:
        raise ValidationError("A program belongs to a chapter or an organisation.")
    dates = (data.applications_open, data.applications_close)
    for day in (*dates, data.matching_open, data.matching_close):
        if day is not None:  # a cycle within today +- WINDOW_YEARS
            check_window(day, utcnow().date(), "date")
    program = Program(**vars_of(data))
    session.add(program)
    session.flush()
    if not by.is_admin:
        session.add(_seat(program, by))
    audit.record(
        session,
        actor=by,
        action="program.created",
        target_type="program",
        target_id=program.program_id,
        name=program.name,
    )
    session.commit()
    return program


def vars_of(data: ProgramData) -> dict[str, object]:
    values = {name: getattr(data, name) for name in ProgramData.__slots__}
    values["mentor_certs"] = list(data.mentor_certs)
    values["mentee_certs"] = list(data.mentee_certs)
    return values


def _seat(program: Program, user: User) -> ProgramMember:
    return ProgramMember(
        program_id=program.program_id,
        user_id=user.user_id,
        role=ProgramRole.ADMIN,
        status=A.ACCEPTED,
    )


def add_admin(session: Session, program: Program, *, user: User, by: User) -> None:
    """Make `user` an admin of `program` (program admins may name co-admins)."""
    if not runs_program(session, by, program.program_id):
        raise NotAllowedError("Only this program's admins can name its admins.")
    if find_member(session, program, user, ProgramRole.ADMIN) is None:
        session.add(_seat(program, user))
    audit.record(
        session,
        actor=by,
        action="program.admin_added",
        target_type="program",
        target_id=program.program_id,
        user_id=user.user_id,
    )
    session.commit()


def find_member(
    session: Session, program: Program, user: User, role: ProgramRole
) -> ProgramMember | None:
    return session.scalar(
        select(ProgramMember).where(
            ProgramMember.program_id == program.program_id,
            ProgramMember.user_id == user.user_id,
            ProgramMember.role == role,
        )
    )


def eligibility_problems(
    program: Program, profile: Profile | None, role: ProgramRole, confirmed: bool
) -> list[str]:
    """Why `profile` does not meet the program's rules for `role` (empty: it does)."""
    if profile is None:
        return ["Complete your profile first."]
    mentor = role == ProgramRole.MENTOR
    certs = program.mentor_certs if mentor else program.mentee_certs
    years = program.mentor_min_years if mentor else program.mentee_min_years
    held = set(profile.cert_codes(CertKind.HELD))
    problems = [
        f"This program asks {role}s to hold {c}." for c in certs if c not in held
    ]
    if profile.years_experience < years:
        problems.append(f"This program asks {role}s for {years} years' experience.")
    if program.membership_required and not confirmed:
        problems.append("Confirm your current PMI chapter membership.")
    if program.language and program.language not in profile.languages:
        problems.append(f"This program runs in {program.language}.")
    return problems


def apply(
    session: Session,
    program: Program,
    *,
    user: User,
    role: ProgramRole,
    motivation: str,
    hours_per_month: int,
    membership_confirmed: bool,
    today: date | None = None,
) -> ProgramMember:
    """Apply to a program as mentor or mentee; the program's admins screen it."""
    today = today or utcnow().date()
    if role == ProgramRole.ADMIN:
        raise NotAllowedError("Program admins are named, not applied for.")
    opens, closes = program.applications_open, program.applications_close
    if (opens and today < opens) or (closes and today > closes):
        raise ValidationError("Applications to this program are closed.")
    problems = eligibility_problems(
        program, session.get(Profile, user.user_id), role, membership_confirmed
    )
    if problems:
        raise ValidationError(" ".join(problems))
    if find_member(session, program, user, role) is not None:
        raise ValidationError(f"You already applied as a {role}.")
    application = ProgramMember(
        program_id=program.program_id,
        user_id=user.user_id,
        role=role,
        motivation=motivation,
        hours_per_month=hours_per_month,
        membership_confirmed=membership_confirmed,
    )
    session.add(application)
    session.commit()
    return application


DECISIONS = {"accept": A.ACCEPTED, "waitlist": A.WAITLISTED, "decline": A.DECLINED}


def screen(
    session: Session,
    application: ProgramMember,
    *,
    by: User,
    decision: str,
    reason: str = "",
) -> ProgramMember:
    """Accept, waitlist (with a reason) or decline (with a reason); audited, told."""
    if not runs_program(session, by, application.program_id):
        raise NotAllowedError("Only this program's admins can screen applications.")
    status = DECISIONS.get(decision)
    if status is None:
        raise ValidationError("Choose accept, waitlist or decline.")
    if status != A.ACCEPTED and not reason.strip():
        raise ValidationError("Give the applicant a reason.")
    application.status, application.reason = status, reason.strip()
    application.decided_by_id, application.decided_at = by.user_id, utcnow()
    name = application.program.name
    audit.record(
        session,
        actor=by,
        action=f"application.{status.value}",
        target_type="program_member",
        target_id=application.member_id,
        program_id=application.program_id,
        reason=application.reason,
    )
    words = {
        A.ACCEPTED: "accepted",
        A.WAITLISTED: "put on the waiting list",
        A.DECLINED: "not accepted",
    }[status]
    tail = f" Reason: {application.reason}" if application.reason else ""
    notify(
        session,
        user_id=application.user_id,
        kind=f"application_{status.value}",
        text=f"Your application to {name} as {application.role} was {words}.{tail}",
        link=link_to("programs.detail", program_id=application.program_id),
    )
    session.commit()
    return application
