"""Read-only queries behind the request, inbox, queue and notification pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from mentormatch.core import changes
from mentormatch.core.models import (
    AuditLog,
    CohortRun,
    MatchRequest,
    MatchStatus,
    Notification,
    Profile,
    Program,
    ProgramMember,
    StatusChange,
    User,
    utcnow,
)
from mentormatch.core.models.changes import CHAPTERS
from mentormatch.core.roles import Scope, member_ids_in, runs_program

S = MatchStatus


@dataclass(frozen=True, slots=True)
class Page:
    """One page of results, shaped like Flask-SQLAlchemy's Pagination."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate(
    session: Session,
    stmt: Select[Any],
    *,
    page: int | None,
    per_page: int,
    options: Sequence[LoaderOption] = (),
    rows: bool = False,
) -> Page:
    """Run `stmt` for one page; a page out of range is clamped, never an error.

    Parameters
    ----------
    page
        The wanted page (1-based); None or < 1 gives the first, beyond the last
        gives the last.
    options
        Loader options applied to the item query only (not to the count).
    rows
        Return whole result rows (for multi-column statements) instead of scalars.
    """
    total = int(
        session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
        or 0
    )
    current = Page([], 1, per_page, total)
    number = min(max(page or 1, 1), current.pages)
    query = stmt.options(*options).limit(per_page).offset((number - 1) * per_page)
    result = session.execute(query) if rows else session.scalars(query)
    return Page(list(result.unique().all()), number, per_page, total)


def _with_profile(user: Any) -> list[LoaderOption]:
    """Load a user's profile with its certifications and skills, from `user`'s path."""
    profile = user.joinedload(User.profile)
    return [
        profile.selectinload(Profile.certifications),
        profile.selectinload(Profile.skills),
    ]


# Both people of a request with their profiles, certifications and skills loaded.
WITH_PEOPLE: tuple[LoaderOption, ...] = (
    *_with_profile(joinedload(MatchRequest.mentee)),
    *_with_profile(joinedload(MatchRequest.mentor)),
)
# The same, loaded by id after the page is cut: for lists not bounded by one member
# (the approval queue), where joining every account first scans user_account.
PEOPLE_BY_ID: tuple[LoaderOption, ...] = (
    *_with_profile(selectinload(MatchRequest.mentee)),
    *_with_profile(selectinload(MatchRequest.mentor)),
)


def visible_request(
    session: Session, request_id: int, user: User, *, staff: bool = False
) -> MatchRequest | None:
    """Return the request if `user` is its mentee, its mentor or runs its program.

    Platform admins run every program; a program admin sees only the requests
    and pairings of the programs they run. `staff`: the caller already checked
    that `user` administers the request's program, so they may see it too.

    Returns
    -------
    MatchRequest or None
        None both when it does not exist and when `user` may not see it, so that
        a page can answer 404 alike and reveal nothing.
    """
    req = session.scalar(
        select(MatchRequest)
        .where(MatchRequest.request_id == request_id)
        .options(
            *WITH_PEOPLE,
            selectinload(MatchRequest.history).joinedload(StatusChange.actor),
        )
    )
    if req is None:
        return None
    if not (req.involves(user) or staff or runs_program(session, user, req.program_id)):
        return None
    return req


def requestable_mentor(session: Session, mentor_id: int) -> User | None:
    """Return an active member who offers mentoring (profile loaded), else None."""
    user = session.scalar(
        select(User)
        .join(User.profile)
        .where(
            User.user_id == mentor_id,
            User.is_active,
            User.email_verified_at.is_not(None),
            Profile.offers_mentoring,
        )
        .options(
            selectinload(User.profile).selectinload(Profile.certifications),
            selectinload(User.profile).selectinload(Profile.skills),
        )
    )
    return user


def mentee_requests(mentee_id: int) -> Select[Any]:
    """The mentee's requests, newest first."""
    return (
        select(MatchRequest)
        .where(MatchRequest.mentee_id == mentee_id)
        .order_by(MatchRequest.created_at.desc(), MatchRequest.request_id.desc())
    )


def active_pairings(
    session: Session, user_id: int, *, as_mentor: bool
) -> list[MatchRequest]:
    """The member's active pairings on one side (mentor or mentee), newest first."""
    side = MatchRequest.mentor_id if as_mentor else MatchRequest.mentee_id
    stmt = (
        select(MatchRequest)
        .where(MatchRequest.status == S.ACTIVE, side == user_id)
        .order_by(MatchRequest.started_at.desc(), MatchRequest.request_id.desc())
        .options(*WITH_PEOPLE)
    )
    return list(session.scalars(stmt).unique())


def mentor_inbox(mentor_id: int) -> Select[Any]:
    """Requests to the mentor: waiting for them first, then the rest, newest first."""
    waiting = case(
        (MatchRequest.status == S.REQUESTED, 0),
        (MatchRequest.status == S.ACCEPTED, 1),
        else_=2,
    )
    return (
        select(MatchRequest)
        .where(MatchRequest.mentor_id == mentor_id)
        .order_by(
            waiting, MatchRequest.created_at.desc(), MatchRequest.request_id.desc()
        )
    )


def approval_queue(
    *,
    chapter: str = "",
    min_age_days: int | None = None,
    now: datetime | None = None,
    programs: Scope = None,
) -> Select[Any]:
    """Mentor-accepted requests waiting for an admin, oldest first.

    Parameters
    ----------
    programs
        Keep only requests of these programs (None: every request).
    chapter
        Keep requests whose mentee or mentor belongs to this chapter (any case).
    min_age_days
        Keep requests waiting at least this many days since the mentor accepted.
    """
    waiting_since = func.coalesce(MatchRequest.responded_at, MatchRequest.created_at)
    stmt = (
        select(MatchRequest)
        .where(MatchRequest.status == S.ACCEPTED)
        .order_by(waiting_since, MatchRequest.request_id)
    )
    if programs is not None:
        stmt = stmt.where(MatchRequest.program_id.in_(programs))
    if chapter:
        mentee_p, mentor_p = aliased(Profile), aliased(Profile)
        wanted = chapter.strip().lower()
        stmt = (
            stmt.join(mentee_p, mentee_p.user_id == MatchRequest.mentee_id)
            .join(mentor_p, mentor_p.user_id == MatchRequest.mentor_id)
            .where(
                or_(
                    func.lower(mentee_p.chapter) == wanted,
                    func.lower(mentor_p.chapter) == wanted,
                )
            )
        )
    if min_age_days:
        cutoff = (now or utcnow()) - timedelta(days=min_age_days)
        stmt = stmt.where(waiting_since <= cutoff)
    return stmt


def chapters(session: Session) -> list[str]:
    """Every chapter named in a profile, sorted, for filter choices; queried again
    only when a profile's chapter changes (not on every admin page)."""
    return list(_CHAPTERS.get(session))


def _all_chapters(session: Session) -> list[str]:
    stmt = (
        select(Profile.chapter)
        .where(Profile.chapter != "")
        .distinct()
        .order_by(Profile.chapter)
    )
    return list(session.scalars(stmt))


_CHAPTERS = changes.VersionedMemo(CHAPTERS, _all_chapters)


def audit_entries(programs: Scope = None) -> Select[Any]:
    """The audit log, newest first (load the actor with `AUDIT_OPTIONS`).

    With `programs`, only entries about those programs: their requests, their
    members, their applications and cohort runs, and the programs themselves.
    """
    stmt = select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.audit_id.desc())
    if programs is None:
        return stmt
    requests = select(MatchRequest.request_id).where(
        MatchRequest.program_id.in_(programs)
    )
    targets = {
        "match_request": requests,
        "pairing": requests,
        "user": member_ids_in(programs),
        "program_member": select(ProgramMember.member_id).where(
            ProgramMember.program_id.in_(programs)
        ),
        "cohort_run": select(CohortRun.run_id).where(
            CohortRun.program_id.in_(programs)
        ),
        "program": select(Program.program_id).where(Program.program_id.in_(programs)),
    }
    return stmt.where(
        or_(
            *(
                and_(AuditLog.target_type == kind, AuditLog.target_id.in_(ids))
                for kind, ids in targets.items()
            )
        )
    )


AUDIT_OPTIONS: tuple[LoaderOption, ...] = (
    joinedload(AuditLog.actor).joinedload(User.profile),
)


def unresponsive_mentors(
    min_expired: int = 2, programs: Scope = None
) -> Select[User, int, datetime]:
    """Mentors with at least `min_expired` expired requests: (user, count, latest).

    With `programs`, only requests of those programs count.
    """
    expired = func.count(MatchRequest.request_id)
    conds = [MatchRequest.status == S.EXPIRED]
    if programs is not None:
        conds.append(MatchRequest.program_id.in_(programs))
    return (
        select(User, expired.label("expired"), func.max(MatchRequest.updated_at))
        .join(MatchRequest, MatchRequest.mentor_id == User.user_id)
        .where(*conds)
        .group_by(User.user_id)
        .having(expired >= min_expired)
        .order_by(expired.desc(), User.user_id)
    )


def member_notifications(user_id: int) -> Select[Any]:
    """The member's notifications, newest first."""
    return (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.notification_id.desc())
    )


USER_OPTIONS: tuple[LoaderOption, ...] = (selectinload(User.profile),)
