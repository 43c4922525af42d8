"""A member's own data: export everything held about them, or delete the account."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from mentormatch.core import audit, workflow
from mentormatch.core.errors import NotAllowedError
from mentormatch.core.models import (
    OPEN_STATUSES,
    DeclineReason,
    MatchRequest,
    MatchStatus,
    Notification,
    OutboxMessage,
    PasswordResetToken,
    StatusChange,
    User,
    utcnow,
)
from mentormatch.core.models.users import new_session_token

LEFT = "The member deleted their account."
FORMER_MEMBER = "a former member"
UNUSABLE_PASSWORD = "!"  # never the output of a hash, so no password matches it
# Free text where another member's copy may name the leaving member.
_FREE_TEXT = (
    (Notification, "text"),
    (OutboxMessage, "body"),
    (StatusChange, "reason"),
    (MatchRequest, "message"),
    (MatchRequest, "response_note"),
    (MatchRequest, "decision_note"),
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _member_requests(session: Session, user_id: int, *conds: Any) -> list[MatchRequest]:
    return list(
        session.scalars(
            select(MatchRequest)
            .where(
                or_(
                    MatchRequest.mentee_id == user_id, MatchRequest.mentor_id == user_id
                ),
                *conds,
            )
            .order_by(MatchRequest.request_id)
        )
    )


def _account(user: User) -> dict[str, Any]:
    return {
        "user_id": user.user_id,
        "email": user.email,
        "is_admin": user.is_admin,
        "is_active": user.is_active,
        "created_at": _iso(user.created_at),
        "updated_at": _iso(user.updated_at),
        "last_login_at": _iso(user.last_login_at),
        "consented_at": _iso(user.consented_at),
    }


def _profile(user: User) -> dict[str, Any] | None:
    if user.profile is None:
        return None
    data = user.profile.as_dict()
    data["updated_at"] = _iso(user.profile.updated_at)
    data["certifications"] = [
        {
            "code": c.code,
            "kind": c.kind.value,
            "year_earned": c.year_earned,
            "number": c.number,
            "verified": c.is_verified,
            "verified_at": _iso(c.verified_at),
        }
        for c in sorted(user.profile.certifications, key=lambda c: (c.kind, c.code))
    ]
    return data


def _who(actor_id: int | None, user: User, req: MatchRequest) -> str:
    if actor_id == user.user_id:
        return "you"
    if actor_id in (req.mentee_id, req.mentor_id):
        return "the other member"
    return "the program" if actor_id else "automatic"


def _request(req: MatchRequest, user: User) -> dict[str, Any]:
    as_mentee = req.mentee_id == user.user_id
    return {
        "request_id": req.request_id,
        "role": "mentee" if as_mentee else "mentor",
        "status": req.status.value,
        "source": req.source,
        "your_message": req.message if as_mentee else None,
        "your_response_note": None if as_mentee else req.response_note,
        "decline_reason": req.decline_reason,
        "decision_note": req.decision_note,
        "score": req.score,
        "reasons": list(req.reasons),
        "created_at": _iso(req.created_at),
        "responded_at": _iso(req.responded_at),
        "decided_at": _iso(req.decided_at),
        "started_at": _iso(req.started_at),
        "ended_at": _iso(req.ended_at),
        "history": [
            {
                "from": c.from_status.value if c.from_status else None,
                "to": c.to_status.value,
                "by": _who(c.actor_id, user, req),
                "reason": c.reason,
                "at": _iso(c.at),
            }
            for c in req.history
        ],
    }


def export_member(session: Session, user: User) -> dict[str, Any]:
    """Return everything held about `user` as JSON-ready data.

    Other members appear only as "the other member"; password hash, session token
    and reset tokens are left out.

    Returns
    -------
    dict
        Account, profile (with certification numbers), requests and pairings with
        their history, notifications and the emails queued or sent to the member.
    """
    notes = session.scalars(
        select(Notification)
        .where(Notification.user_id == user.user_id)
        .order_by(Notification.notification_id)
    )
    emails = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.user_id == user.user_id)
        .order_by(OutboxMessage.message_id)
    )
    return {
        "exported_at": _iso(utcnow()),
        "account": _account(user),
        "profile": _profile(user),
        "requests": [
            _request(r, user) for r in _member_requests(session, user.user_id)
        ],
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "link": n.link,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in notes
        ],
        "emails": [
            {
                "kind": m.kind,
                "to": m.to_address,
                "subject": m.subject,
                "status": m.status,
                "created_at": _iso(m.created_at),
                "sent_at": _iso(m.sent_at),
            }
            for m in emails
        ],
    }


def _leave(session: Session, req: MatchRequest, user: User) -> None:
    """End or release one open request or pairing through the workflow."""
    if req.status == MatchStatus.ACTIVE:
        workflow.end_pairing(session, req, by=user, reason=LEFT)
    elif req.mentee_id == user.user_id:
        workflow.withdraw_request(session, req, by=user)
    elif req.status == MatchStatus.REQUESTED:
        workflow.decline_request(
            session, req, by=user, reason=DeclineReason.OTHER, note=LEFT
        )
    else:
        workflow.retract_acceptance(session, req, by=user, reason=LEFT)


def _scrub(session: Session, words: list[str]) -> None:
    """Replace the member's name and email in other members' free text."""
    for word in filter(None, words):
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        for model, name in _FREE_TEXT:
            column = getattr(model, name)
            for row in session.scalars(
                select(model).where(column.contains(word, autoescape=True))
            ):
                setattr(row, name, pattern.sub(FORMER_MEMBER, getattr(row, name)))


def _erase(session: Session, user: User) -> None:
    """Delete or blank every personal field; the user row stays as a tombstone."""
    uid = user.user_id
    for stmt in (
        delete(Notification).where(Notification.user_id == uid),
        delete(PasswordResetToken).where(PasswordResetToken.user_id == uid),
        delete(OutboxMessage).where(
            or_(OutboxMessage.user_id == uid, OutboxMessage.to_address == user.email)
        ),
        update(MatchRequest).where(MatchRequest.mentee_id == uid).values(message=""),
        update(MatchRequest)
        .where(MatchRequest.mentor_id == uid)
        .values(response_note=""),
    ):
        session.execute(stmt.execution_options(synchronize_session=False))
    if user.profile is not None:
        session.delete(user.profile)
    user.email = f"deleted-{uid}@invalid"
    user.password_hash = UNUSABLE_PASSWORD
    user.session_token = new_session_token()
    user.is_active = user.is_admin = False
    user.last_login_at = user.consented_at = None


def delete_account(session: Session, user: User, *, password: str) -> None:
    """Delete the member's account after they re-enter their password.

    Active pairings end and open requests are withdrawn or declined through the
    workflow (so capacity counters stay right); then personal fields are erased.
    Status history and audit rows keep their ids and actors.

    Raises
    ------
    NotAllowedError
        The password is wrong.
    """
    if not check_password_hash(user.password_hash, password):
        raise NotAllowedError("Your password is not right.")
    for req in _member_requests(
        session, user.user_id, MatchRequest.status.in_(OPEN_STATUSES)
    ):
        _leave(session, req, user)
    _scrub(session, [user.display_name, user.email])
    _erase(session, user)
    audit.record(
        session,
        actor=user,
        action="delete_account",
        target_type="user",
        target_id=user.user_id,
    )
    session.commit()
