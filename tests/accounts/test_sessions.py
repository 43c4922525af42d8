"""Session lifetime: idle and absolute timeouts per role, CSRF rotated at login."""

from __future__ import annotations

import re
import time

import pytest

from mentormatch.accounts.sessions import SEEN, STARTED
from tests.factories import TEST_PASSWORD, make_user
from tests.programs.helpers import make_program_cast

HOUR, DAY = 3600, 24 * 3600


def log_in(client, email: str, remember: bool = False):
    data = {"email": email, "password": TEST_PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.text[:500]
    return response


def age(client, *, idle: float = 0, since_login: float = 0) -> None:
    """Pretend the last request was `idle` seconds ago and login `since_login` ago."""
    now = time.time()
    with client.session_transaction() as sess:
        sess[SEEN] = now - idle
        sess[STARTED] = now - max(idle, since_login)


@pytest.mark.parametrize(
    ("is_admin", "idle", "since_login", "still_in"),
    [
        (True, 1.9 * HOUR, 0, True),
        (True, 2.1 * HOUR, 0, False),
        (True, 60, 12.5 * HOUR, False),  # absolute, however active
        (False, 13 * DAY, 0, True),
        (False, 15 * DAY, 0, False),
        (False, 60, 31 * DAY, False),
    ],
)
def test_idle_and_absolute_timeouts(
    client, session, is_admin, idle, since_login, still_in
):
    user = make_user(session, is_admin=is_admin)
    log_in(client, user.email, remember=not is_admin)
    age(client, idle=idle, since_login=since_login)
    response = client.get("/account")
    if still_in:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response.location.startswith("/login")
        assert b"Your session timed out" in client.get("/login").data
        assert client.get("/account").status_code == 302  # the remember cookie died too


def test_a_request_restarts_the_idle_clock(client, session):
    user = make_user(session, is_admin=True)
    log_in(client, user.email)
    age(client, idle=1.5 * HOUR)
    assert client.get("/account").status_code == 200
    with client.session_transaction() as sess:
        assert time.time() - sess[SEEN] < 60


def test_admin_gets_no_remember_cookie(client, session):
    admin = make_user(session, is_admin=True)
    log_in(client, admin.email, remember=True)
    assert client.get_cookie("remember_token") is None
    member = make_user(session)
    other = client.application.test_client()
    log_in(other, member.email, remember=True)
    assert other.get_cookie("remember_token") is not None


def token_in(page: bytes) -> str:
    found = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if found is None:
        found = re.search(rb'value="([^"]+)"[^>]*name="csrf_token"', page)
    assert found, "no CSRF token on the page"
    return found.group(1).decode()


def test_csrf_token_rotated_at_login(app, client, session, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = make_user(session)
    before = token_in(client.get("/login").data)
    with client.session_transaction() as sess:
        raw_before = sess["csrf_token"]
    response = client.post(
        "/login",
        data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": before},
    )
    assert response.status_code == 302
    with client.session_transaction() as sess:
        assert sess.get("csrf_token") != raw_before
    after = token_in(client.get("/account").data)
    assert after != before
    # A token captured before login (e.g. planted by an attacker) is void now.
    stale = client.post("/account/logout-everywhere", data={"csrf_token": before})
    assert stale.status_code == 400


def test_program_admin_has_the_admin_limits_and_no_remember_cookie(client, session):
    cast = make_program_cast(session)
    log_in(client, cast.admin.email, remember=True)
    assert client.get_cookie("remember_token") is None
    age(client, idle=2.1 * HOUR)
    response = client.get("/account")
    assert response.status_code == 302 and response.location.startswith("/login")
    member = client.application.test_client()
    log_in(member, cast.mentee.email, remember=True)  # in the program, not its admin
    age(member, idle=2.1 * HOUR)
    assert member.get("/account").status_code == 200
