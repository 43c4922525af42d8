"""Jobs of pairings: overdue check-ins, reminders, quiet pairings, meetings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.jobs import first_time, periodic
from mentormatch.core.models import Agreement, MatchRequest, MatchStatus
from mentormatch.pairings.services.checkups import send_prompts
from mentormatch.pairings.services.followups import (
    GRACE_DAYS,
    checkins_of,
    ends_on,
    tell,
)
from mentormatch.pairings.services.meetings import send_reminders
from mentormatch.pairings.services.overdue import flag_overdue
from mentormatch.pairings.services.schedule import (
    MONTHLY,
    local_moment,
    next_dates,
    today_in,
)

DEFAULT_CHECKIN_TIME = time(9, 0)  # when the agreement names no time of day
CADENCE_DAYS = {"weekly": 7, "biweekly": 14, MONTHLY: 30}


def active_pairings(session: Session) -> list[tuple[MatchRequest, Agreement]]:
    """Active pairings whose agreement both people accepted."""
    rows = session.execute(
        select(MatchRequest, Agreement)
        .join(Agreement, Agreement.request_id == MatchRequest.request_id)
        .where(MatchRequest.status == MatchStatus.ACTIVE)
    ).all()
    return [(req, agreement) for req, agreement in rows if agreement.accepted]


@periodic(
    "flag-overdue",
    every=timedelta(hours=1),
    description="Tell both members about each check-in overdue past the grace "
    "period (each check-in only once).",
)
def overdue(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """OverdueFlag rows (unique per pairing and date) make a rerun a no-op."""
    count = flag_overdue(session, now=now, grace=GRACE_DAYS)
    return f"Flagged {count} overdue check-in{'' if count == 1 else 's'}."


@periodic(
    "checkin-reminders",
    every=timedelta(hours=1),
    description="Remind both members REMINDER_HOURS before each scheduled check-in.",
)
def remind(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """One reminder per pairing and check-in date, sent once its window opens."""
    ahead = timedelta(hours=int(config["REMINDER_HOURS"]))
    sent = 0
    for req, agreement in active_pairings(session):
        today = today_in(agreement.timezone, now)
        at = agreement.checkin_time or DEFAULT_CHECKIN_TIME
        for day in next_dates(agreement.starts_on, agreement.cadence, 2, after=today):
            moment = local_moment(day, at, agreement.timezone)
            if day > ends_on(agreement) or not now < moment <= now + ahead:
                continue
            if first_time(session, f"checkin-reminder:{req.request_id}:{day}"):
                when = f"{moment:%a %d %b, %H:%M} {agreement.timezone}"
                for person in (req.mentee, req.mentor):
                    tell(session, "checkin_reminder", req, person, when=when)
                sent += 1
    session.commit()
    return f"Sent {sent} check-in reminder{'' if sent == 1 else 's'}."


@periodic(
    "nudge-pairings",
    every=timedelta(days=1),
    description="Nudge both members of an active pairing with no check-in "
    "logged for twice its cadence.",
)
def nudge_quiet(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """Nudged once per quiet spell: the key names the last check-in (or none)."""
    nudged = 0
    for req, agreement in active_pairings(session):
        days = 2 * CADENCE_DAYS.get(agreement.cadence, 30)
        held = checkins_of(session, req.request_id)
        since = held[0].held_on if held else agreement.starts_on
        if (today_in(agreement.timezone, now) - since).days < days:
            continue
        if first_time(session, f"nudge-pairing:{req.request_id}:{since}"):
            for person in (req.mentee, req.mentor):
                tell(session, "nudge_pairing", req, person, days=days)
            nudged += 1
    session.commit()
    return f"Nudged {nudged} quiet pairing{'' if nudged == 1 else 's'}."


@periodic(
    "meeting-reminders",
    every=timedelta(minutes=15),
    description="Remind both members of a meeting starting within a day (once).",
    setting="MEETING_REMINDER_EVERY",
)
def meeting_reminders(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """Notify (and email) both members once per confirmed meeting."""
    return f"{send_reminders(session, now=now)} meeting reminder(s) sent"


@periodic(
    "checkup-prompts",
    every=timedelta(hours=6),
    description="Ask both members for the 30- and 90-day check-up (once each).",
    setting="CHECKUP_PROMPT_EVERY",
)
def checkup_prompts(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """Notify (and email) each member once when a check-up falls due."""
    return f"{send_prompts(session, now=now)} check-up prompt(s) sent"
