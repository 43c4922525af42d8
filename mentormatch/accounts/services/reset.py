"""Password reset by an emailed, expiring, single-use link."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from mentormatch.accounts.services.credentials import (
    find_user,
    normalise_email,
    revoke_reset_links,
)
from mentormatch.core.errors import WorkflowError
from mentormatch.core.mail import queue_email
from mentormatch.core.mail_requests import queue_request, register_preparer
from mentormatch.core.models import PasswordResetToken, User, utcnow
from mentormatch.core.models.users import new_session_token
from mentormatch.core.notifications import link_to


class ResetLinkError(WorkflowError):
    """The reset link is unknown or malformed."""

    status_code = 400


class ResetLinkGoneError(ResetLinkError):
    """The reset link was used already or has expired."""

    status_code = 410


UNKNOWN = "This password reset link is not valid. Ask for a new one."
USED = "This password reset link was used already. Ask for a new one if you need it."
EXPIRED = "This password reset link has expired. Ask for a new one."


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


REQUEST_KIND = "password_reset_request"


def queue_reset(session: Session, *, email: str) -> None:
    """Record that someone asked for a link for `email`, and commit.

    Nothing is looked up here: the page answers in the same time whether the
    account exists. The sender (``flask send-mail``) prepares the link later.
    """
    queue_request(session, kind=REQUEST_KIND, address=normalise_email(email))
    session.commit()


def _prepare(
    session: Session, address: str, now: datetime, config: Mapping[str, Any]
) -> None:
    minutes = int(config.get("PASSWORD_RESET_MINUTES", 60))
    request_reset(session, email=address, valid_for=timedelta(minutes=minutes), now=now)


register_preparer(REQUEST_KIND, _prepare)


def request_reset(
    session: Session, *, email: str, valid_for: timedelta, now: datetime | None = None
) -> str | None:
    """Store a reset token for the active member with this email and queue the email.

    Parameters
    ----------
    valid_for
        How long the link works.

    Returns
    -------
    str or None
        The token (only its hash is stored), or None when no active account has
        this email; the caller shows the same answer either way.
    """
    user = find_user(session, email)
    if user is None or not user.is_active:
        return None
    token = _issue(session, user, valid_for, now)
    minutes = int(valid_for.total_seconds() // 60)
    queue_email(
        session,
        user=user,
        kind="password_reset",
        link=link_to("accounts.reset_password", token=token),
        minutes=minutes,
        now=now,
    )
    session.commit()
    return token


def _issue(
    session: Session, user: User, valid_for: timedelta, now: datetime | None
) -> str:
    """Store a new token's hash for `user` (earlier links stop) and return it."""
    now = now or utcnow()
    revoke_reset_links(session, user.user_id, now=now)  # one live link per account
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordResetToken(
            user_id=user.user_id,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + valid_for,
        )
    )
    return token


def invite(
    session: Session, *, user: User, valid_for: timedelta, now: datetime | None = None
) -> str:
    """Queue an invitation to choose a password: a reset link that lasts longer.

    The caller commits (an import adds many members in one transaction).

    Returns
    -------
    str
        The token; only its hash is stored, and the reset page accepts it.
    """
    token = _issue(session, user, valid_for, now)
    queue_email(
        session,
        user=user,
        kind="invitation",
        link=link_to("accounts.reset_password", token=token),
        days=valid_for.days,
    )
    return token


def check_token(
    session: Session, token: str, *, now: datetime | None = None
) -> PasswordResetToken:
    """Return the stored token row if the link can still be used.

    Raises
    ------
    ResetLinkError
        No such token.
    ResetLinkGoneError
        The token was used already or has expired.
    """
    row = session.scalar(
        select(PasswordResetToken).where(
            PasswordResetToken.token_hash == hash_token(token)
        )
    )
    if row is None:
        raise ResetLinkError(UNKNOWN)
    if row.used_at is not None:
        raise ResetLinkGoneError(USED)
    if row.expires_at <= (now or utcnow()):
        raise ResetLinkGoneError(EXPIRED)
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:  # deactivated after the link was sent
        raise ResetLinkGoneError(USED)
    return row


def reset_password(
    session: Session, token: str, *, password: str, now: datetime | None = None
) -> User:
    """Set a new password through a reset link; the link and other sessions end.

    Every other unused link of the member stops working too.

    Raises
    ------
    ResetLinkError
        No such token.
    ResetLinkGoneError
        The token was used (also by a concurrent request) or has expired.
    """
    now = now or utcnow()
    row = check_token(session, token, now=now)
    unused = PasswordResetToken.used_at.is_(None)
    if not _use(session, PasswordResetToken.token_id == row.token_id, unused, now=now):
        session.rollback()  # a concurrent request used it first
        raise ResetLinkGoneError(USED)
    _use(session, PasswordResetToken.user_id == row.user_id, unused, now=now)
    user = session.get_one(User, row.user_id)
    user.password_hash = generate_password_hash(password)
    user.session_token = new_session_token()
    # The link came by email, so opening it proves the address is theirs.
    user.email_verified_at = user.email_verified_at or now
    session.commit()
    return user


def _use(session: Session, *conds: object, now: datetime) -> int:
    result = session.execute(
        update(PasswordResetToken)
        .where(*conds)  # type: ignore[arg-type]
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
