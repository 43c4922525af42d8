"""Who may run a program and who takes part in it: the scoping every admin page uses.

A platform admin (``User.is_admin``) runs every program. A program admin has a
``program_member`` row with role ``admin`` and runs only those programs.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from mentormatch.core.errors import NotAllowedError
from mentormatch.core.models import (
    ApplicationStatus,
    Profile,
    Program,
    ProgramMember,
    ProgramRole,
    User,
)

ACCEPTED = ApplicationStatus.ACCEPTED


def runs_program(session: Session, user: User, program_id: int | None) -> bool:
    """True for platform admins, and for admins of this very program."""
    if user.is_admin:
        return True
    if program_id is None:
        return False
    return bool(
        session.scalar(
            select(
                exists().where(
                    ProgramMember.program_id == program_id,
                    ProgramMember.user_id == user.user_id,
                    ProgramMember.role == ProgramRole.ADMIN,
                )
            )
        )
    )


def programs_run_by(session: Session, user: User) -> list[Program]:
    """The programs `user` may administer (all of them for a platform admin)."""
    stmt = select(Program).order_by(Program.name)
    if not user.is_admin:
        stmt = stmt.join(ProgramMember).where(
            ProgramMember.user_id == user.user_id,
            ProgramMember.role == ProgramRole.ADMIN,
        )
    return list(session.scalars(stmt))


def accepted_programs(session: Session, user_id: int, role: ProgramRole) -> set[int]:
    """Ids of the programs that accepted `user_id` in `role`."""
    stmt = select(ProgramMember.program_id).where(
        ProgramMember.user_id == user_id,
        ProgramMember.role == role,
        ProgramMember.status == ACCEPTED,
    )
    return set(session.scalars(stmt))


def program_for_request(
    session: Session, mentee: User, mentor: User, *, cohort: bool = False
) -> int | None:
    """The program a new request runs in; refuse when the pair share none.

    Members in no program at all (an install without programs) keep asking freely.
    A cohort proposal may use a program where members cannot ask themselves.
    """
    mine = accepted_programs(session, mentee.user_id, ProgramRole.MENTEE)
    theirs = accepted_programs(session, mentor.user_id, ProgramRole.MENTOR)
    if not mine and not theirs:
        return None
    shared = sorted(mine & theirs)
    if not shared:
        raise NotAllowedError("You and this mentor are not in the same program.")
    for program_id in shared:
        program = session.get(Program, program_id)
        if program is not None and (cohort or program.self_request):
            return program_id
    raise NotAllowedError("In this program, mentors are proposed by cohort matching.")


def outside_programs(
    session: Session, mentee_ids: Collection[int]
) -> dict[int, set[int]]:
    """Mentors each mentee must not be offered: those sharing no program with them.

    The same rule as `program_for_request`: a pair is possible when both are in a
    common program, or when neither is in any program at all.
    """
    rows = session.execute(
        select(
            ProgramMember.user_id, ProgramMember.role, ProgramMember.program_id
        ).where(
            ProgramMember.status == ACCEPTED, ProgramMember.role != ProgramRole.ADMIN
        )
    ).all()
    if not rows:
        return {int(i): set() for i in mentee_ids}
    mentor_progs: dict[int, set[int]] = {}
    mentee_progs: dict[int, set[int]] = {}
    for user_id, role, program_id in rows:
        side = mentor_progs if role == ProgramRole.MENTOR else mentee_progs
        side.setdefault(user_id, set()).add(program_id)
    mentors = set(
        session.scalars(select(Profile.user_id).where(Profile.offers_mentoring))
    )
    out: dict[int, set[int]] = {}
    for mentee_id in mentee_ids:
        mine = mentee_progs.get(int(mentee_id), set())
        out[int(mentee_id)] = {
            m
            for m in mentors
            if (bool(mine) or bool(mentor_progs.get(m)))
            and not mine & mentor_progs.get(m, set())
        }
    return out
