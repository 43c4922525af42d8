"""Privacy page, consent at sign-up, own-data download and account deletion."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from mentormatch.core.models import User
from tests.accounts.test_web import count_users
from tests.factories import TEST_PASSWORD, make_mentor, make_profile, make_user

SIGNUP = {
    "email": "new@example.org",
    "password": "s3cret-pass!",
    "confirm": "s3cret-pass!",
}


def test_privacy_page_is_public_and_explains(client):
    response = client.get("/privacy")
    assert response.status_code == 200
    for text in (
        b"What we store",
        b"never see your email address until",
        b"certifications the mentee aims for",
        b"language is a hard rule",
        b"program admin confirms every pairing",
        b'href="/me/data.json"',
        b'href="/me/delete"',
    ):
        assert text in response.data


def test_footer_links_to_privacy(client):
    assert b'href="/privacy"' in client.get("/login").data


def test_signup_asks_for_consent(client):
    page = client.get("/signup").data
    assert b"I agree that MentorMatch uses my profile to suggest mentors" in page
    assert b'href="/privacy"' in page


@pytest.mark.parametrize("consent", [None, "", "false"])
def test_signup_without_consent_creates_no_account(client, session, consent):
    data = dict(SIGNUP)
    if consent is not None:
        data["consent"] = consent
    response = client.post("/signup", data=data)
    assert response.status_code == 400
    assert b"To create an account, agree that your profile is used" in response.data
    assert count_users(session) == 0


def test_signup_with_consent_records_when(client, session):
    response = client.post("/signup", data={**SIGNUP, "consent": "y"})
    assert response.status_code == 303
    user = session.scalar(select(User))
    assert user.consented_at is not None


@pytest.mark.parametrize("url", ["/me/data.json", "/me/delete"])
def test_own_data_pages_need_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_download_own_data(client, session, login):
    me = make_profile(
        session,
        make_user(session, email="me@example.org"),
        display_name="Me Myself",
        bio="My own bio",
    ).user
    other = make_mentor(session, display_name="Someone Else", bio="Their bio")
    login("me@example.org")
    response = client.get("/me/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    assert data["account"]["user_id"] == me.user_id
    assert data["profile"]["bio"] == "My own bio"
    for text in (other.email, "Someone Else", "Their bio", me.password_hash):
        assert text not in response.get_data(as_text=True)


def test_delete_page_asks_for_password(client, session, login):
    make_user(session, email="me@example.org")
    login("me@example.org")
    response = client.get("/me/delete")
    assert response.status_code == 200
    assert b"cannot be undone" in response.data
    assert b'name="password"' in response.data


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", b"Enter your password to confirm."),
        ("wrong-pass-11", b"password is not right"),
    ],
)
def test_delete_refused_without_right_password(
    client, session, login, password, message
):
    user = make_profile(session, make_user(session, email="me@example.org")).user
    login("me@example.org")
    response = client.post("/me/delete", data={"password": password, "sure": "y"})
    assert response.status_code == 400
    assert message in response.data
    session.refresh(user)
    assert (user.email, user.is_active) == ("me@example.org", True)
    assert user.profile is not None
    assert client.get("/account").status_code == 200


def test_delete_account_logs_out_and_erases(client, session, login):
    user = make_profile(session, make_user(session, email="me@example.org")).user
    login("me@example.org")
    response = client.post("/me/delete", data={"password": TEST_PASSWORD, "sure": "y"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert b"Your account is deleted." in client.get("/").data
    assert client.get("/account").status_code == 302
    session.refresh(user)
    assert (user.email, user.is_active) == (f"deleted-{user.user_id}@invalid", False)
    assert user.profile is None
    assert login("me@example.org").status_code == 400
