"""Each job's effect, and that running it twice has that effect once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from mentormatch.core.models import (
    CheckIn,
    MatchStatus,
    Notification,
    OutboxMessage,
    PasswordResetToken,
    utcnow,
)
from mentormatch.worker import current_engine
from tests.factories import make_mentee, make_user
from tests.pairings.helpers import agree
from tests.web.flow_helpers import make_cast, make_in_state

S = MatchStatus


def run_twice(app, session, name: str, now: datetime) -> tuple[str, str]:
    spec = current_engine().specs[name]
    first = spec.run(session, now=now, config=app.config)
    again = spec.run(session, now=now, config=app.config)
    session.expire_all()
    return first, again


def kinds(session, kind: str) -> int:
    return session.scalar(
        select(func.count()).select_from(Notification).where(Notification.kind == kind)
    )


@pytest.fixture
def cast(session):
    return make_cast(session)


def test_expire_requests_expires_once(app, session, cast):
    req = make_in_state(session, cast, S.REQUESTED)
    req.created_at = utcnow() - timedelta(days=15)
    session.commit()
    first, again = run_twice(app, session, "expire-requests", utcnow())
    assert (first, again) == ("Expired 1 request.", "Expired 0 requests.")
    assert req.status == S.EXPIRED and kinds(session, "request_expired") == 1


def test_nudge_requests_nudges_idle_mentee_and_slow_mentor_once(app, session, cast):
    idle = make_mentee(session, display_name="Ida Idle")
    idle.created_at = utcnow() - timedelta(days=8)
    req = make_in_state(session, cast, S.REQUESTED)
    req.created_at = utcnow() - timedelta(days=4)
    session.commit()
    first, again = run_twice(app, session, "nudge-requests", utcnow())
    assert first == "Nudged 1 mentees and 1 mentors."
    assert again == "Nudged 0 mentees and 0 mentors."
    (note,) = session.scalars(
        select(Notification).where(Notification.kind == "nudge_mentee")
    ).all()
    assert note.user_id == idle.user_id  # the mentee with a request is not nudged
    assert kinds(session, "nudge_mentor") == 1
    mail = session.scalars(select(OutboxMessage.kind)).all()
    assert sorted(mail).count("nudge_mentor") == 1


def test_flag_overdue_flags_once(app, session, cast):
    req = make_in_state(session, cast, S.ACTIVE)
    agree(session, req, starts_on=date(2026, 1, 5))
    now = datetime(2026, 1, 20, 12, tzinfo=UTC)
    first, again = run_twice(app, session, "flag-overdue", now)
    assert (first, again) == (
        "Flagged 2 overdue check-ins.",
        "Flagged 0 overdue check-ins.",
    )


def test_checkin_reminder_goes_once_the_day_before(app, session, cast):
    req = make_in_state(session, cast, S.ACTIVE)
    agreement = agree(
        session, req, starts_on=date(2026, 3, 2), checkin_time=time(18, 0)
    )
    agreement.timezone = "UTC"
    session.commit()
    too_early = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)  # 25 h before
    assert run_twice(app, session, "checkin-reminders", too_early)[0].startswith(
        "Sent 0"
    )
    now = datetime(2026, 3, 1, 19, 0, tzinfo=UTC)  # 23 h before
    first, again = run_twice(app, session, "checkin-reminders", now)
    assert (first, again) == ("Sent 1 check-in reminder.", "Sent 0 check-in reminders.")
    assert kinds(session, "checkin_reminder") == 2  # mentee and mentor
    later = datetime(2026, 3, 8, 19, 0, tzinfo=UTC)  # the next weekly check-in
    assert run_twice(app, session, "checkin-reminders", later)[0].startswith("Sent 1")


def test_nudge_pairings_nudges_a_quiet_pairing_once_per_spell(app, session, cast):
    req = make_in_state(session, cast, S.ACTIVE)
    agree(session, req, starts_on=date(2026, 1, 5), cadence="weekly")
    quiet = datetime(2026, 1, 20, 12, tzinfo=UTC)  # 15 days, twice a week is 14
    first, again = run_twice(app, session, "nudge-pairings", quiet)
    assert (first, again) == ("Nudged 1 quiet pairing.", "Nudged 0 quiet pairings.")
    session.add(
        CheckIn(request_id=req.request_id, held_on=date(2026, 1, 21), minutes=30)
    )
    session.commit()
    assert run_twice(app, session, "nudge-pairings", quiet + timedelta(days=2))[
        0
    ].startswith("Nudged 0")
    later = datetime(2026, 2, 5, 12, tzinfo=UTC)  # quiet again since the 21st
    assert run_twice(app, session, "nudge-pairings", later)[0].startswith("Nudged 1")


def test_approval_digest_once_a_day_and_only_with_a_queue(app, session, cast):
    assert run_twice(app, session, "approval-digest", utcnow())[0].endswith("empty.")
    make_in_state(session, cast, S.ACCEPTED)
    first, again = run_twice(app, session, "approval-digest", utcnow())
    assert first == "Told 1 admins about 1 waiting requests."
    assert again == "Told 0 admins about 1 waiting requests."
    (note,) = session.scalars(
        select(Notification).where(Notification.kind == "approval_digest")
    ).all()
    assert note.user_id == cast.admin.user_id
    assert "1 accepted request waits" in note.text
    tomorrow = utcnow() + timedelta(days=1)
    assert run_twice(app, session, "approval-digest", tomorrow)[0].startswith("Told 1")


def test_prune_deletes_what_is_old_once(app, session):
    user = make_user(session)
    old = utcnow() - timedelta(days=40)
    session.add_all(
        [
            OutboxMessage(
                user_id=user.user_id,
                kind="x",
                to_address="a@example.org",
                subject="s",
                status="sent",
                sent_at=old,
            ),
            OutboxMessage(
                user_id=user.user_id,
                kind="x",
                to_address="a@example.org",
                subject="s",
                status="pending",
            ),
            PasswordResetToken(
                user_id=user.user_id,
                token_hash="a" * 64,
                expires_at=utcnow() - timedelta(minutes=1),
            ),
            Notification(
                user_id=user.user_id,
                kind="x",
                text="t",
                read_at=old,
                created_at=utcnow() - timedelta(days=200),
            ),
            Notification(
                user_id=user.user_id,
                kind="x",
                text="unread",
                created_at=utcnow() - timedelta(days=200),
            ),
        ]
    )
    session.commit()
    first, again = run_twice(app, session, "prune", utcnow())
    assert first.startswith("Pruned 1 sent emails, 1 expired reset links, ")
    assert again.startswith("Pruned 0 sent emails, 0 expired reset links, ")
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    # Notifications are one job's work, prune-retention's, by age, read or not.
    assert session.scalar(select(func.count()).select_from(Notification)) == 2
    first, again = run_twice(app, session, "prune-retention", utcnow())
    assert (first, again) == (
        "pruned 0 audit rows, 2 notifications",
        "pruned 0 audit rows, 0 notifications",
    )
    assert session.scalar(select(func.count()).select_from(Notification)) == 0
