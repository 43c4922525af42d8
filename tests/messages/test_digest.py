"""The message digest job: one email per conversation and window, never per message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from mentormatch.core.jobs import REGISTRY
from mentormatch.core.models import MatchStatus, MemberSettings, OutboxMessage, utcnow
from mentormatch.messages.jobs import message_digests
from mentormatch.messages.services import threads
from tests.factories import make_match_request, make_mentee, make_mentor

HOUR = timedelta(hours=1)


@pytest.fixture
def pairing(session):
    return make_match_request(
        session,
        mentee=make_mentee(session),
        mentor=make_mentor(session, mentor_capacity=3),
        status=MatchStatus.ACTIVE,
        started_at=utcnow(),
    )


def prefer(session, user, choice):
    session.add(MemberSettings(user_id=user.user_id, message_email=choice))
    session.commit()


def outbox(session):
    return list(
        session.scalars(select(OutboxMessage).order_by(OutboxMessage.message_id))
    )


def run(session, now):
    return message_digests(session, now=now, config={})


def test_job_is_registered_as_periodic():
    spec = REGISTRY["message-digests"]
    assert spec.run is message_digests and spec.every is not None


def test_hourly_digest_waits_then_sends_one_email_for_many_messages(session, pairing):
    for body in ("one", "two", "three"):
        threads.post_message(session, pairing, by=pairing.mentee, body=body)
    start = utcnow()
    assert run(session, start) == "0 message email(s) queued"  # still gathering
    assert run(session, start + HOUR) == "1 message email(s) queued"
    assert run(session, start + HOUR) == "0 message email(s) queued"  # idempotent
    [email] = outbox(session)
    assert email.to_address == pairing.mentor.email
    assert email.link == f"/pairings/{pairing.request_id}"
    assert "3 new messages" in email.body and "three" in email.body


def test_immediately_sends_at_once_but_at_most_hourly(session, pairing):
    prefer(session, pairing.mentor, "immediately")
    threads.post_message(session, pairing, by=pairing.mentee, body="one")
    now = utcnow()
    assert run(session, now).startswith("1 ")
    threads.post_message(session, pairing, by=pairing.mentee, body="two")
    assert run(session, now + timedelta(minutes=30)).startswith("0 ")
    assert run(session, now + HOUR).startswith("1 ")
    bodies = [e.body for e in outbox(session)]
    assert len(bodies) == 2 and "two" in bodies[1] and "one" not in bodies[1]


def test_read_messages_and_off_send_nothing(session, pairing):
    prefer(session, pairing.mentee, "off")
    threads.post_message(session, pairing, by=pairing.mentor, body="to mentee")
    threads.post_message(session, pairing, by=pairing.mentee, body="to mentor")
    threads.thread_page(session, pairing, viewer=pairing.mentor, page=1, per_page=10)
    assert run(session, utcnow() + timedelta(days=2)).startswith("0 ")
    assert outbox(session) == []


def test_daily_digest_waits_a_day(session, pairing):
    prefer(session, pairing.mentor, "daily")
    threads.post_message(session, pairing, by=pairing.mentee, body="one")
    now = utcnow()
    assert run(session, now + 2 * HOUR).startswith("0 ")
    assert run(session, now + timedelta(days=1, minutes=1)).startswith("1 ")


def test_request_thread_email_links_to_the_request_page(session):
    req = make_match_request(
        session, mentee=make_mentee(session), mentor=make_mentor(session)
    )
    prefer(session, req.mentee, "immediately")
    threads.post_message(session, req, by=req.mentor, body="Which exam?")
    run(session, utcnow())
    [email] = outbox(session)
    assert email.link == f"/matches/requests/{req.request_id}"
