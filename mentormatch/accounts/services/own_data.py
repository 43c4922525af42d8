"""A member's own data: the export of everything held about them.

``COVERAGE`` names, for every table that refers to a member, where the export
holds its rows (or why it leaves them out); a test fails when a table that
refers to a member is missing here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import Session

from mentormatch.accounts.services.own_pairings import followups
from mentormatch.core.models import (
    AuditLog,
    Checkup,
    CheckupPrompt,
    CohortProposal,
    CohortRun,
    MatchRequest,
    Meeting,
    MeetingSlot,
    MemberPreference,
    MemberSettings,
    Message,
    Notification,
    OutboxMessage,
    PduSplit,
    ProgramMember,
    Report,
    ThreadState,
    User,
    utcnow,
)

WITHHELD = "withheld: "
COVERAGE: dict[str, str] = {
    "user_account": "account",
    "profile": "profile",
    "profile_certification": "profile",
    "profile_skill": "profile",
    "match_request": "requests",
    "status_change": "requests",
    "agreement": "requests",
    "checkin": "requests",
    "overdue_flag": "requests",
    "pairing_goal": "requests",
    "shared_resource": "requests",
    "feedback": "requests",
    "notification": "notifications",
    "outbox_message": "emails",
    "member_preference": "preferences",
    "cohort_proposal": "cohort_proposals",
    "cohort_run": "cohort_runs",
    "audit_log": "audit",
    "program_member": "programs",
    "pdu_split": "pdu_splits",
    "password_reset_token": WITHHELD + "secret link hashes, useless to anyone",
    "message": "conversations",
    "thread_state": "conversations",
    "report": "conversations",
    "meeting": "conversations",
    "meeting_slot": "conversations",
    "checkup": "conversations",
    "checkup_prompt": "conversations",
    "member_settings": "conversations",
}

# Rows of these models that refer to the member, and the columns that do.
_CONVERSATIONS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "messages": (Message, ("author_id",)),
    "thread_states": (ThreadState, ("user_id",)),
    "reports_made": (Report, ("reporter_id",)),
    "meetings_proposed": (Meeting, ("proposed_by_id", "decided_by_id")),
    "checkups": (Checkup, ("author_id",)),
    "checkup_prompts": (CheckupPrompt, ("user_id",)),
    "email_settings": (MemberSettings, ("user_id",)),
}
# Secrets are never exported: they would let anyone holding the file act.
_SECRET_COLUMNS = frozenset({"unsubscribe_token", "calendar_token"})


def _conversations(session: Session, uid: int) -> dict[str, Any]:
    """Messages, reports, meetings, check-ups and email settings of the member
    (meeting slots travel with their meeting)."""
    out: dict[str, Any] = {}
    for name, (model, columns) in _CONVERSATIONS.items():
        conds = [getattr(model, c) == uid for c in columns]
        rows = session.scalars(select(model).where(or_(*conds)))
        out[name] = [_plain(row) for row in rows]
    meeting_ids = [m["meeting_id"] for m in out["meetings_proposed"]]
    slots = session.scalars(
        select(MeetingSlot).where(MeetingSlot.meeting_id.in_(meeting_ids))
    )
    out["meeting_slots"] = [_plain(s) for s in slots]
    return out


def _plain(row: Any) -> dict[str, Any]:
    """A row's mapped columns as JSON-ready values, by attribute name (a model's
    ``id`` column is its ``message_id``, ``meeting_id`` ...), secrets left out."""
    values: dict[str, Any] = {}
    for attr in inspect(row).mapper.column_attrs:
        if attr.key in _SECRET_COLUMNS:
            continue
        value = getattr(row, attr.key)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif value is not None and not isinstance(value, int | float | str | bool):
            value = str(value)
        values[attr.key] = value
    return values


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


def _request(session: Session, req: MatchRequest, user: User) -> dict[str, Any]:
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
        **followups(session, req, user),
    }


def export_member(session: Session, user: User) -> dict[str, Any]:
    """Return everything held about `user` as JSON-ready data.

    Other members appear only as "the other member"; password hash, session token
    and reset tokens are left out.

    Returns
    -------
    dict
        One key per value of ``COVERAGE``: account, profile (with certification
        numbers), requests and pairings (history, agreement, check-ins, goals,
        links, feedback), notifications, emails, shortlists and blocks, cohort
        proposals and runs, audit rows by or about the member.
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
            _request(session, r, user) for r in _member_requests(session, user.user_id)
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
        **_elsewhere(session, user),
        "conversations": _conversations(session, user.user_id),
    }


def _elsewhere(session: Session, user: User) -> dict[str, Any]:
    """Shortlists and blocks, cohort proposals, runs and audit rows about them."""
    uid = user.user_id
    prefs = session.scalars(
        select(MemberPreference)
        .where(MemberPreference.member_id == uid)
        .order_by(MemberPreference.kind, MemberPreference.position)
    )
    proposals = session.scalars(
        select(CohortProposal)
        .where(or_(CohortProposal.mentee_id == uid, CohortProposal.mentor_id == uid))
        .order_by(CohortProposal.proposal_id)
    )
    runs = session.scalars(select(CohortRun).where(CohortRun.created_by_id == uid))
    audit_rows = session.scalars(
        select(AuditLog)
        .where(
            or_(
                AuditLog.actor_id == uid,
                (AuditLog.target_type == "user") & (AuditLog.target_id == uid),
            )
        )
        .order_by(AuditLog.audit_id)
    )
    applications = session.scalars(
        select(ProgramMember)
        .where(ProgramMember.user_id == uid)
        .order_by(ProgramMember.member_id)
    )
    splits = session.scalars(select(PduSplit).where(PduSplit.user_id == uid))
    return {
        "programs": [
            {
                "program": a.program.name,
                "role": a.role.value,
                "status": a.status.value,
                "your_motivation": a.motivation,
                "hours_per_month": a.hours_per_month,
                "reason": a.reason,
                "applied_at": _iso(a.created_at),
                "decided_at": _iso(a.decided_at),
            }
            for a in applications
        ],
        "pdu_splits": [
            {
                "request_id": p.request_id,
                "ways_of_working": p.ways_of_working,
                "power_skills": p.power_skills,
                "business_acumen": p.business_acumen,
                "description": p.description,
            }
            for p in splits
        ],
        "preferences": [
            {
                "kind": p.kind.value,
                "position": p.position,
                "member": p.other.display_name,
                "created_at": _iso(p.created_at),
            }
            for p in prefs
        ],
        "cohort_proposals": [
            {
                "role": "mentee" if c.mentee_id == uid else "mentor",
                "status": c.status.value,
                "score": c.score,
                "reasons": list(c.reasons),
            }
            for c in proposals
        ],
        "cohort_runs": [
            {"run_id": r.run_id, "created_at": _iso(r.created_at)} for r in runs
        ],
        "audit": [
            {
                "action": a.action,
                "by": "you" if a.actor_id == uid else "the program",
                "at": _iso(a.at),
            }
            for a in audit_rows
        ],
    }
