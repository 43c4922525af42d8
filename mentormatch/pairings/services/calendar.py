"""The pairing's calendar with `icalendar`: every agreed check-in, alarms, time zones.

Check-ins are one repeating event (RRULE with COUNT) in the agreement's own zone
(TZID plus its VTIMEZONE), so calendar apps keep the wall time across daylight
saving. Lengths are DURATION, not a local DTEND, so a 45-minute check-in starting in
the hour the clocks go back stays 45 minutes. Monthly check-ins on the 29th to 31st
are clamped to short months, which no RRULE says, so those are listed one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.models import (
    Agreement,
    MatchRequest,
    MatchStatus,
    Meeting,
    MeetingStatus,
)
from mentormatch.pairings.services.followups import agreement_of, ends_on, zone_of
from mentormatch.pairings.services.schedule import BIWEEKLY, MONTHLY, iter_dates

PRODID = "-//MentorMatch//Mentoring calendar//EN"
CHECKIN_MINUTES = 60
ALARM_BEFORE = timedelta(minutes=30)
ALL_DAY_ALARM_BEFORE = timedelta(hours=15)  # 09:00 the day before
_RRULE = {"weekly": ("WEEKLY", 1), BIWEEKLY: ("WEEKLY", 2), MONTHLY: ("MONTHLY", 1)}


@dataclass(frozen=True, slots=True)
class Appointment:
    """A single timed entry such as a meeting: aware start, length, where."""

    uid: str
    start: datetime
    minutes: int
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False


def checkin_dates(agreement: Agreement) -> list[date]:
    """Every check-in date of the agreement, first to last (extensions included)."""
    return list(iter_dates(agreement.starts_on, agreement.cadence, ends_on(agreement)))


def _alarm(before: timedelta, summary: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Reminder: {summary}")
    alarm.add("trigger", -before)
    return alarm


def _start(day: date, at: time | None, zone: str) -> date | datetime:
    if at is None:
        return day
    # The wall time in the zone; icalendar writes it with TZID.
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone))


def _checkin(
    uid: str, start: date | datetime, summary: str, description: str, now: datetime
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", start)
    timed = isinstance(start, datetime)
    event.add("duration", timedelta(minutes=CHECKIN_MINUTES if timed else 24 * 60))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add_component(
        _alarm(ALARM_BEFORE if timed else ALL_DAY_ALARM_BEFORE, summary)
    )
    return event


def checkin_events(
    req: MatchRequest, agreement: Agreement, *, now: datetime
) -> list[Event]:
    """The agreement's check-ins: one repeating event, or one per date if clamped."""
    days = checkin_dates(agreement)
    if not days:
        return []
    names = f"{req.mentee.display_name} and {req.mentor.display_name}"
    summary = f"Mentoring check-in: {names}"
    description = f"Goals:\n{agreement.goals}" if agreement.goals else ""
    at, zone = agreement.checkin_time, agreement.timezone
    uid = f"checkins-{req.request_id}@mentormatch"
    if agreement.cadence != MONTHLY or agreement.starts_on.day <= 28:
        event = _checkin(uid, _start(days[0], at, zone), summary, description, now)
        freq, interval = _RRULE[agreement.cadence]
        event.add("rrule", {"freq": freq, "interval": interval, "count": len(days)})
        return [event]
    return [
        _checkin(
            f"checkin-{req.request_id}-{day:%Y%m%d}@mentormatch",
            _start(day, at, zone),
            summary,
            description,
            now,
        )
        for day in days
    ]


def appointment_event(item: Appointment, *, now: datetime) -> Event:
    """A meeting as an event (cancelled ones stay, marked CANCELLED)."""
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", now)
    event.add("dtstart", item.start)
    event.add("duration", timedelta(minutes=item.minutes))
    event.add("summary", item.summary)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    if item.description:
        event.add("description", item.description)
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    if not item.cancelled:
        event.add_component(_alarm(ALARM_BEFORE, item.summary))
    return event


def calendar(events: Iterable[Event], *, name: str) -> bytes:
    """The VCALENDAR bytes of `events`, with a VTIMEZONE for every TZID used."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def meeting_events(
    session: Session, req: MatchRequest, zone: str, *, now: datetime
) -> list[Event]:
    """Confirmed meetings (and cancelled ones, so apps remove them) in `zone`."""
    rows = session.scalars(
        select(Meeting).where(
            Meeting.request_id == req.request_id,
            Meeting.starts_at.is_not(None),
            Meeting.status.in_((MeetingStatus.CONFIRMED, MeetingStatus.CANCELLED)),
        )
    )
    names = f"{req.mentee.display_name} and {req.mentor.display_name}"
    return [
        appointment_event(
            Appointment(
                uid=f"meeting-{m.meeting_id}@mentormatch",
                start=m.starts_at.astimezone(ZoneInfo(zone)),
                minutes=m.minutes,
                summary=f"Mentoring meeting: {names}",
                description=m.note,
                location=m.location,
                url=m.video_url,
                cancelled=m.status == MeetingStatus.CANCELLED,
            ),
            now=now,
        )
        for m in rows
        if m.starts_at is not None
    ]


def pairing_events(
    session: Session, req: MatchRequest, *, now: datetime
) -> list[Event]:
    """An active pairing's check-ins (once agreed) and meetings."""
    if req.status != MatchStatus.ACTIVE:
        return []
    agreement = agreement_of(session, req)
    zone = agreement.timezone if agreement else zone_of(req)
    events = meeting_events(session, req, zone, now=now)
    if agreement is not None and agreement.accepted:
        events = checkin_events(req, agreement, now=now) + events
    return events
