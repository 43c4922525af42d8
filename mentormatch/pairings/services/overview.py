"""Read side of the follow-ups: the pairing page's data and the PDU hours."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload

from mentormatch.core import audit
from mentormatch.core.csvcells import safe_cell
from mentormatch.core.models import (
    Agreement,
    CheckIn,
    Feedback,
    MatchRequest,
    MatchStatus,
    PairingGoal,
    SharedResource,
    User,
    utcnow,
)
from mentormatch.pairings.services.followups import (
    agreement_of,
    checkins_of,
    ends_on,
    zone_of,
)
from mentormatch.pairings.services.items import feedback_of
from mentormatch.pairings.services.overdue import overdue_dates
from mentormatch.pairings.services.schedule import local_moment, next_dates, today_in

UPCOMING_ON_PAGE = 4


@dataclass(frozen=True, slots=True)
class Slot:
    """A scheduled check-in: its local date and, when agreed, its local start."""

    day: date
    at: datetime | None = None


@dataclass(slots=True)
class Overview:
    """Everything the pairing page shows about follow-ups, for one viewer."""

    req: MatchRequest
    role: str | None
    today: date
    agreement: Agreement | None = None
    waiting_for: list[str] = field(default_factory=list)
    upcoming: list[Slot] = field(default_factory=list)
    overdue: list[date] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    goals: list[PairingGoal] = field(default_factory=list)
    resources: list[SharedResource] = field(default_factory=list)
    my_feedback: Feedback | None = None
    ends_on: date | None = None
    # An admin who is not one of the pair never reads a confidential pairing's notes.
    notes_hidden: bool = False

    @property
    def active(self) -> bool:
        return self.req.status == MatchStatus.ACTIVE

    @property
    def can_act(self) -> bool:
        return self.role is not None and self.active

    @property
    def agreement_zone(self) -> str:
        """The zone of check-in dates: the agreement's, else the mentee's."""
        return self.agreement.timezone if self.agreement else zone_of(self.req)

    @property
    def total_minutes(self) -> int:
        return sum(c.minutes for c in self.checkins)

    @property
    def past_end(self) -> bool:
        return self.active and self.ends_on is not None and self.today > self.ends_on

    @property
    def ask_fit(self) -> bool:
        """The viewer is asked "is this a good fit?" (after the first check-in)."""
        if not (self.can_act and self.agreement and self.checkins):
            return False
        return getattr(self.agreement, f"{self.role}_fit") is None


def upcoming(agreement: Agreement, today: date, count: int) -> list[Slot]:
    """The next `count` check-ins from `today` within the agreed duration."""
    last = ends_on(agreement)
    days = next_dates(agreement.starts_on, agreement.cadence, count, after=today)
    return [
        Slot(d, local_moment(d, agreement.checkin_time, agreement.timezone))
        if agreement.checkin_time
        else Slot(d)
        for d in days
        if d <= last
    ]


def _waiting_for(req: MatchRequest, agreement: Agreement | None) -> list[str]:
    if agreement is None:
        return []
    return [
        person.display_name
        for person, at in (
            (req.mentee, agreement.mentee_accepted_at),
            (req.mentor, agreement.mentor_accepted_at),
        )
        if at is None
    ]


def overview(
    session: Session, req: MatchRequest, *, viewer: User, now: datetime | None = None
) -> Overview:
    """Collect the follow-ups of `req` as `viewer` (a member or an admin) sees them."""
    role = {req.mentee_id: "mentee", req.mentor_id: "mentor"}.get(viewer.user_id)
    agreement = agreement_of(session, req)
    zone = agreement.timezone if agreement else zone_of(req)
    view = Overview(req=req, role=role, today=today_in(zone, now or utcnow()))
    view.agreement, view.waiting_for = agreement, _waiting_for(req, agreement)
    view.checkins = checkins_of(session, req.request_id)
    if role is None:
        _admin_reads_notes(session, view, viewer)
    view.goals = list(
        session.scalars(
            select(PairingGoal)
            .where(PairingGoal.request_id == req.request_id)
            .order_by(PairingGoal.goal_id)
        )
    )
    view.resources = list(
        session.scalars(
            select(SharedResource)
            .where(SharedResource.request_id == req.request_id)
            .options(joinedload(SharedResource.added_by))
            .order_by(SharedResource.resource_id)
        )
    )
    if role is not None:
        view.my_feedback = feedback_of(session, req, viewer)
    if agreement is not None and agreement.accepted:
        view.ends_on = ends_on(agreement)
        view.upcoming = upcoming(agreement, view.today, UPCOMING_ON_PAGE)
        if view.active:
            held = [c.held_on for c in view.checkins]
            view.overdue = overdue_dates(agreement, held, view.today)
    return view


def _admin_reads_notes(session: Session, view: Overview, admin: User) -> None:
    """Hide a confidential pairing's notes; audit an admin reading the others."""
    if view.agreement is not None and view.agreement.confidential:
        view.notes_hidden = True
    elif any(c.notes or c.next_step for c in view.checkins):
        audit.record(
            session,
            actor=admin,
            action="read_checkin_notes",
            target_type="pairing",
            target_id=view.req.request_id,
        )
        session.commit()


csv_safe = safe_cell  # the one formula guard of every export


def hours_csv(session: Session, user: User) -> str:
    """The member's mentoring hours, one row per check-in, with a total row."""
    rows = session.execute(
        select(CheckIn, MatchRequest)
        .join(MatchRequest, MatchRequest.request_id == CheckIn.request_id)
        .where(
            or_(
                MatchRequest.mentee_id == user.user_id,
                MatchRequest.mentor_id == user.user_id,
            )
        )
        .options(joinedload(MatchRequest.mentee), joinedload(MatchRequest.mentor))
        .order_by(CheckIn.held_on, CheckIn.checkin_id)
    ).all()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["date", "pairing", "role", "minutes", "hours"])
    total = 0
    for checkin, req in rows:
        role = "mentee" if req.mentee_id == user.user_id else "mentor"
        total += checkin.minutes
        cells = [
            checkin.held_on.isoformat(),
            req.other(user).display_name,
            role,
            checkin.minutes,
            f"{checkin.minutes / 60:.2f}",
        ]
        writer.writerow([csv_safe(c) for c in cells])
    writer.writerow(["total", "", "", total, f"{total / 60:.2f}"])
    return out.getvalue()


def member_pairings(user_id: int) -> Select[Any]:
    """The member's pairings (active or ended, either side), newest first."""
    return (
        select(MatchRequest)
        .where(
            MatchRequest.status.in_((MatchStatus.ACTIVE, MatchStatus.ENDED)),
            or_(MatchRequest.mentee_id == user_id, MatchRequest.mentor_id == user_id),
        )
        .order_by(MatchRequest.started_at.desc(), MatchRequest.request_id.desc())
        .options(joinedload(MatchRequest.mentee), joinedload(MatchRequest.mentor))
    )
