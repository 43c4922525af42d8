"""The pairing calendar, read back with `icalendar` and expanded across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from mentormatch.core.models import Agreement, MatchStatus
from mentormatch.pairings.services import calendar
from tests.factories import make_match_request, make_mentee, make_mentor
from tests.pairings.helpers import agree

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def req(session):
    return make_match_request(
        session,
        mentee=make_mentee(session, display_name="Mia Mentee"),
        mentor=make_mentor(session, display_name="Otto Mentor"),
        status=MatchStatus.ACTIVE,
        started_at=NOW,
    )


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def expand(event, zone: str) -> list[datetime]:
    """Occurrences as a calendar app computes them: the rule runs in wall time."""
    start = event.decoded("dtstart")
    assert str(event["dtstart"].params["TZID"]) == zone
    wall = start.replace(tzinfo=None)
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=wall)
    return [moment.replace(tzinfo=ZoneInfo(zone)) for moment in rule]


@pytest.mark.parametrize(
    ("zone", "changes"),
    [
        ("Europe/Berlin", (date(2026, 3, 29), date(2026, 10, 25))),
        ("America/New_York", (date(2026, 3, 8), date(2026, 11, 1))),
    ],
)
def test_calendar_weekly_year_expands_across_dst_to_every_checkin(
    session, req, zone, changes
):
    req.mentee.profile.timezone = zone
    session.commit()
    agreement = agree(session, req, duration_months=12, checkin_time=time(18, 30))
    assert agreement.timezone == zone
    cal = parse(
        calendar.calendar(calendar.pairing_events(session, req, now=NOW), name="x")
    )
    [event] = cal.walk("VEVENT")
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == zone
    occurrences = expand(event, zone)
    assert len(occurrences) == len(calendar.checkin_dates(agreement))
    assert [o.date() for o in occurrences] == calendar.checkin_dates(agreement)
    assert {o.timetz().replace(tzinfo=None) for o in occurrences} == {time(18, 30)}
    offsets = {o.utcoffset() for o in occurrences}
    assert len(offsets) == 2  # the UTC offset moves, the wall time stays
    before, after = (
        next(o for o in occurrences if o.date() >= change) for change in changes
    )
    assert before.utcoffset() != after.utcoffset()
    assert event.decoded("duration") == timedelta(minutes=60)
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(minutes=30)


def test_calendar_six_months_weekly_has_all_26_checkins(session, req):
    agreement = agree(session, req, checkin_time=time(9, 0))
    [event] = parse(
        calendar.calendar(calendar.pairing_events(session, req, now=NOW), name="x")
    ).walk("VEVENT")
    assert event["rrule"]["COUNT"] == [26] == [len(calendar.checkin_dates(agreement))]


def test_calendar_monthly_on_the_31st_lists_clamped_dates(session, req):
    agreement = agree(session, req, cadence="monthly", starts_on=date(2026, 1, 31))
    events = parse(
        calendar.calendar(calendar.pairing_events(session, req, now=NOW), name="x")
    ).walk("VEVENT")
    starts = [e.decoded("dtstart") for e in events]
    assert starts == calendar.checkin_dates(agreement)
    assert date(2026, 2, 28) in starts and all("RRULE" not in e for e in events)


def test_calendar_45_minutes_in_the_repeated_hour_stays_45(session):
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 10, 25, 2, 30, tzinfo=berlin)  # the first 02:30 (CEST)
    item = calendar.Appointment(uid="m@x", start=start, minutes=45, summary="Meet")
    [event] = parse(
        calendar.calendar([calendar.appointment_event(item, now=NOW)], name="x")
    ).walk("VEVENT")
    assert event.decoded("duration") == timedelta(minutes=45)
    begin = event.decoded("dtstart")
    assert (begin + event.decoded("duration")) - begin == timedelta(minutes=45)


def test_calendar_is_empty_until_the_agreement_is_accepted(session, req):
    session.add(
        Agreement(
            request_id=req.request_id,
            cadence="weekly",
            starts_on=date(2026, 1, 5),
            timezone="UTC",
        )
    )
    session.commit()
    assert calendar.pairing_events(session, req, now=NOW) == []
