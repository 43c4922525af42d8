"""Member administration: find members, (de)activate, admin rights, verify certs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from mentormatch.accounts import revoke_reset_links
from mentormatch.core import audit
from mentormatch.core.errors import InvalidTransitionError, NotAllowedError
from mentormatch.core.models import (
    CertKind,
    Profile,
    ProfileCertification,
    User,
    utcnow,
)
from mentormatch.core.models.users import new_session_token
from mentormatch.core.roles import Scope, member_ids_in

ROLE_FILTERS = ("mentee", "mentor", "both", "none")
SELF_DEACTIVATE = "You cannot deactivate your own account."
SELF_DEMOTE = "You cannot remove your own admin right; ask another admin."


def member_search(
    *,
    text: str = "",
    role: str = "",
    active: bool | None = None,
    programs: Scope = None,
) -> Select[Any]:
    """Members matching a search, by email or display name, newest first.

    Parameters
    ----------
    text
        Part of the email or display name, in any case.
    role
        "mentee" or "mentor" (only that role), "both", or "none" (no role or
        no profile); empty for any.
    active
        Keep only active (True) or deactivated (False) accounts; None for all.
    programs
        Keep only members with a seat or an application in these programs.
    """
    stmt = select(User).outerjoin(Profile, Profile.user_id == User.user_id)
    if programs is not None:
        stmt = stmt.where(User.user_id.in_(member_ids_in(programs)))
    if text:
        # % and _ typed in the search are letters, not wildcards.
        escaped = text.strip().lower()
        for char in ("\\", "%", "_"):
            escaped = escaped.replace(char, "\\" + char)
        like = f"%{escaped}%"
        stmt = stmt.where(
            or_(
                func.lower(User.email).like(like, escape="\\"),
                func.lower(Profile.display_name).like(like, escape="\\"),
            )
        )
    wants, offers = Profile.wants_mentor, Profile.offers_mentoring
    roles = {
        "mentee": wants & ~offers,
        "mentor": offers & ~wants,
        "both": wants & offers,
        "none": or_(Profile.user_id.is_(None), ~wants & ~offers),
    }
    if role in roles:
        stmt = stmt.where(roles[role])
    if active is not None:
        stmt = stmt.where(User.is_active == active)
    return stmt.order_by(User.created_at.desc(), User.user_id.desc())


def get_member(session: Session, user_id: int) -> User | None:
    """Return a member with their profile and certifications loaded, else None."""
    return session.scalar(
        select(User)
        .where(User.user_id == user_id)
        .options(selectinload(User.profile).selectinload(Profile.certifications))
    )


def _audited(
    session: Session, admin: User | None, action: str, user: User, **detail: Any
) -> User:
    if admin is None:
        detail["via"] = "cli"
    audit.record(
        session,
        actor=admin,
        action=action,
        target_type="user",
        target_id=user.user_id,
        email=user.email,
        **detail,
    )
    session.commit()
    return user


def set_active(
    session: Session, user: User, *, admin: User | None, active: bool
) -> User:
    """Deactivate (ending every session) or reactivate a member, audited.

    `admin` is None from the command line.

    Raises
    ------
    NotAllowedError
        An admin tried to deactivate their own account.
    InvalidTransitionError
        The account is already in that state.
    """
    if not active and admin is not None and user.user_id == admin.user_id:
        raise NotAllowedError(SELF_DEACTIVATE)
    if user.is_active == active:
        state = "active" if active else "deactivated"
        raise InvalidTransitionError(f"{user.email} is already {state}.")
    user.is_active = active
    if not active:
        user.session_token = new_session_token()
        revoke_reset_links(session, user.user_id)
    action = "member.reactivated" if active else "member.deactivated"
    return _audited(session, admin, action, user)


def set_admin(
    session: Session, user: User, *, admin: User | None, granted: bool
) -> User:
    """Grant or remove the admin right, audited (`admin` None: command line).

    Raises
    ------
    NotAllowedError
        An admin tried to remove their own admin right.
    InvalidTransitionError
        The member already has (or lacks) the right.
    """
    if not granted and admin is not None and user.user_id == admin.user_id:
        raise NotAllowedError(SELF_DEMOTE)
    if user.is_admin == granted:
        state = "an admin" if granted else "not an admin"
        raise InvalidTransitionError(f"{user.email} is already {state}.")
    user.is_admin = granted
    action = "admin.granted" if granted else "admin.removed"
    return _audited(session, admin, action, user)


def held_certification(user: User, code: str) -> ProfileCertification | None:
    """The certification `code` the member says they hold, if any."""
    if user.profile is None:
        return None
    for cert in user.profile.certifications:
        if cert.code == code and cert.kind == CertKind.HELD:
            return cert
    return None


def set_verified(
    session: Session, user: User, code: str, *, admin: User, verified: bool
) -> ProfileCertification:
    """Mark a held certification's entered number as checked (or not), audited.

    Raises
    ------
    InvalidTransitionError
        The member does not hold `code`, entered no number to check, or it is
        already in that state.
    """
    cert = held_certification(user, code)
    if cert is None:
        raise InvalidTransitionError(f"{user.email} does not list {code} as held.")
    if verified and not cert.number:
        raise InvalidTransitionError(
            f"{user.email} has not entered a certificate number for {code}."
        )
    if cert.is_verified == verified:
        state = "verified" if verified else "not verified"
        raise InvalidTransitionError(f"{code} is already {state}.")
    cert.verified_at = utcnow() if verified else None
    cert.verified_by_id = admin.user_id if verified else None
    action = "cert.verified" if verified else "cert.unverified"
    _audited(session, admin, action, user, code=code, number=cert.number)
    return cert
