"""Follow-up services: agreement, check-ins, fit check, overdue, calendar, hours."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from mentormatch.core.errors import (
    InvalidTransitionError,
    NotAllowedError,
    ValidationError,
)
from mentormatch.core.models import (
    Feedback,
    GoalStatus,
    MatchStatus,
    Notification,
    OutboxMessage,
    OverdueFlag,
    PairingGoal,
)
from mentormatch.pairings.services import followups, overdue
from mentormatch.pairings.services import items as pairing_items
from mentormatch.pairings.services import overview as pairing_overview
from mentormatch.suggestions.services.recommendations import excluded_mentor_ids
from tests.pairings.helpers import agree
from tests.web.flow_helpers import count, make_cast, make_in_state

S = MatchStatus
JAN_20 = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def cast(session):
    return make_cast(session)


@pytest.fixture
def req(session, cast):
    return make_in_state(session, cast, S.ACTIVE)


def kinds(session, user) -> list[str]:
    stmt = select(Notification.kind).where(Notification.user_id == user.user_id)
    return list(session.scalars(stmt.order_by(Notification.notification_id)))


def test_followups_agreement_waits_for_the_other_then_seeds_goals(session, req):
    terms = followups.Terms(
        goals="- Pass the PgMP\n\n* Lead a program  ",
        cadence="monthly",
        duration_months=6,
        starts_on=date(2026, 1, 31),
    )
    agreement = followups.propose_agreement(session, req, by=req.mentor, terms=terms)
    assert agreement.mentor_accepted_at and agreement.mentee_accepted_at is None
    assert agreement.timezone == "Europe/Berlin"  # the mentee's profile zone
    assert kinds(session, req.mentee) == ["agreement_proposed"]
    view = pairing_overview.overview(session, req, viewer=req.mentor, now=JAN_20)
    assert view.waiting_for == ["Mia Mentee"] and view.upcoming == []
    followups.accept_agreement(session, req, by=req.mentee)
    goals = session.scalars(select(PairingGoal).order_by(PairingGoal.goal_id)).all()
    assert [g.title for g in goals] == ["Pass the PgMP", "Lead a program"]
    assert followups.ends_on(agreement) == date(2026, 7, 31)
    with pytest.raises(InvalidTransitionError, match="accepted the agreement"):
        followups.propose_agreement(session, req, by=req.mentor, terms=terms)


def test_followups_outsider_and_admin_cannot_act(session, cast, req):
    for person in (cast.other, cast.admin):
        with pytest.raises(NotAllowedError):
            followups.accept_agreement(session, req, by=person)


def test_followups_checkin_needs_agreement_and_no_future_date(session, req):
    with pytest.raises(InvalidTransitionError, match="agreement first"):
        followups.log_checkin(
            session, req, by=req.mentee, held_on=date(2026, 1, 5), minutes=60
        )
    agree(session, req)
    with pytest.raises(ValidationError, match="on or after the day"):
        followups.log_checkin(
            session,
            req,
            by=req.mentee,
            held_on=date(2026, 1, 21),
            minutes=60,
            now=JAN_20,
        )


def test_followups_overdue_windows_count_each_checkin_once(session, req):
    agreement = agree(session, req)  # weekly from Mon 5 Jan 2026
    today = date(2026, 1, 29)  # slots 5, 12, 19 passed grace; 26 did not (yet)
    assert overdue.overdue_dates(agreement, [], today) == [
        date(2026, 1, 5),
        date(2026, 1, 12),
        date(2026, 1, 19),
    ]
    # Early (2 Jan) counts for the first slot, late within grace (15 Jan) for 12 Jan.
    held = [date(2026, 1, 2), date(2026, 1, 15)]
    assert overdue.overdue_dates(agreement, held, today) == [date(2026, 1, 19)]
    # Two check-ins in one window do not cover the next slot.
    held = [date(2026, 1, 5), date(2026, 1, 6)]
    assert overdue.overdue_dates(agreement, held, today)[0] == date(2026, 1, 12)


def test_followups_flag_overdue_once_per_checkin(session, req):
    agree(session, req)
    assert overdue.flag_overdue(session, now=JAN_20) == 2  # 5 and 12 January
    assert overdue.flag_overdue(session, now=JAN_20) == 0
    assert kinds(session, req.mentee).count("checkin_overdue") == 2
    assert kinds(session, req.mentor).count("checkin_overdue") == 2
    later = datetime(2026, 1, 23, 12, tzinfo=UTC)  # 19 January is now overdue too
    assert overdue.flag_overdue(session, now=later) == 1
    assert count(session, OverdueFlag) == 3
    mails = session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "checkin_overdue")
    ).all()
    assert len(mails) == 6 and "19 Jan 2026" in mails[-1].body


def test_followups_flag_overdue_command_is_idempotent(session, runner, req):
    agree(session, req)
    first = runner.invoke(args=["flag-overdue", "--now", "2026-01-20"])
    again = runner.invoke(args=["flag-overdue", "--now", "2026-01-20T12:00:00"])
    assert first.exit_code == again.exit_code == 0
    assert "Flagged 2 overdue check-ins." in first.output
    assert "Flagged 0 overdue check-ins." in again.output


def test_followups_fit_no_ends_pairing_and_requeues_mentee(session, req):
    agree(session, req)
    with pytest.raises(InvalidTransitionError, match="first check-in"):
        followups.answer_fit(session, req, by=req.mentor, good=False)
    followups.log_checkin(
        session, req, by=req.mentor, held_on=date(2026, 1, 5), minutes=45, now=JAN_20
    )
    followups.answer_fit(session, req, by=req.mentor, good=True)
    with pytest.raises(InvalidTransitionError, match="answered"):
        followups.answer_fit(session, req, by=req.mentor, good=False)
    followups.answer_fit(session, req, by=req.mentee, good=False)
    session.expire_all()
    assert req.status == S.ENDED and req.history[-1].reason == "not a good fit"
    assert req.mentee.profile.active_pairings == 0
    assert kinds(session, req.mentee)[-1] == "fit_rematch"
    note = session.scalars(
        select(Notification).where(Notification.kind == "fit_rematch")
    ).one()
    assert note.link == "/matches" and "back in the queue" in note.text
    assert "We will not suggest Otto Mentor to you again" in note.text
    assert kinds(session, req.mentor)[-1] == "pairing_ended"
    # ...and from then on that mentor is out of this mentee's suggestions.
    assert req.mentor_id in excluded_mentor_ids(session, req.mentee_id, 90)


def test_followups_close_twice_refused_feedback_once_each(session, req):
    pairing_items.close_pairing(session, req, by=req.mentee, rating=4, comment="Good")
    assert req.status == S.ENDED
    with pytest.raises(InvalidTransitionError):
        pairing_items.close_pairing(session, req, by=req.mentor, rating=5)
    pairing_items.leave_feedback(session, req, by=req.mentor, rating=5)
    with pytest.raises(pairing_items.DuplicateFeedbackError, match="already"):
        pairing_items.leave_feedback(session, req, by=req.mentor, rating=1)
    ratings = session.scalars(select(Feedback.rating).order_by(Feedback.rating)).all()
    assert ratings == [4, 5]


def test_followups_goals_only_mentee_adds_both_update(session, req):
    with pytest.raises(NotAllowedError):
        pairing_items.add_goal(session, req, by=req.mentor, title="Mine")
    goal = pairing_items.add_goal(session, req, by=req.mentee, title="Pass PgMP")
    pairing_items.update_goal(
        session, req, goal, by=req.mentor, status=GoalStatus.IN_PROGRESS, progress=40
    )
    assert (goal.status, goal.progress) == (GoalStatus.IN_PROGRESS, 40)
    pairing_items.update_goal(
        session, req, goal, by=req.mentee, status=GoalStatus.DONE, progress=10
    )
    assert goal.progress == 100


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.pmi.org/certifications/pgmp", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        ("javascript://example.org/%0aalert(1)", False),
        ("ftp://example.org/file", False),
        ("https://", False),
        ("//example.org", False),
        ("https://exa mple.org", False),
        ("https://[::1", False),
    ],
)
def test_followups_resource_links_http_only(url, ok):
    assert pairing_items.is_web_url(url) is ok


def test_followups_resources_removed_only_by_who_shared(session, req):
    link = pairing_items.add_resource(
        session, req, by=req.mentor, title="Guide", url="https://example.org"
    )
    with pytest.raises(ValidationError):
        pairing_items.add_resource(
            session, req, by=req.mentor, title="x", url="javascript:alert(1)"
        )
    with pytest.raises(NotAllowedError):
        pairing_items.remove_resource(session, req, link, by=req.mentee)
    pairing_items.remove_resource(session, req, link, by=req.mentor)


def csv_rows(session, user) -> list[list[str]]:
    return list(csv.reader(io.StringIO(pairing_overview.hours_csv(session, user))))


def test_followups_hours_csv_sums_and_defuses_formulas(session, cast, req):
    cast.mentor.profile.display_name = '=HYPERLINK("http://evil")'
    session.commit()
    agree(session, req)
    for day, minutes in ((date(2026, 1, 5), 45), (date(2026, 1, 12), 90)):
        followups.log_checkin(
            session,
            req,
            by=req.mentee,
            held_on=day,
            minutes=minutes,
            notes="-1+1",
            now=JAN_20,
        )
    rows = list(
        csv.reader(io.StringIO(pairing_overview.hours_csv(session, req.mentee)))
    )
    assert rows[0] == ["date", "pairing", "role", "minutes", "hours"]
    assert rows[1] == [
        "2026-01-05",
        '\'=HYPERLINK("http://evil")',
        "mentee",
        "45",
        "0.75",
    ]
    assert rows[-1] == ["total", "", "", "135", "2.25"]
    mentor_rows = csv_rows(session, req.mentor)
    assert [r[1:3] for r in mentor_rows[1:3]] == [["Mia Mentee", "mentor"]] * 2
    outsider = pairing_overview.hours_csv(session, cast.other)
    assert outsider.splitlines() == [
        "date,pairing,role,minutes,hours",
        "total,,,0,0.00",
    ]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Ann", "Ann"),
        ("45", "45"),
    ],
)
def test_followups_csv_safe(value, safe):
    assert pairing_overview.csv_safe(value) == safe


def test_followups_extend_and_past_end(session, req):
    agreement = agree(session, req, duration_months=1)
    late = datetime(2026, 2, 10, 12, tzinfo=UTC)
    assert pairing_overview.overview(session, req, viewer=req.mentee, now=late).past_end
    followups.extend(session, req, by=req.mentor)
    assert followups.ends_on(agreement) == date(2026, 5, 5)
    view = pairing_overview.overview(session, req, viewer=req.mentee, now=late)
    assert not view.past_end
