"""Reports of a message or a member, and the admins' decisions on them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import Session, joinedload

from mentormatch.core import audit
from mentormatch.core.errors import (
    DuplicateRequestError,
    InvalidTransitionError,
    NotAllowedError,
)
from mentormatch.core.models import MatchRequest, Message, Report, User, utcnow
from mentormatch.core.notifications import notify

DECISIONS: dict[str, str] = {
    "dismissed": "Dismiss: nothing wrong",
    "warned": "Warn the reported member",
    "deactivated": "Deactivate the reported member",
    "ended": "End the pairing",
}
WARNING = "A program admin reviewed a report about you: {note}"
CONTEXT = 5  # messages shown around a reported one


def _knows(session: Session, a: User, b: User) -> bool:
    """Members may report only someone they share a request or pairing with."""
    pair = or_(
        and_(MatchRequest.mentee_id == a.user_id, MatchRequest.mentor_id == b.user_id),
        and_(MatchRequest.mentee_id == b.user_id, MatchRequest.mentor_id == a.user_id),
    )
    return bool(session.scalar(select(exists().where(pair))))


def _latest_between(session: Session, a: User, b: User) -> int | None:
    """The newest request between the two (so an admin can end that pairing)."""
    return session.scalar(
        select(MatchRequest.request_id)
        .where(
            or_(
                and_(
                    MatchRequest.mentee_id == a.user_id,
                    MatchRequest.mentor_id == b.user_id,
                ),
                and_(
                    MatchRequest.mentee_id == b.user_id,
                    MatchRequest.mentor_id == a.user_id,
                ),
            )
        )
        .order_by(MatchRequest.request_id.desc())
        .limit(1)
    )


def _open_duplicate(session: Session, by: User, **target: Any) -> None:
    found = session.scalar(
        select(Report.report_id).filter_by(
            reporter_id=by.user_id, status="open", **target
        )
    )
    if found is not None:
        raise DuplicateRequestError("You reported this already; an admin will look.")


def report_message(
    session: Session, message: Message, req: MatchRequest, *, by: User, reason: str
) -> Report:
    """Report the other member's message; admins may then read it and its context.

    Raises
    ------
    NotAllowedError
        `by` is not in the thread, or wrote the message.
    DuplicateRequestError
        `by` already has an open report on it.
    """
    if not req.involves(by) or message.author_id == by.user_id:
        raise NotAllowedError("You can report only messages written to you.")
    _open_duplicate(session, by, message_id=message.message_id)
    report = Report(
        reporter_id=by.user_id,
        reported_id=message.author_id,
        message_id=message.message_id,
        request_id=req.request_id,
        reason=reason,
        status="open",
    )
    session.add(report)
    session.commit()
    return report


def report_member(session: Session, other: User, *, by: User, reason: str) -> Report:
    """Report a member one shares a request or pairing with.

    Raises
    ------
    NotAllowedError
        Reporting oneself, or someone one has no request with.
    DuplicateRequestError
        `by` already has an open report on them.
    """
    if other.user_id == by.user_id or not _knows(session, by, other):
        raise NotAllowedError("You can report members you are matched with.")
    _open_duplicate(session, by, reported_id=other.user_id, message_id=None)
    report = Report(
        reporter_id=by.user_id,
        reported_id=other.user_id,
        request_id=_latest_between(session, by, other),
        reason=reason,
        status="open",
    )
    session.add(report)
    session.commit()
    return report


def review_queue() -> Select[Any]:
    """Open reports, oldest first, for the admins' review queue."""
    return (
        select(Report)
        .where(Report.status == "open")
        .options(joinedload(Report.reporter), joinedload(Report.reported))
        .order_by(Report.created_at, Report.report_id)
    )


def context_of(session: Session, report: Report) -> list[Message]:
    """The reported message with the few before it: all an admin gets to read."""
    if report.message_id is None or report.request_id is None:
        return []
    rows = session.scalars(
        select(Message)
        .where(
            Message.request_id == report.request_id,
            Message.message_id <= report.message_id,
        )
        .options(joinedload(Message.author))
        .order_by(Message.message_id.desc())
        .limit(CONTEXT)
    ).all()
    return list(reversed(rows))


def record_decision(
    session: Session, report: Report, *, admin: User, decision: str, note: str
) -> Report:
    """Close the report with `decision` (the caller did the deed), audited.

    A warning is sent to the reported member as a notification.

    Raises
    ------
    InvalidTransitionError
        The report is already resolved, or the decision is unknown.
    """
    if report.status != "open" or decision not in DECISIONS:
        raise InvalidTransitionError("This report is already resolved.")
    report.status, report.resolution = decision, note
    report.resolved_at, report.resolved_by_id = utcnow(), admin.user_id
    if decision == "warned":
        notify(
            session,
            user_id=report.reported_id,
            kind="report_warning",
            text=WARNING.format(note=note or "please keep to the code of conduct."),
        )
    audit.record(
        session,
        actor=admin,
        action=f"report.{decision}",
        target_type="user",
        target_id=report.reported_id,
        report_id=report.report_id,
        note=note,
    )
    session.commit()
    return report
