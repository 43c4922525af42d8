"""Meetings: propose, pick, cancel, reschedule, reminders, check-in prefill, feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from mentormatch.core.errors import (
    InvalidTransitionError,
    NotAllowedError,
    ValidationError,
)
from mentormatch.core.models import (
    MatchStatus,
    Meeting,
    MeetingStatus,
    Notification,
    OutboxMessage,
    utcnow,
)
from mentormatch.pairings.jobs import meeting_reminders
from mentormatch.pairings.services import feed, meetings
from tests.factories import make_match_request, make_mentee, make_mentor, make_user
from tests.web.flow_helpers import count

DAY = timedelta(days=1)


@pytest.fixture
def req(session):
    return make_match_request(
        session,
        mentee=make_mentee(session, display_name="Mia", timezone="Europe/Berlin"),
        mentor=make_mentor(session, display_name="Otto", timezone="America/New_York"),
        status=MatchStatus.ACTIVE,
        started_at=utcnow(),
    )


def soon(days: int, hour: int = 17) -> datetime:
    base = (utcnow() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    return base.replace(hour=hour)


def propose(session, req, by=None, n=2, **kw):
    starts = [soon(3 + i) for i in range(n)]
    return meetings.propose_meeting(
        session, req, by=by or req.mentee, starts=starts, minutes=45, **kw
    )


def test_meeting_proposed_picked_and_proposer_told(session, req):
    meeting = propose(session, req, video_url="https://meet.example.org/x")
    assert count(session, Notification, Notification.user_id == req.mentor_id) == 1
    with pytest.raises(NotAllowedError, match="other member"):
        meetings.pick_slot(session, req, meeting, meeting.slots[0], by=req.mentee)
    meetings.pick_slot(session, req, meeting, meeting.slots[1], by=req.mentor)
    assert meeting.status == MeetingStatus.CONFIRMED
    assert meeting.starts_at == meeting.slots[1].starts_at
    kinds = session.scalars(select(OutboxMessage.kind)).all()
    assert "meeting_confirmed" in kinds


def test_proposing_others_replaces_the_waiting_proposal(session, req):
    first = propose(session, req)
    second = propose(session, req, by=req.mentor, n=1)
    assert first.status == MeetingStatus.REPLACED
    assert meetings.open_meetings(session, req) == [second]
    with pytest.raises(InvalidTransitionError):
        meetings.pick_slot(session, req, first, first.slots[0], by=req.mentor)


@pytest.mark.parametrize(
    ("starts", "minutes", "message"),
    [
        ([], 60, "one to 3"),
        ([soon(2)] * 2, 60, "different"),
        ([soon(1), soon(2), soon(3), soon(4)], 60, "one to 3"),
        ([utcnow() - DAY], 60, "future"),
        ([soon(2)], 5, "15 to 240"),
    ],
)
def test_bad_proposals_refused_and_nothing_stored(
    session, req, starts, minutes, message
):
    with pytest.raises(ValidationError, match=message):
        meetings.propose_meeting(
            session, req, by=req.mentee, starts=starts, minutes=minutes
        )
    assert count(session, Meeting) == 0


def test_outsider_and_ended_pairing_cannot_propose(session, req):
    with pytest.raises(NotAllowedError):
        propose(session, req, by=make_user(session, is_admin=True))
    req.status = MatchStatus.ENDED
    session.commit()
    with pytest.raises(InvalidTransitionError):
        propose(session, req)


def test_cancel_and_reschedule_keep_the_note(session, req):
    meeting = propose(session, req)
    meetings.pick_slot(session, req, meeting, meeting.slots[0], by=req.mentor)
    new = propose(session, req, by=req.mentor, n=1, note="Clash", replaces=meeting)
    assert meeting.status == MeetingStatus.CANCELLED
    assert "Rescheduled. Clash" in meeting.note
    meetings.cancel_meeting(session, req, new, by=req.mentee, note="Ill")
    assert new.status == MeetingStatus.CANCELLED and "Mia: Ill" in new.note
    with pytest.raises(InvalidTransitionError):
        meetings.cancel_meeting(session, req, new, by=req.mentee, note="")


def test_reminder_job_tells_both_once_within_a_day(session, req):
    meeting = propose(session, req, n=1)
    meetings.pick_slot(session, req, meeting, meeting.slots[0], by=req.mentor)
    start = meeting.starts_at
    assert meeting_reminders(session, now=start - 2 * DAY, config={}).startswith("0 ")
    assert meeting_reminders(session, now=start - DAY / 2, config={}).startswith("1 ")
    assert meeting_reminders(session, now=start - DAY / 4, config={}).startswith("0 ")
    reminded = session.scalars(
        select(Notification.user_id).where(Notification.kind == "meeting_reminder")
    ).all()
    assert sorted(reminded) == sorted([req.mentee_id, req.mentor_id])


def test_checkin_prefill_only_after_a_confirmed_meeting(session, req):
    meeting = propose(session, req, n=1)
    assert meetings.checkin_prefill(meeting, "Europe/Berlin", utcnow() + 9 * DAY) == {}
    meetings.pick_slot(session, req, meeting, meeting.slots[0], by=req.mentor)
    assert meetings.checkin_prefill(meeting, "Europe/Berlin", utcnow()) == {}
    later = meeting.starts_at + DAY
    values = meetings.checkin_prefill(meeting, "Europe/Berlin", later)
    assert values["minutes"] == 45
    assert (
        values["held_on"]
        == meeting.starts_at.astimezone(
            __import__("zoneinfo").ZoneInfo("Europe/Berlin")
        ).date()
    )


def test_local_to_utc_uses_the_members_zone():
    wall = datetime(2026, 7, 1, 18, 0)
    assert meetings.local_to_utc(wall, "Europe/Berlin") == datetime(
        2026, 7, 1, 16, 0, tzinfo=UTC
    )
    assert meetings.local_to_utc(wall, "America/New_York") == datetime(
        2026, 7, 1, 22, 0, tzinfo=UTC
    )


def test_feed_lists_confirmed_meeting_and_reset_voids_old_token(session, req):
    meeting = propose(session, req, n=1, location="Café")
    meetings.pick_slot(session, req, meeting, meeting.slots[0], by=req.mentor)
    assert feed.feed_token(session, req.mentor) is None  # no settings row yet
    old = feed.reset_token(session, req.mentee)
    body = feed.member_feed(session, old, now=utcnow())
    assert body is not None
    [event] = Calendar.from_ical(body).walk("VEVENT")
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("duration") == timedelta(minutes=45)
    assert str(event["location"]) == "Café" and event.walk("VALARM")
    new = feed.reset_token(session, req.mentee)
    assert new != old and feed.member_feed(session, old, now=utcnow()) is None
    assert feed.member_feed(session, "x" * 500, now=utcnow()) is None
