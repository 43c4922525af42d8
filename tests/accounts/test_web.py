"""Sign-up, log-in, log-out and password change through the test client."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mentormatch.core.models import User
from tests.factories import TEST_PASSWORD, make_user


def count_users(session) -> int:
    return session.scalar(select(func.count()).select_from(User))


def signup(
    client, email="new@example.org", password="s3cret-pass!", confirm=None, consent=True
):
    data = {"email": email, "password": password, "confirm": confirm or password}
    if consent:
        data["consent"] = "y"
    return client.post("/signup", data=data)


def test_signup_creates_unverified_account_and_says_check_email(client, session):
    response = signup(client, email="  Ada@Example.ORG ")
    assert response.status_code == 303
    assert response.headers["Location"] == "/signup/sent"
    user = session.scalar(select(User))
    assert user.email == "ada@example.org"
    assert not user.is_verified
    assert user.password_hash != "s3cret-pass!"
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


@pytest.mark.parametrize(
    "email", ["taken@example.org", "TAKEN@example.org", "Taken@Example.Org"]
)
def test_signup_with_taken_email_answers_the_same(client, session, email):
    make_user(session, email="taken@example.org")
    fresh = signup(client, email="fresh@example.org")
    response = signup(client, email=email)
    assert (response.status_code, response.headers["Location"]) == (
        fresh.status_code,
        fresh.headers["Location"],
    )
    assert b"already exists" not in client.get("/signup/sent").data
    assert count_users(session) == 2


@pytest.mark.parametrize(
    ("email", "password", "confirm", "message"),
    [
        ("", "s3cret-pass!", None, b"Enter your email address."),
        ("not-an-email", "s3cret-pass!", None, b"Enter a valid email address"),
        ("a@example.org", "", None, b"Choose a password."),
        ("a@example.org", "short1", None, b"Use 10 to 128 characters."),
        ("a@example.org", "onlyletterspassword", None, b"Use a mix of letters"),
        ("a@example.org", "s3cret-pass!", "different-1", b"The two passwords differ."),
        ("a\x00b@example.org", "s3cret-pass!", None, b"control characters"),
        ("a@example.org", "x1" * 100, None, b"Use 10 to 128 characters."),
    ],
)
def test_signup_validation_messages(client, session, email, password, confirm, message):
    response = signup(client, email=email, password=password, confirm=confirm)
    assert response.status_code == 400
    assert message in response.data
    assert count_users(session) == 0


def test_login_and_logout(client, session, login):
    user = make_user(session, email="me@example.org")
    response = login("ME@example.org")
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert user.last_login_at is not None
    response = client.post("/logout")
    assert response.headers["Location"] == "/login"
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize(
    ("email", "password"),
    [("me@example.org", "wrong-password-1"), ("nobody@example.org", TEST_PASSWORD)],
)
def test_login_bad_credentials_same_message(client, session, login, email, password):
    make_user(session, email="me@example.org")
    response = login(email, password)
    assert response.status_code == 400
    assert b"Email or password is wrong." in response.data
    assert b"no account" not in response.data.lower()
    assert client.get("/account").status_code == 302


def test_login_inactive_user_refused(client, session, login):
    make_user(session, email="gone@example.org", is_active=False)
    assert login("gone@example.org").status_code == 400


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/profile", "/profile"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("%2F%2Fevil.example", "/"),
        ("/%2F%2Fevil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("http:/evil.example", "/"),
    ],
)
def test_login_next_only_inside_site(client, session, target, expected):
    make_user(session, email="me@example.org")
    response = client.post(
        "/login",
        data={"email": "me@example.org", "password": TEST_PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_change_password_ends_other_sessions(app, session, login):
    user = make_user(session, email="me@example.org")
    other = app.test_client()
    other.post("/login", data={"email": "me@example.org", "password": TEST_PASSWORD})
    assert other.get("/account").status_code == 200
    login("me@example.org")
    client = app.test_client()
    client.post("/login", data={"email": "me@example.org", "password": TEST_PASSWORD})
    response = client.post(
        "/account/password",
        data={
            "current": TEST_PASSWORD,
            "password": "brand-new-pass-7",
            "confirm": "brand-new-pass-7",
        },
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302
    session.refresh(user)
    assert user.password_hash != ""


def test_change_password_wrong_current_refused(client, session, login):
    user = make_user(session, email="me@example.org")
    before = user.password_hash
    login("me@example.org")
    response = client.post(
        "/account/password",
        data={
            "current": "not-my-password-1",
            "password": "brand-new-pass-7",
            "confirm": "brand-new-pass-7",
        },
    )
    assert response.status_code == 400
    assert b"Your current password is not right." in response.data
    session.refresh(user)
    assert user.password_hash == before


def test_logout_everywhere_ends_all_sessions(app, session):
    make_user(session, email="me@example.org")
    a, b = app.test_client(), app.test_client()
    for c in (a, b):
        c.post("/login", data={"email": "me@example.org", "password": TEST_PASSWORD})
    assert a.post("/account/logout-everywhere").status_code == 302
    assert a.get("/account").status_code == 302
    assert b.get("/account").status_code == 302


def test_session_cookie_from_before_logout_is_dead(app, session):
    make_user(session, email="me@example.org")
    client = app.test_client()
    client.post("/login", data={"email": "me@example.org", "password": TEST_PASSWORD})
    stolen = client.get_cookie("session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/account").status_code == 302


def test_csrf_enforced_when_enabled(session):
    from mentormatch import create_app
    from tests.conftest import test_database_url

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": test_database_url(),
            "SECRET_KEY": "x",
        }
    )
    response = app.test_client().post(
        "/signup",
        data={
            "email": "a@example.org",
            "password": "s3cret-pass!",
            "confirm": "s3cret-pass!",
        },
    )
    assert response.status_code == 400
    assert b"CSRF" in response.data or b"Bad request" in response.data
