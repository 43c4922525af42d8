"""Message emails: one digest per conversation and member, at most one an hour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from mentormatch.core.mail import queue_email
from mentormatch.core.models import (
    MatchRequest,
    MatchStatus,
    MemberPreference,
    MemberSettings,
    Message,
    PreferenceKind,
    ThreadState,
    User,
)
from mentormatch.core.notifications import link_to

# How long a member's choice waits to gather messages before one email goes out.
WAIT: dict[str, timedelta] = {
    "immediately": timedelta(0),
    "hourly": timedelta(hours=1),
    "daily": timedelta(days=1),
}
MIN_GAP = timedelta(hours=1)  # never more than one email per conversation an hour
LOOKBACK = timedelta(days=3)  # older unsent messages are not worth an email now
SHOWN_IN_EMAIL = 5
EXCERPT = 300


@dataclass(slots=True)
class Pending:
    """Messages one member has neither read nor been emailed, in one thread."""

    req: MatchRequest
    recipient: User
    messages: list[Message] = field(default_factory=list)


def thread_path(req: MatchRequest, user: User) -> str:
    """The site path where `user` reads the thread of `req`."""
    if req.status in (MatchStatus.ACTIVE, MatchStatus.ENDED):
        endpoint = "pairings.detail"
    elif user.user_id == req.mentee_id:
        endpoint = "requests.sent_detail"
    else:
        endpoint = "requests.detail"
    return link_to(endpoint, request_id=req.request_id)


def _recent(session: Session, now: datetime) -> list[Message]:
    return list(
        session.scalars(
            select(Message)
            .where(Message.created_at >= now - LOOKBACK, Message.deleted_at.is_(None))
            .options(joinedload(Message.author))
            .order_by(Message.message_id)
        ).unique()
    )


def _pending(session: Session, now: datetime) -> list[Pending]:
    """Group recent messages by (thread, recipient), dropping read and sent ones."""
    recent = _recent(session, now)
    request_ids = {m.request_id for m in recent}
    states = {
        (s.request_id, s.user_id): s
        for s in session.scalars(
            select(ThreadState).where(ThreadState.request_id.in_(request_ids))
        )
    }
    blocks = {
        (member_id, other_id)
        for member_id, other_id in session.execute(
            select(MemberPreference.member_id, MemberPreference.other_id).where(
                MemberPreference.kind == PreferenceKind.BLOCK
            )
        )
    }
    groups: dict[tuple[int, int], Pending] = {}
    for message in recent:
        req = session.get(MatchRequest, message.request_id)
        if req is None:
            continue
        recipient = req.other(message.author)
        state = states.get((req.request_id, recipient.user_id))
        seen = max(state.read_through, state.emailed_through) if state else 0
        if (
            message.message_id <= seen
            or (recipient.user_id, message.author_id) in blocks
        ):
            continue
        key = (req.request_id, recipient.user_id)
        groups.setdefault(key, Pending(req, recipient)).messages.append(message)
    return list(groups.values())


def _is_due(
    pending: Pending, choice: str, state: ThreadState | None, now: datetime
) -> bool:
    wait = WAIT.get(choice)
    if wait is None or not pending.recipient.is_active:
        return False  # "off", or an account that no longer gets email
    if now - pending.messages[0].created_at < wait:
        return False
    last = state.emailed_at if state else None
    return last is None or now - last >= max(MIN_GAP, wait)


def _queue(session: Session, pending: Pending) -> None:
    other = pending.req.other(pending.recipient)
    excerpts = [
        f"{m.author.display_name}: {m.body[:EXCERPT]}"
        for m in pending.messages[-SHOWN_IN_EMAIL:]
    ]
    queue_email(
        session,
        user=pending.recipient,
        kind="message_digest",
        link=thread_path(pending.req, pending.recipient),
        other=other.display_name,
        count=len(pending.messages),
        excerpts=excerpts,
    )


def send_digests(session: Session, *, now: datetime) -> int:
    """Queue the message emails that are due; return how many were queued.

    Idempotent: each email moves the thread's "emailed through" mark, so a second
    run at the same `now` queues nothing.
    """
    choices = {
        user_id: choice
        for user_id, choice in session.execute(
            select(MemberSettings.user_id, MemberSettings.message_email)
        )
    }
    queued = 0
    for pending in _pending(session, now):
        user_id, request_id = pending.recipient.user_id, pending.req.request_id
        state = _state_of(session, request_id, user_id)
        if not _is_due(pending, choices.get(user_id, "hourly"), state, now):
            continue
        if state is None:
            state = ThreadState(request_id=request_id, user_id=user_id, read_through=0)
            session.add(state)
        state.emailed_through = pending.messages[-1].message_id
        state.emailed_at = now
        _queue(session, pending)
        queued += 1
    session.commit()
    return queued


def _state_of(session: Session, request_id: int, user_id: int) -> ThreadState | None:
    return session.scalar(
        select(ThreadState).where(
            ThreadState.request_id == request_id, ThreadState.user_id == user_id
        )
    )
