"""A program with an admin, an accepted mentee and mentor, for program tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from mentormatch.core.models import (
    ApplicationStatus,
    Program,
    ProgramMember,
    ProgramRole,
    User,
)
from tests.factories import make_mentee, make_mentor, make_user


@dataclass
class ProgramCast:
    program: Program
    admin: User
    mentee: User
    mentor: User


def seat(session: Session, program: Program, user: User, role: ProgramRole) -> None:
    session.add(
        ProgramMember(
            program_id=program.program_id,
            user_id=user.user_id,
            role=role,
            status=ApplicationStatus.ACCEPTED,
        )
    )


def make_program_cast(session: Session, name: str = "Spring cycle") -> ProgramCast:
    program = Program(name=name, organisation="Acme PMO")
    session.add(program)
    session.flush()
    cast = ProgramCast(
        program, make_user(session), make_mentee(session), make_mentor(session)
    )
    seat(session, program, cast.admin, ProgramRole.ADMIN)
    seat(session, program, cast.mentee, ProgramRole.MENTEE)
    seat(session, program, cast.mentor, ProgramRole.MENTOR)
    session.commit()
    return cast
