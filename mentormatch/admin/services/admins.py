"""Create administrators from the command line, or promote an existing member."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mentormatch.accounts import create_user, find_user
from mentormatch.core import audit
from mentormatch.core.models import User


def ensure_admin(session: Session, *, email: str, password: str) -> tuple[User, bool]:
    """Create an admin account, or make the existing account with this email an admin.

    An existing member keeps their password: promotion never changes how they log in.

    Parameters
    ----------
    email
        The account's email, in any letter case.
    password
        The password for a new account (already checked against the signup rules).

    Returns
    -------
    tuple[User, bool]
        The admin, and True when the account was created rather than promoted.

    Raises
    ------
    DuplicateEmailError
        Another process created the same email at the same moment.
    """
    user = find_user(session, email)
    created = user is None
    if user is None:
        user = create_user(
            session, email=email, password=password, is_admin=True, verified=True
        )
    user.is_admin = True
    action = "admin.created" if created else "admin.promoted"
    audit.record(
        session,
        actor=None,
        action=action,
        target_type="user",
        target_id=user.user_id,
        via="cli",
    )
    session.commit()
    return user, created
