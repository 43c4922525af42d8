"""Thread services: who writes and reads, edit window, unread counts, blocks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentormatch.core.errors import NotAllowedError, ValidationError
from mentormatch.core.models import (
    MatchStatus,
    MemberPreference,
    Message,
    PreferenceKind,
    utcnow,
)
from mentormatch.messages.services import threads
from mentormatch.messages.services.text import linkify
from tests.factories import make_match_request, make_mentee, make_mentor, make_user
from tests.web.flow_helpers import count

WINDOW = timedelta(minutes=15)


@pytest.fixture
def pairing(session):
    return make_match_request(
        session,
        mentee=make_mentee(session),
        mentor=make_mentor(session, mentor_capacity=3),
        status=MatchStatus.ACTIVE,
        started_at=utcnow(),
    )


def test_post_message_counts_unread_for_the_other_member_only(session, pairing):
    threads.post_message(session, pairing, by=pairing.mentee, body="Hello")
    threads.post_message(session, pairing, by=pairing.mentee, body="Are you there?")
    assert threads.unread_total(session, pairing.mentor.user_id) == 2
    assert threads.unread_total(session, pairing.mentee.user_id) == 0
    assert threads.unread_by_thread(session, pairing.mentor.user_id) == {
        pairing.request_id: 2
    }


def test_thread_page_marks_read_and_shows_newest_last(session, pairing):
    for n in range(5):
        threads.post_message(session, pairing, by=pairing.mentee, body=f"m{n}")
    page = threads.thread_page(
        session, pairing, viewer=pairing.mentor, page=1, per_page=2
    )
    assert [m.body for m in page.messages] == ["m3", "m4"]
    assert page.has_older and not page.has_newer
    assert threads.unread_total(session, pairing.mentor.user_id) == 0
    older = threads.thread_page(
        session, pairing, viewer=pairing.mentor, page=3, per_page=2
    )
    assert [m.body for m in older.messages] == ["m0"]
    assert not older.has_older and older.has_newer


@pytest.mark.parametrize("who", ["admin", "stranger"])
def test_only_the_two_members_read_or_write(session, pairing, who):
    outsider = make_user(session, is_admin=who == "admin")
    with pytest.raises(NotAllowedError):
        threads.post_message(session, pairing, by=outsider, body="hi")
    with pytest.raises(NotAllowedError):
        threads.thread_page(session, pairing, viewer=outsider, page=1, per_page=10)
    assert count(session, Message) == 0


@pytest.mark.parametrize("status", [MatchStatus.ENDED, MatchStatus.DECLINED])
def test_closed_thread_takes_no_message(session, status):
    req = make_match_request(
        session, mentee=make_mentee(session), mentor=make_mentor(session), status=status
    )
    with pytest.raises(NotAllowedError, match="closed"):
        threads.post_message(session, req, by=req.mentee, body="hi")


def test_request_thread_lets_mentor_ask_before_accepting(session):
    req = make_match_request(
        session, mentee=make_mentee(session), mentor=make_mentor(session)
    )
    threads.post_message(session, req, by=req.mentor, body="Which exam?")
    assert threads.unread_total(session, req.mentee.user_id) == 1


@pytest.mark.parametrize("body", ["", "   ", "x" * (threads.BODY_MAX + 1)])
def test_post_refuses_empty_or_long_body(session, pairing, body):
    with pytest.raises(ValidationError):
        threads.post_message(session, pairing, by=pairing.mentee, body=body)
    assert count(session, Message) == 0


def test_edit_and_delete_own_message_within_window(session, pairing):
    message = threads.post_message(session, pairing, by=pairing.mentee, body="typo")
    threads.edit_message(
        session, message, by=pairing.mentee, body="fixed", window=WINDOW
    )
    assert message.body == "fixed" and message.edited_at is not None
    threads.delete_message(session, message, by=pairing.mentee, window=WINDOW)
    assert message.is_deleted and message.body == ""
    assert threads.unread_total(session, pairing.mentor.user_id) == 0


def test_edit_refused_for_others_and_after_window(session, pairing):
    message = threads.post_message(session, pairing, by=pairing.mentee, body="mine")
    with pytest.raises(NotAllowedError, match="your own"):
        threads.edit_message(
            session, message, by=pairing.mentor, body="x", window=WINDOW
        )
    late = message.created_at + WINDOW + timedelta(seconds=1)
    with pytest.raises(NotAllowedError, match="15 minutes"):
        threads.delete_message(
            session, message, by=pairing.mentee, window=WINDOW, now=late
        )
    session.refresh(message)
    assert message.body == "mine" and not message.is_deleted


def test_block_hides_messages_and_stops_the_thread(session, pairing):
    threads.post_message(session, pairing, by=pairing.mentee, body="one")
    session.add(
        MemberPreference(
            member_id=pairing.mentor.user_id,
            other_id=pairing.mentee.user_id,
            kind=PreferenceKind.BLOCK,
        )
    )
    session.commit()
    assert threads.unread_total(session, pairing.mentor.user_id) == 0
    page = threads.thread_page(
        session, pairing, viewer=pairing.mentor, page=1, per_page=10
    )
    assert page.messages == [] and page.blocked and not page.can_write
    with pytest.raises(NotAllowedError):
        threads.post_message(session, pairing, by=pairing.mentee, body="two")


def test_conversations_lists_threads_latest_first(session, pairing):
    mentor = pairing.mentor
    other = make_match_request(session, mentee=make_mentee(session), mentor=mentor)
    threads.post_message(session, other, by=other.mentee, body="first")
    threads.post_message(session, pairing, by=pairing.mentee, body="later")
    rows = session.execute(threads.conversations(mentor.user_id)).unique().all()
    assert [r[0].request_id for r in rows] == [pairing.request_id, other.request_id]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("see https://example.org/a?b=1.", 'href="https://example.org/a?b=1"'),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('https://x.org/"onmouseover="alert(1)', 'href="https://x.org/"'),
        ("javascript:alert(1)", "javascript:alert(1)"),
    ],
)
def test_linkify_escapes_first_then_links_http_only(body, expected):
    html = str(linkify(body))
    assert expected in html
    assert "<script" not in html and 'onmouseover="' not in html
    if "http" not in body:
        assert "href" not in html  # only http(s) addresses become links


def test_linkify_adds_nofollow_noopener():
    assert 'rel="nofollow noopener"' in str(linkify("http://example.org"))
