"""Email verification: signed links, throttled resends, signup that reveals nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from mentormatch.accounts.services.credentials import (
    DuplicateEmailError,
    create_user,
    find_user,
    normalise_email,
)
from mentormatch.core.errors import NotAllowedError, WorkflowError
from mentormatch.core.mail import queue_email
from mentormatch.core.models import User, utcnow
from mentormatch.core.notifications import link_to

_SALT = "mentormatch-verify-email"


class VerifyLinkError(WorkflowError):
    """The verification link is unknown, expired, or for an older address."""

    status_code = 400


class ResendTooSoonError(WorkflowError):
    """A verification link went out moments ago."""

    status_code = 429


BAD_LINK = "This verification link is not valid. Log in and ask for a new one."
OLD_LINK = "This verification link has expired. Log in and ask for a new one."


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def make_token(secret: str, user: User) -> str:
    """Sign the account id with its current address: a new address voids old links."""
    return str(_serializer(secret).dumps({"u": user.user_id, "e": user.email}))


def send_link(
    session: Session, user: User, *, secret: str, days: int, now: datetime | None = None
) -> None:
    """Queue a verification email to the user's address (the caller commits)."""
    user.verification_sent_at = now or utcnow()
    queue_email(
        session,
        user=user,
        kind="verify_email",
        link=link_to("accounts.verify", token=make_token(secret, user)),
        days=days,
    )


def signup(
    session: Session,
    *,
    email: str,
    password: str,
    consented: bool,
    secret: str,
    days: int,
) -> User | None:
    """Create an unverified account and email its link; the answer never tells
    whether the address had an account: its owner is told someone tried instead.

    Returns
    -------
    User or None
        The new account, or None when the address was taken.
    """
    existing = find_user(session, email)
    if existing is not None:
        generate_password_hash(password)  # same work as a real sign-up
        if existing.is_active:
            queue_email(session, user=existing, kind="signup_attempt")
            session.commit()
        return None
    try:
        user = create_user(session, email=email, password=password, consented=consented)
    except DuplicateEmailError:  # lost a race with the same address
        return None
    send_link(session, user, secret=secret, days=days)
    session.commit()
    return user


def verify(session: Session, token: str, *, secret: str, days: int) -> User:
    """Mark the account verified if the link is genuine, recent and current.

    Raises
    ------
    VerifyLinkError
        Forged, expired, or made for an address the account no longer has.
    """
    try:
        data = _serializer(secret).loads(token, max_age=days * 86400)
    except SignatureExpired as err:
        raise VerifyLinkError(OLD_LINK) from err
    except BadSignature as err:
        raise VerifyLinkError(BAD_LINK) from err
    if not isinstance(data, dict):
        raise VerifyLinkError(BAD_LINK)
    user = session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or not user.is_active or user.email != data.get("e"):
        raise VerifyLinkError(BAD_LINK)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        session.commit()
    return user


def resend(
    session: Session,
    user: User,
    *,
    secret: str,
    days: int,
    wait: timedelta,
    now: datetime | None = None,
) -> None:
    """Send a fresh link unless one went out less than `wait` ago.

    Raises
    ------
    ResendTooSoonError
        The last link is too recent.
    """
    now = now or utcnow()
    if user.is_verified:
        return
    if user.verification_sent_at and now - user.verification_sent_at < wait:
        seconds = int((wait - (now - user.verification_sent_at)).total_seconds()) + 1
        raise ResendTooSoonError(
            f"We sent a link moments ago. Wait {seconds} seconds before asking again."
        )
    send_link(session, user, secret=secret, days=days, now=now)
    session.commit()


def change_email(
    session: Session,
    user: User,
    *,
    password: str,
    new_email: str,
    secret: str,
    days: int,
) -> None:
    """Move the account to a new address, which must be verified again.

    The old address is told. When the new address already has an account, its
    owner is told someone tried, and nothing changes (the answer is the same).

    Raises
    ------
    NotAllowedError
        The password is wrong.
    """
    if not check_password_hash(user.password_hash, password):
        raise NotAllowedError("Your password is not right.")
    address = normalise_email(new_email)
    if address == user.email:
        return
    owner = find_user(session, address)
    if owner is not None:
        queue_email(session, user=owner, kind="signup_attempt")
        session.commit()
        return
    queue_email(session, user=user, kind="email_changed")
    user.email = address
    user.email_verified_at = None
    send_link(session, user, secret=secret, days=days)
    try:
        session.commit()
    except IntegrityError:  # the address was taken meanwhile: same answer
        session.rollback()
