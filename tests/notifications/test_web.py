"""Notifications: list, unread highlight, nav badge count and read-all."""

from __future__ import annotations

import re

import pytest

from mentormatch.core.models import Notification
from mentormatch.core.notifications import notify
from tests.factories import make_user
from tests.web.flow_helpers import client_as, count, flashes


@pytest.fixture
def app_config():
    return {"PER_PAGE": 2}


def tell(session, user, text, link=""):
    notify(session, user_id=user.user_id, kind="test", text=text, link=link)
    session.commit()


def badge(html: str) -> str | None:
    found = re.search(r'<span class="badge">(\d+)<span class="visually-hidden">', html)
    return found.group(1) if found else None


def test_notifications_badge_count_and_read_all(app, session):
    me, someone = make_user(session), make_user(session)
    tell(session, me, "First news", "/matches")
    tell(session, me, "Second news")
    tell(session, someone, "Not yours")
    client = client_as(app, me)
    assert badge(client.get("/notifications").get_data(as_text=True)) == "2"
    response = client.post("/notifications/read-all")
    assert (
        response.status_code == 302 and response.headers["Location"] == "/notifications"
    )
    assert ("info", "Marked 2 notifications read.") in flashes(client)
    assert badge(client.get("/notifications").get_data(as_text=True)) is None
    assert count(session, Notification, Notification.read_at.is_(None)) == 1  # theirs


def test_notifications_list_newest_first_unread_highlighted(app, session):
    me = make_user(session)
    tell(session, me, "Old news", "/requests/1")
    tell(session, me, "Fresh news", "/pairings/1")
    page = client_as(app, me).get("/notifications").get_data(as_text=True)
    assert page.index("Fresh news") < page.index("Old news")
    assert page.count("notification unread") == 2
    assert '<a href="/pairings/1">Fresh news</a>' in page


def test_notifications_paginated_and_read_ones_plain(app, session):
    me = make_user(session)
    for n in range(3):
        tell(session, me, f"News {n}")
    client = client_as(app, me)
    client.post("/notifications/read-all")
    first = client.get("/notifications?page=x").get_data(as_text=True)
    assert "Page 1 of 2" in first and "News 2" in first and "News 0" not in first
    assert "notification unread" not in first
    assert "News 0" in client.get("/notifications?page=2").get_data(as_text=True)


def test_notifications_empty_state_and_nothing_to_mark(app, session):
    client = client_as(app, make_user(session))
    assert b"No notifications yet" in client.get("/notifications").data
    client.post("/notifications/read-all")
    assert ("info", "Nothing new to mark.") in flashes(client)
