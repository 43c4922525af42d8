"""Account services: sign-up, authentication, passwords and session rotation."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from mentormatch.core.errors import NotAllowedError, ValidationError
from mentormatch.core.models import PasswordResetToken, User, utcnow
from mentormatch.core.models.users import new_session_token

EMAIL_TAKEN = "An account with this email already exists. Log in instead."


class DuplicateEmailError(ValidationError):
    """The email is already registered (in any letter case)."""


def normalise_email(email: str) -> str:
    """Return the email as stored: trimmed and lower-cased."""
    return email.strip().lower()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Checked when the email is unknown, so a miss costs as much as a hit and
    # response time does not reveal which emails exist.
    return generate_password_hash("not-a-real-password-" + new_session_token())


def find_user(session: Session, email: str) -> User | None:
    """Return the user with this email, in any letter case."""
    return session.scalar(
        select(User).where(func.lower(User.email) == normalise_email(email))
    )


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    is_admin: bool = False,
    consented: bool = False,
    verified: bool = False,
) -> User:
    """Create an account with a hashed password.

    `consented` records now as the time the member agreed to matching;
    `verified` marks the address confirmed (an operator creating an admin).

    Raises
    ------
    DuplicateEmailError
        The email is taken, also when two sign-ups race (the unique index decides).
    """
    address = normalise_email(email)
    if find_user(session, address) is not None:
        raise DuplicateEmailError(EMAIL_TAKEN)
    user = User(
        email=address,
        password_hash=generate_password_hash(password),
        is_admin=is_admin,
        consented_at=utcnow() if consented else None,
        email_verified_at=utcnow() if verified else None,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError as err:
        session.rollback()
        raise DuplicateEmailError(EMAIL_TAKEN) from err
    return user


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """Return the active user whose password matches, else None, in constant work."""
    user = find_user(session, email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    user.last_login_at = utcnow()
    session.commit()
    return user


def change_password(session: Session, user: User, *, current: str, new: str) -> User:
    """Set a new password and end every other session.

    Raises
    ------
    NotAllowedError
        The current password is wrong.
    """
    if not check_password_hash(user.password_hash, current):
        raise NotAllowedError("Your current password is not right.")
    user.password_hash = generate_password_hash(new)
    user.session_token = new_session_token()
    revoke_reset_links(session, user.user_id)  # an old emailed link must not undo it
    session.commit()
    return user


def revoke_reset_links(
    session: Session, user_id: int, *, now: datetime | None = None
) -> int:
    """Mark every unused reset or invitation link of the member as used.

    Called on a new link (one live link per account), a password change and a
    deactivation; the caller commits. Returns how many links were revoked.
    """
    result = session.execute(
        update(PasswordResetToken)
        .where(
            PasswordResetToken.user_id == user_id,
            PasswordResetToken.used_at.is_(None),
        )
        .values(used_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def end_all_sessions(session: Session, user: User) -> User:
    """Rotate the session token so that every session of this user ends."""
    user.session_token = new_session_token()
    session.commit()
    return user
