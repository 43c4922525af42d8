"""Who may run a program and who takes part in it: the scoping every admin page uses.

A platform admin (``User.is_admin``) runs every program. A program admin has a
``program_member`` row with role ``admin`` and runs only those programs.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from mentormatch.core.errors import NotAllowedError
from mentormatch.core.models import (
    ApplicationStatus,
    Profile,
    Program,
    ProgramMember,
    ProgramRole,
    User,
    utcnow,
)

ACCEPTED = ApplicationStatus.ACCEPTED
MAX_ID = 2**31 - 1  # largest INTEGER primary key on PostgreSQL


def runs_program(session: Session, user: User, program_id: int | None) -> bool:
    """True for platform admins, and for admins of this very program."""
    if user.is_admin:
        return True
    if program_id is None or not 0 < program_id <= MAX_ID:
        return False  # beyond the column type (a posted number): no such program
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


def is_any_admin(session: Session, user: User) -> bool:
    """A platform admin, or an admin of at least one program."""
    if user.is_admin:
        return True
    seat = select(ProgramMember.user_id).where(
        ProgramMember.user_id == user.user_id,
        ProgramMember.role == ProgramRole.ADMIN,
    )
    return session.scalar(seat.limit(1)) is not None


def accepted_programs(session: Session, user_id: int, role: ProgramRole) -> set[int]:
    """Ids of the programs that accepted `user_id` in `role`."""
    stmt = select(ProgramMember.program_id).where(
        ProgramMember.user_id == user_id,
        ProgramMember.role == role,
        ProgramMember.status == ACCEPTED,
    )
    return set(session.scalars(stmt))


def program_for_request(
    session: Session,
    mentee: User,
    mentor: User,
    *,
    cohort: bool = False,
    prefer: int | None = None,
) -> int | None:
    """The program a new request runs in; refuse when the pair share none.

    Members in no program at all (an install without programs) keep asking freely.
    A cohort proposal may use a program where members cannot ask themselves;
    `prefer` (the cohort run's program) wins when the pair are both in it.
    """
    mine = accepted_programs(session, mentee.user_id, ProgramRole.MENTEE)
    theirs = accepted_programs(session, mentor.user_id, ProgramRole.MENTOR)
    if not mine and not theirs:
        return None
    shared = sorted(mine & theirs)
    if not shared:
        raise NotAllowedError("You and this mentor are not in the same program.")
    if cohort and prefer in shared:
        return prefer
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


# The programs an admin page covers: None for everything (a platform admin who
# picked no program), else the ids of the programs shown.
Scope = frozenset[int] | None


def member_ids_in(programs: Collection[int]) -> Select[int]:
    """Ids of everyone with a seat or an application in one of `programs`."""
    return select(ProgramMember.user_id).where(ProgramMember.program_id.in_(programs))


def accepted_ids_in(programs: Collection[int], role: ProgramRole) -> Select[int]:
    """Ids of the members `programs` accepted in `role`."""
    return select(ProgramMember.user_id).where(
        ProgramMember.program_id.in_(programs),
        ProgramMember.role == role,
        ProgramMember.status == ACCEPTED,
    )


def in_scope(session: Session, user_id: int, scope: Scope) -> bool:
    """True when the member belongs to a program of `scope` (always, for None)."""
    if scope is None:
        return True
    stmt = member_ids_in(scope).where(ProgramMember.user_id == user_id).limit(1)
    return session.scalar(stmt) is not None


def admins_of(session: Session, program_id: int) -> list[int]:
    """Ids of the program's own admins (platform admins are not listed)."""
    stmt = select(ProgramMember.user_id).where(
        ProgramMember.program_id == program_id,
        ProgramMember.role == ProgramRole.ADMIN,
    )
    return list(session.scalars(stmt))


def enrol(session: Session, user: User, program_id: int, *, by: User | None) -> None:
    """Seat an imported member in the program, accepted in their profile's roles
    (the admin who imports them has screened them already)."""
    profile = user.profile
    roles = [
        role
        for role, wanted in (
            (ProgramRole.MENTEE, profile is not None and profile.wants_mentor),
            (ProgramRole.MENTOR, profile is not None and profile.offers_mentoring),
        )
        if wanted
    ]
    for role in roles:
        session.add(
            ProgramMember(
                program_id=program_id,
                user_id=user.user_id,
                role=role,
                status=ApplicationStatus.ACCEPTED,
                hours_per_month=profile.hours_per_month if profile else 2,
                reason="Imported from CSV.",
                decided_by_id=by.user_id if by else None,
                decided_at=utcnow(),
            )
        )
