"""Email verification: the link, resends, changing the address, and the gates."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from mentormatch.accounts.services import verification
from mentormatch.core.errors import NotAllowedError
from mentormatch.core.models import OutboxMessage, User, utcnow
from mentormatch.core.workflow import request_mentor
from mentormatch.suggestions.services.index_cache import IndexCache
from mentormatch.suggestions.services.recommendations import suggest
from mentormatch.web.views import rules as app_rules
from tests.factories import TEST_PASSWORD, make_mentee, make_mentor, make_user

SECRET = "test-secret"


def outbox(session, kind: str) -> list[OutboxMessage]:
    return list(
        session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind))
    )


def link_of(session, address: str) -> str:
    rows = [m for m in outbox(session, "verify_email") if m.to_address == address]
    assert rows, f"no verification email to {address}"
    return rows[-1].link


def signup(client, email: str = "new@example.org"):
    data = {
        "email": email,
        "password": "s3cret-pass!",
        "confirm": "s3cret-pass!",
        "consent": "y",
    }
    return client.post("/signup", data=data)


def test_signup_emails_a_link_that_verifies_and_logs_in(client, session):
    signup(client)
    user = session.scalar(select(User).where(User.email == "new@example.org"))
    assert not user.is_verified
    link = link_of(session, "new@example.org")
    assert re.fullmatch(r"/verify/[\w.-]+", link)
    response = client.get(link)
    assert response.status_code == 302
    session.refresh(user)
    assert user.is_verified
    assert client.get("/account").status_code == 200  # logged in by the link


def test_signup_with_taken_address_tells_its_owner_only(client, session):
    owner = make_user(session, email="taken@example.org")
    response = signup(client, "Taken@Example.org")
    assert response.headers["Location"] == "/signup/sent"
    attempts = outbox(session, "signup_attempt")
    assert [m.to_address for m in attempts] == ["taken@example.org"]
    assert attempts[0].user_id == owner.user_id
    assert outbox(session, "verify_email") == []


@pytest.mark.parametrize(
    "token", ["garbage", "a.b.c", "x" * 200, "eyJ1IjoxfQ.forged.signature"]
)
def test_forged_links_are_refused(client, session, token):
    make_user(session, email_verified_at=None)
    response = client.get(f"/verify/{token}")
    assert response.status_code == 400
    assert session.scalar(select(User.email_verified_at)) is None


def test_link_for_an_old_address_is_refused(session):
    user = make_user(session, email="old@example.org", email_verified_at=None)
    token = verification.make_token(SECRET, user)
    verification.change_email(
        session,
        user,
        password=TEST_PASSWORD,
        new_email="new@example.org",
        secret=SECRET,
        days=3,
    )
    with pytest.raises(verification.VerifyLinkError):
        verification.verify(session, token, secret=SECRET, days=3)
    fresh = link_of(session, "new@example.org").removeprefix("/verify/")
    assert verification.verify(session, fresh, secret=SECRET, days=3).is_verified


def test_changing_email_unverifies_and_tells_the_old_address(session):
    user = make_user(session, email="old@example.org")
    assert user.is_verified
    verification.change_email(
        session,
        user,
        password=TEST_PASSWORD,
        new_email="New@Example.org",
        secret=SECRET,
        days=3,
    )
    assert (user.email, user.is_verified) == ("new@example.org", False)
    assert [m.to_address for m in outbox(session, "email_changed")] == [
        "old@example.org"
    ]


def test_changing_to_a_taken_address_changes_nothing(session):
    make_user(session, email="taken@example.org")
    user = make_user(session, email="me@example.org")
    verification.change_email(
        session,
        user,
        password=TEST_PASSWORD,
        new_email="taken@example.org",
        secret=SECRET,
        days=3,
    )
    assert (user.email, user.is_verified) == ("me@example.org", True)
    assert [m.to_address for m in outbox(session, "signup_attempt")] == [
        "taken@example.org"
    ]


def test_change_email_needs_the_password(session):
    user = make_user(session)
    with pytest.raises(NotAllowedError):
        verification.change_email(
            session,
            user,
            password="wrong",
            new_email="x@example.org",
            secret=SECRET,
            days=3,
        )


def test_resend_is_throttled(session):
    user = make_user(session, email_verified_at=None)
    now = utcnow()
    wait = timedelta(seconds=60)
    verification.resend(session, user, secret=SECRET, days=3, wait=wait, now=now)
    with pytest.raises(verification.ResendTooSoonError):
        verification.resend(
            session,
            user,
            secret=SECRET,
            days=3,
            wait=wait,
            now=now + timedelta(seconds=30),
        )
    verification.resend(
        session, user, secret=SECRET, days=3, wait=wait, now=now + timedelta(seconds=61)
    )
    assert len(outbox(session, "verify_email")) == 2


def test_resend_route_answers_429_when_too_soon(client, session, login):
    user = make_user(session, email_verified_at=None)
    login(user.email)
    assert client.post("/account/verify-email").status_code == 302
    assert client.post("/account/verify-email").status_code == 429


def test_expired_link_is_refused(session, monkeypatch):
    user = make_user(session, email_verified_at=None)
    token = verification.make_token(SECRET, user)
    with pytest.raises(verification.VerifyLinkError, match="expired"):
        verification.verify(session, token, secret=SECRET, days=-1)


def test_unverified_mentor_is_not_suggested_until_verified(app, session):
    mentee = make_mentee(session)
    mentor = make_mentor(session, user=make_user(session, email_verified_at=None))
    cache = IndexCache()
    found = suggest(session, cache, mentee=mentee, rules=app_rules())
    assert mentor.user_id not in [r.user.user_id for r in found]
    mentor.email_verified_at = utcnow()
    session.commit()
    found = suggest(session, cache, mentee=mentee, rules=app_rules())
    assert mentor.user_id in [r.user.user_id for r in found]


def test_unverified_mentee_cannot_send_requests(app, session):
    mentee = make_mentee(session, user=make_user(session, email_verified_at=None))
    mentor = make_mentor(session)
    with pytest.raises(NotAllowedError, match="Confirm your email"):
        request_mentor(
            session, mentee=mentee, mentor=mentor, message="Hi", rules=app_rules()
        )


def test_unverified_member_can_edit_their_profile(client, session, login):
    user = make_user(session, email_verified_at=None)
    login(user.email)
    assert client.get("/profile/edit").status_code == 200


def test_password_reset_link_verifies_the_address(session):
    from mentormatch.accounts.services import reset

    user = make_user(session, email_verified_at=None)
    token = reset.request_reset(session, email=user.email, valid_for=timedelta(hours=1))
    reset.reset_password(session, token, password="n3w-password!")
    assert user.is_verified
