"""Message pages: the contract of the pairing thread, the nav badge, the list, CSRF."""

from __future__ import annotations

import re

import pytest

from mentormatch.core.models import MatchStatus, Message
from mentormatch.extensions import db
from mentormatch.messages.services import threads
from tests.web.flow_helpers import (
    client_as,
    count,
    flashes,
    make_cast,
    make_in_state,
    shared_app,
    statements,
)

S = MatchStatus


@pytest.fixture(scope="module")
def app():
    yield from shared_app()


@pytest.fixture(autouse=True)
def fresh_session(app):
    yield
    db.session.remove()


@pytest.fixture
def pairing(session):
    cast = make_cast(session)
    return cast, make_in_state(session, cast, S.ACTIVE)


def badge(html: str) -> str | None:
    found = re.search(
        r'id="nav-messages">Messages(?: <span class="badge"[^>]*>(\d+))?', html
    )
    assert found, "the Messages link is in the navigation"
    return found.group(1)


def test_pairing_thread_contract_list_link_post_redirect_show(app, session, pairing):
    cast, req = pairing
    mentee = client_as(app, cast.mentee)
    listing = mentee.get("/pairings").get_data(as_text=True)
    assert f'href="/pairings/{req.request_id}"' in listing
    posted = mentee.post(
        f"/pairings/{req.request_id}/messages", data={"body": "Hi Otto"}
    )
    assert posted.status_code == 302
    assert posted.headers["Location"].startswith(f"/pairings/{req.request_id}")
    assert ("success", "Message sent.") in flashes(mentee)
    page = client_as(app, cast.mentor).get(f"/pairings/{req.request_id}")
    assert page.status_code == 200 and "Hi Otto" in page.get_data(as_text=True)


def test_unread_badge_counts_then_clears_when_read(app, session, pairing):
    cast, req = pairing
    threads.post_message(session, req, by=cast.mentee, body="one")
    threads.post_message(session, req, by=cast.mentee, body="two")
    mentor = client_as(app, cast.mentor)
    assert badge(mentor.get("/notifications").get_data(as_text=True)) == "2"
    mentor.get(f"/pairings/{req.request_id}")
    assert badge(mentor.get("/notifications").get_data(as_text=True)) is None


def test_nav_count_is_one_query_whatever_the_number_of_threads(app, session, pairing):
    cast, req = pairing
    for _ in range(3):
        other = make_in_state(session, make_cast(session), S.REQUESTED)
        other.mentor_id = cast.mentor.user_id
        session.commit()
        threads.post_message(session, other, by=other.mentee, body="hello")
    with statements() as seen:
        client_as(app, cast.mentor).get("/notifications")
    assert sum("message" in s.lower() for s in seen) == 1


def test_messages_page_lists_conversations_with_unread(app, session, pairing):
    cast, req = pairing
    threads.post_message(session, req, by=cast.mentee, body="ping")
    html = client_as(app, cast.mentor).get("/messages").get_data(as_text=True)
    assert cast.mentee.display_name in html
    assert f'href="/pairings/{req.request_id}#messages"' in html
    assert '<span class="badge">1<span class="visually-hidden"> unread</span>' in html


def test_admin_sees_the_pairing_but_not_its_messages(app, session, pairing):
    cast, req = pairing
    threads.post_message(session, req, by=cast.mentee, body="private words")
    html = (
        client_as(app, cast.admin)
        .get(f"/pairings/{req.request_id}")
        .get_data(as_text=True)
    )
    assert "private words" not in html
    assert "Messages are private to the mentor and the mentee" in html


def test_member_of_another_pairing_cannot_read_or_write(app, session, pairing):
    cast, req = pairing
    elsewhere = make_cast(session)
    make_in_state(session, elsewhere, S.ACTIVE)
    outsider = client_as(app, elsewhere.mentee)
    assert outsider.get(f"/pairings/{req.request_id}").status_code == 404
    response = outsider.post(f"/pairings/{req.request_id}/messages", data={"body": "x"})
    assert response.status_code == 404
    assert count(session, Message, Message.request_id == req.request_id) == 0


def test_mentor_asks_on_the_request_page_before_accepting(app, session):
    cast = make_cast(session)
    req = make_in_state(session, cast, S.REQUESTED)
    mentor = client_as(app, cast.mentor)
    posted = mentor.post(
        f"/requests/{req.request_id}/messages", data={"body": "Why me?"}
    )
    assert posted.headers["Location"].startswith(f"/requests/{req.request_id}")
    page = client_as(app, cast.mentee).get(f"/matches/requests/{req.request_id}")
    assert "Why me?" in page.get_data(as_text=True)


def test_links_are_clickable_and_script_is_escaped(app, session, pairing):
    cast, req = pairing
    body = "Read https://example.org/guide <script>alert(1)</script>"
    threads.post_message(session, req, by=cast.mentee, body=body)
    html = (
        client_as(app, cast.mentor)
        .get(f"/pairings/{req.request_id}")
        .get_data(as_text=True)
    )
    assert 'href="https://example.org/guide" rel="nofollow noopener"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_edit_then_delete_own_message(app, session, pairing):
    cast, req = pairing
    message = threads.post_message(session, req, by=cast.mentee, body="tpyo")
    mentee = client_as(app, cast.mentee)
    edited = mentee.post(f"/messages/{message.message_id}/edit", data={"body": "typo"})
    assert edited.status_code == 302
    session.refresh(message)
    assert message.body == "typo" and message.edited_at is not None
    mentee.post(f"/messages/{message.message_id}/delete")
    page = mentee.get(f"/pairings/{req.request_id}").get_data(as_text=True)
    assert "Message deleted." in page and "typo" not in page


def test_post_without_csrf_token_is_400(app, session, pairing, monkeypatch):
    cast, req = pairing
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client_as(app, cast.mentee).post(
        f"/pairings/{req.request_id}/messages", data={"body": "Hi"}
    )
    assert response.status_code == 400
    assert count(session, Message, Message.request_id == req.request_id) == 0
