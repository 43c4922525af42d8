"""Password reset: ask for a link, use it once, before it expires."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from mentormatch.accounts.services.reset import request_reset
from mentormatch.core.mail_requests import prepare_due
from mentormatch.core.models import OutboxMessage, PasswordResetToken, User, utcnow
from mentormatch.extensions import db
from tests.factories import TEST_PASSWORD, make_user

NEW = "brand-new-pass-7"
LINK_SENT = b"If an account exists for that email, we sent a link"


@pytest.fixture
def app_config() -> dict[str, object]:
    """A mail server is configured (nothing is sent: no worker runs here)."""
    return {"SMTP_HOST": "127.0.0.1"}


def ask(client, email: str):
    """Ask for a link, then let the sender prepare it (as `flask send-mail` does)."""
    response = client.post("/password/forgot", data={"email": email})
    with client.application.app_context():
        prepare_due(db.session, config=client.application.config)
    return response


def emailed_token(session) -> str:
    row = session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "password_reset")
    ).one()
    assert row.link.startswith("/password/reset/")
    return row.link.removeprefix("/password/reset/")


def choose(client, token: str, password: str = NEW, confirm: str | None = None):
    return client.post(
        f"/password/reset/{token}",
        data={"password": password, "confirm": confirm or password},
    )


def test_forgot_same_answer_whether_or_not_account_exists(client, session):
    make_user(session, email="me@example.org")
    answers = [ask(client, email) for email in ("ME@example.org", "nobody@example.org")]
    for response in answers:
        assert response.status_code == 302
        assert response.headers["Location"] == "/login"
    pages = [client.get("/login").data for _ in answers]  # flash shown once each
    assert LINK_SENT in pages[0]
    (row,) = session.scalars(select(OutboxMessage)).all()
    assert row.to_address == "me@example.org"


@pytest.mark.parametrize("app_config", [{"SMTP_HOST": ""}])
def test_forgot_says_so_when_no_email_can_be_sent(client, session):
    make_user(session, email="me@example.org")
    ask(client, "me@example.org")
    page = client.get("/login").data
    assert LINK_SENT not in page and b"cannot send email" in page


def test_forgot_stores_only_token_hash_with_expiry(client, session):
    user = make_user(session, email="me@example.org")
    before = utcnow()
    ask(client, "me@example.org")
    token = emailed_token(session)
    stored = session.scalars(select(PasswordResetToken)).one()
    assert stored.user_id == user.user_id
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    assert before + timedelta(minutes=59) < stored.expires_at
    assert stored.expires_at <= utcnow() + timedelta(minutes=60)
    assert stored.used_at is None


def test_forgot_inactive_account_gets_no_link(client, session):
    make_user(session, email="gone@example.org", is_active=False)
    assert ask(client, "gone@example.org").status_code == 302
    assert session.scalars(select(PasswordResetToken)).all() == []
    assert session.scalars(select(OutboxMessage)).all() == []


@pytest.mark.parametrize(
    ("email", "message"),
    [("", b"Enter your email address."), ("not-an-email", b"Enter a valid email")],
)
def test_forgot_validation(client, session, email, message):
    response = ask(client, email)
    assert response.status_code == 400
    assert message in response.data
    assert session.scalars(select(PasswordResetToken)).all() == []


def test_reset_link_changes_password_and_ends_sessions(app, client, session, login):
    user = make_user(session, email="me@example.org")
    other = app.test_client()
    other.post("/login", data={"email": "me@example.org", "password": TEST_PASSWORD})
    assert other.get("/account").status_code == 200
    ask(client, "me@example.org")
    token = emailed_token(session)
    assert client.get(f"/password/reset/{token}").status_code == 200
    response = choose(client, token)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert b"Your password is changed" in client.get("/login").data
    session.refresh(user)
    assert check_password_hash(user.password_hash, NEW)
    assert other.get("/account").status_code == 302
    assert login("me@example.org", NEW).status_code == 302
    assert session.scalars(select(PasswordResetToken)).one().used_at is not None


def test_reset_link_works_once(client, session):
    user = make_user(session, email="me@example.org")
    ask(client, "me@example.org")
    token = emailed_token(session)
    assert choose(client, token).status_code == 302
    session.refresh(user)
    changed = user.password_hash
    for response in (
        client.get(f"/password/reset/{token}"),
        choose(client, token, "other-pass-99"),
    ):
        assert response.status_code == 410
        assert b"was used already" in response.data
    session.refresh(user)
    assert user.password_hash == changed


def test_using_one_link_voids_the_others(client, session):
    make_user(session, email="me@example.org")
    first = request_reset(session, email="me@example.org", valid_for=timedelta(hours=1))
    second = request_reset(
        session, email="me@example.org", valid_for=timedelta(hours=1)
    )
    assert choose(client, second).status_code == 302
    assert choose(client, first).status_code == 410


def test_expired_link_refused(client, session):
    user = make_user(session, email="me@example.org")
    before = user.password_hash
    token = request_reset(
        session,
        email="me@example.org",
        valid_for=timedelta(hours=1),
        now=utcnow() - timedelta(minutes=61),
    )
    for response in (client.get(f"/password/reset/{token}"), choose(client, token)):
        assert response.status_code == 410
        assert b"has expired" in response.data
    session.refresh(user)
    assert user.password_hash == before


@pytest.mark.parametrize("token", ["unknown-token", "x" * 100])
def test_unknown_link_refused(client, session, token):
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400
    assert b"link is not valid" in response.data


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short1", None, b"Use 10 to 128 characters."),
        ("onlyletterspassword", None, b"Use a mix of letters"),
        (NEW, "different-pass-1", b"The two passwords differ."),
        ("", None, b"Choose a password."),
    ],
)
def test_reset_form_validation_keeps_link(client, session, password, confirm, message):
    user = make_user(session, email="me@example.org")
    before = user.password_hash
    ask(client, "me@example.org")
    token = emailed_token(session)
    response = choose(client, token, password, confirm)
    assert response.status_code == 400
    assert message in response.data
    session.refresh(user)
    assert user.password_hash == before
    assert session.scalars(select(PasswordResetToken)).one().used_at is None
    assert session.get(User, user.user_id).is_active


def test_login_page_links_to_forgot(client):
    assert b'href="/password/forgot"' in client.get("/login").data
