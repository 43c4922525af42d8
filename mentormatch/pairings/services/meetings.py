"""Meetings: propose up to three times, pick one, cancel or reschedule, remind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mentormatch.core.dates import check_window
from mentormatch.core.errors import InvalidTransitionError, NotAllowedError
from mentormatch.core.errors import ValidationError as DomainValidationError
from mentormatch.core.models import (
    MatchRequest,
    MatchStatus,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    User,
    utcnow,
)
from mentormatch.pairings.services.followups import tell

MAX_SLOTS = 3
MINUTES = (15, 240)
REMIND_AHEAD = timedelta(hours=24)
OPEN = (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED)


def zone_of_member(user: User) -> str:
    """The member's own time zone (UTC without a profile)."""
    profile = user.profile
    return profile.timezone if profile and profile.timezone else "UTC"


def local_to_utc(wall: datetime, zone: str) -> datetime:
    """The instant of wall-clock time `wall` in `zone` (the earlier one if repeated)."""
    return wall.replace(tzinfo=ZoneInfo(zone), fold=0).astimezone(ZoneInfo("UTC"))


def _check_member(req: MatchRequest, by: User) -> None:
    if not req.involves(by):
        raise NotAllowedError("Only the two members arrange meetings.")
    if req.status != MatchStatus.ACTIVE:
        raise InvalidTransitionError("Meetings are arranged in an active pairing.")


def _check_times(starts: Sequence[datetime], minutes: int, now: datetime) -> None:
    if not 1 <= len(starts) <= MAX_SLOTS:
        raise DomainValidationError(f"Propose one to {MAX_SLOTS} times.")
    if len(set(starts)) != len(starts):
        raise DomainValidationError("Propose different times.")
    if any(start <= now for start in starts):
        raise DomainValidationError("Propose times in the future.")
    for start in starts:  # year 9999 would overflow the calendar feed
        check_window(start, now.date(), "time")
    if not MINUTES[0] <= minutes <= MINUTES[1]:
        raise DomainValidationError("A meeting lasts 15 to 240 minutes.")


def propose_meeting(
    session: Session,
    req: MatchRequest,
    *,
    by: User,
    starts: Sequence[datetime],
    minutes: int,
    video_url: str = "",
    location: str = "",
    note: str = "",
    replaces: Meeting | None = None,
    now: datetime | None = None,
) -> Meeting:
    """Propose 1-3 aware start times; a waiting proposal of the pair is replaced.

    `replaces` reschedules that meeting: it is cancelled with `note`.

    Raises
    ------
    NotAllowedError
        `by` is not one of the two members.
    InvalidTransitionError
        The pairing is not active, or `replaces` is no longer open.
    ValidationError
        No time, more than three, repeated or past times, or a bad length.
    """
    now = now or utcnow()
    _check_member(req, by)
    _check_times(starts, minutes, now)
    if replaces is not None:  # first, so it is cancelled (with the note), not replaced
        _cancel(replaces, by, f"Rescheduled. {note}".strip(), now)
    for waiting in open_meetings(session, req, MeetingStatus.PROPOSED):
        waiting.status, waiting.decided_at = MeetingStatus.REPLACED, now
    meeting = Meeting(
        request_id=req.request_id,
        proposed_by_id=by.user_id,
        status=MeetingStatus.PROPOSED,
        minutes=minutes,
        video_url=video_url,
        location=location,
        note=note,
        slots=[MeetingSlot(starts_at=s) for s in sorted(starts)],
    )
    session.add(meeting)
    tell(session, "meeting_proposed", req, req.other(by), actor=by.display_name)
    session.commit()
    return meeting


def pick_slot(
    session: Session,
    req: MatchRequest,
    meeting: Meeting,
    slot: MeetingSlot,
    *,
    by: User,
) -> Meeting:
    """The other member picks one proposed time: the meeting is confirmed.

    Raises
    ------
    NotAllowedError
        `by` proposed the meeting, or is not a member.
    InvalidTransitionError
        The meeting is no longer waiting, or the time has passed.
    """
    _check_member(req, by)
    if by.user_id == meeting.proposed_by_id:
        raise NotAllowedError("The other member picks one of your times.")
    now = utcnow()
    if (
        meeting.status != MeetingStatus.PROPOSED
        or slot.meeting_id != meeting.meeting_id
    ):
        raise InvalidTransitionError("This proposal is no longer open.")
    if slot.starts_at <= now:
        raise InvalidTransitionError("That time has passed; propose others.")
    meeting.status, meeting.starts_at = MeetingStatus.CONFIRMED, slot.starts_at
    meeting.decided_at, meeting.decided_by_id = now, by.user_id
    tell(session, "meeting_confirmed", req, meeting.proposed_by, actor=by.display_name)
    session.commit()
    return meeting


def _cancel(meeting: Meeting, by: User, note: str, now: datetime) -> None:
    if meeting.status not in OPEN:
        raise InvalidTransitionError("This meeting is no longer open.")
    meeting.status, meeting.decided_at = MeetingStatus.CANCELLED, now
    meeting.decided_by_id = by.user_id
    if note:
        meeting.note = f"{meeting.note}\n{by.display_name}: {note}".strip()


def cancel_meeting(
    session: Session, req: MatchRequest, meeting: Meeting, *, by: User, note: str
) -> Meeting:
    """Either member cancels a proposed or confirmed meeting, with a note.

    Raises
    ------
    NotAllowedError
        `by` is not one of the two members.
    InvalidTransitionError
        The pairing is not active or the meeting is no longer open.
    """
    _check_member(req, by)
    _cancel(meeting, by, note, utcnow())
    tell(session, "meeting_cancelled", req, req.other(by), actor=by.display_name)
    session.commit()
    return meeting


def open_meetings(
    session: Session, req: MatchRequest, *statuses: MeetingStatus
) -> list[Meeting]:
    """The pairing's meetings in `statuses` (default: proposed and confirmed)."""
    return list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.request_id == req.request_id,
                Meeting.status.in_(statuses or OPEN),
            )
            .options(selectinload(Meeting.slots))
            .order_by(Meeting.meeting_id.desc())
        )
    )


def checkin_prefill(meeting: Meeting, zone: str, now: datetime) -> dict[str, object]:
    """Check-in form values from a meeting held (date in `zone`, its length)."""
    if meeting.status != MeetingStatus.CONFIRMED or meeting.starts_at is None:
        return {}
    if meeting.starts_at > now:
        return {}
    held: date = meeting.starts_at.astimezone(ZoneInfo(zone)).date()
    return {"held_on": held, "minutes": meeting.minutes}


def send_reminders(session: Session, *, now: datetime) -> int:
    """Tell both members of each confirmed meeting starting within a day, once."""
    due = session.scalars(
        select(Meeting).where(
            Meeting.status == MeetingStatus.CONFIRMED,
            Meeting.reminded_at.is_(None),
            Meeting.starts_at > now,
            Meeting.starts_at <= now + REMIND_AHEAD,
        )
    ).all()
    for meeting in due:
        req = session.get(MatchRequest, meeting.request_id)
        if req is None or req.status != MatchStatus.ACTIVE:
            continue
        for member in (req.mentee, req.mentor):
            tell(session, "meeting_reminder", req, member)
        meeting.reminded_at = now
    session.commit()
    return len(due)
