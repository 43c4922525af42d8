"""CSV export of members and pairings, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from mentormatch.core.chapters import chapter_cell
from mentormatch.core.csvcells import safe_cell
from mentormatch.core.models import MatchRequest, MatchStatus, Profile, User
from mentormatch.core.roles import Scope, member_ids_in

# The member columns, in the order of the documented import template.
MEMBER_COLUMNS: tuple[str, ...] = (
    "email",
    "display_name",
    "roles",
    "years_experience",
    "industry",
    "chapter",
    "timezone",
    "languages",
    "formats",
    "hours_per_month",
    "mentor_capacity",
    "certs_held",
    "certs_targeted",
    "skills_offered",
    "skills_wanted",
    "headline",
    "goals",
    "bio",
)
PAIRING_COLUMNS: tuple[str, ...] = (
    "request_id",
    "status",
    "mentee_email",
    "mentee_name",
    "mentor_email",
    "mentor_name",
    "score",
    "created_at",
    "started_at",
    "ended_at",
)
LIST_SEP = ";"
BATCH = 500


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """Yield a UTF-8 (with BOM) CSV text chunk per row, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(v) for v in row])
        yield buffer.getvalue()


def role_of(profile: Profile) -> str:
    """The template's role word: mentee, mentor, both, or empty for neither."""
    if profile.wants_mentor and profile.offers_mentoring:
        return "both"
    return (
        "mentee"
        if profile.wants_mentor
        else ("mentor" if profile.offers_mentoring else "")
    )


def member_row(user: User, profile: Profile) -> list[Any]:
    """One member as the template's cells."""
    data = profile.as_dict()
    held = LIST_SEP.join(
        f"{code}:{year}" if year else code
        for code, year in sorted(data["certifications_held"].items())
    )
    return [
        user.email,
        profile.display_name,
        role_of(profile),
        profile.years_experience,
        profile.industry,
        chapter_cell(profile),
        profile.timezone,
        LIST_SEP.join(profile.languages),
        LIST_SEP.join(profile.formats),
        profile.hours_per_month,
        profile.mentor_capacity,
        held,
        LIST_SEP.join(data["certifications_targeted"]),
        LIST_SEP.join(data["skills_offered"]),
        LIST_SEP.join(data["skills_wanted"]),
        profile.headline,
        profile.goals,
        profile.bio,
    ]


def _batched(session: Session, stmt: Any) -> Iterator[Any]:
    """Walk a statement by primary-key pages so memory stays flat."""
    last = 0
    while True:
        batch = session.scalars(stmt.where(User.user_id > last).limit(BATCH)).all()
        yield from batch
        if len(batch) < BATCH:
            return
        last = batch[-1].user_id


def member_rows(session: Session, programs: Scope = None) -> Iterator[list[Any]]:
    """Every member who has a profile (active or not), by account id.

    With `programs`, only those with a seat or an application in them.
    """
    stmt = (
        select(User)
        .join(User.profile)
        .where(*_members_of(programs))
        .order_by(User.user_id)
        .options(
            selectinload(User.profile).selectinload(Profile.certifications),
            selectinload(User.profile).selectinload(Profile.skills),
            selectinload(User.profile).joinedload(Profile.chapter_entry),
        )
    )
    for user in _batched(session, stmt):
        yield member_row(user, user.profile)


def _members_of(programs: Scope) -> list[Any]:
    return [] if programs is None else [User.user_id.in_(member_ids_in(programs))]


def members_csv(session: Session, programs: Scope = None) -> Iterator[str]:
    """The members export, as CSV text chunks in the import template's columns."""
    return csv_lines(MEMBER_COLUMNS, member_rows(session, programs))


def _iso(value: Any) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def pairing_rows(session: Session, programs: Scope = None) -> Iterator[list[Any]]:
    """Every pairing (active or ended; of `programs` if given), oldest first."""
    conds = [MatchRequest.status.in_([MatchStatus.ACTIVE, MatchStatus.ENDED])]
    if programs is not None:
        conds.append(MatchRequest.program_id.in_(programs))
    stmt = (
        select(MatchRequest)
        .where(*conds)
        .order_by(MatchRequest.request_id)
        .options(
            joinedload(MatchRequest.mentee).joinedload(User.profile),
            joinedload(MatchRequest.mentor).joinedload(User.profile),
        )
    )
    for req in session.scalars(stmt):
        yield [
            req.request_id,
            req.status.value,
            req.mentee.email,
            req.mentee.display_name,
            req.mentor.email,
            req.mentor.display_name,
            f"{req.score:.3f}",
            _iso(req.created_at),
            _iso(req.started_at),
            _iso(req.ended_at),
        ]


def pairings_csv(session: Session, programs: Scope = None) -> Iterator[str]:
    """The pairings export, as CSV text chunks."""
    return csv_lines(PAIRING_COLUMNS, pairing_rows(session, programs))
