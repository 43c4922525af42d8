"""Threads: post, edit and delete messages; read a thread page; unread counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.elements import ColumnElement

from mentormatch.core.errors import NotAllowedError, ValidationError
from mentormatch.core.models import (
    OPEN_STATUSES,
    MatchRequest,
    MatchStatus,
    MemberPreference,
    Message,
    PreferenceKind,
    ThreadState,
    User,
    utcnow,
)

# A thread takes new messages while the request is open or the pairing active.
WRITABLE = OPEN_STATUSES | {MatchStatus.ACTIVE}
BODY_MAX = 4000


@dataclass(frozen=True, slots=True)
class ThreadPage:
    """One page of a thread, oldest first; page 1 holds the newest messages."""

    messages: list[Message]
    page: int
    has_older: bool
    can_write: bool
    blocked: bool

    @property
    def has_newer(self) -> bool:
        return self.page > 1


def is_member(req: MatchRequest, user: User) -> bool:
    """Only the two people of a request read and write its thread."""
    return req.involves(user)


def blocks_between(session: Session, a_id: int, b_id: int) -> bool:
    """True when either member blocked the other."""
    pair = or_(
        and_(MemberPreference.member_id == a_id, MemberPreference.other_id == b_id),
        and_(MemberPreference.member_id == b_id, MemberPreference.other_id == a_id),
    )
    stmt = select(exists().where(pair, MemberPreference.kind == PreferenceKind.BLOCK))
    return bool(session.scalar(stmt))


def _not_blocked_by(user_id: int) -> ColumnElement[bool]:
    """Messages whose author the reader blocked are hidden from the reader."""
    return ~exists().where(
        MemberPreference.member_id == user_id,
        MemberPreference.other_id == Message.author_id,
        MemberPreference.kind == PreferenceKind.BLOCK,
    )


def _check_writer(session: Session, req: MatchRequest, user: User) -> None:
    if not is_member(req, user):
        raise NotAllowedError("Only the two members write in this conversation.")
    if req.status not in WRITABLE:
        raise NotAllowedError("This conversation is closed.")
    if blocks_between(session, req.mentee_id, req.mentor_id):
        raise NotAllowedError("You cannot exchange messages with this member.")


def _clean(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError("Write a message first.")
    if len(body) > BODY_MAX:
        raise ValidationError(f"Keep a message to {BODY_MAX} characters or fewer.")
    return body


def post_message(
    session: Session, req: MatchRequest, *, by: User, body: str
) -> Message:
    """Add `by`'s message to the thread of `req` and mark the thread read for them.

    Raises
    ------
    NotAllowedError
        `by` is not one of the two members, the thread is closed, or one blocked
        the other.
    ValidationError
        The body is empty or too long.
    """
    _check_writer(session, req, by)
    message = Message(
        request_id=req.request_id, author_id=by.user_id, body=_clean(body)
    )
    session.add(message)
    session.flush()
    _state(session, req.request_id, by.user_id).read_through = message.message_id
    session.commit()
    return message


def _own_recent(message: Message, by: User, now: datetime, window: timedelta) -> None:
    if message.author_id != by.user_id:
        raise NotAllowedError("You can change only your own messages.")
    if message.is_deleted:
        raise NotAllowedError("This message was deleted.")
    if now - message.created_at > window:
        minutes = int(window.total_seconds() // 60)
        raise NotAllowedError(f"Messages can be changed for {minutes} minutes only.")


def edit_message(
    session: Session,
    message: Message,
    *,
    by: User,
    body: str,
    window: timedelta,
    now: datetime | None = None,
) -> Message:
    """Replace the text of `by`'s own message within `window` of posting it.

    Raises
    ------
    NotAllowedError
        Not the author, already deleted, or the window has passed.
    ValidationError
        The new body is empty or too long.
    """
    now = now or utcnow()
    _own_recent(message, by, now, window)
    message.body, message.edited_at = _clean(body), now
    session.commit()
    return message


def delete_message(
    session: Session,
    message: Message,
    *,
    by: User,
    window: timedelta,
    now: datetime | None = None,
) -> Message:
    """Delete `by`'s own message within `window`: its text goes, its place stays.

    Raises
    ------
    NotAllowedError
        Not the author, already deleted, or the window has passed.
    """
    now = now or utcnow()
    _own_recent(message, by, now, window)
    message.body, message.deleted_at = "", now
    session.commit()
    return message


def _state(session: Session, request_id: int, user_id: int) -> ThreadState:
    state = session.scalar(
        select(ThreadState).where(
            ThreadState.request_id == request_id, ThreadState.user_id == user_id
        )
    )
    if state is None:
        state = ThreadState(
            request_id=request_id, user_id=user_id, read_through=0, emailed_through=0
        )
        session.add(state)
    return state


def thread_page(
    session: Session,
    req: MatchRequest,
    *,
    viewer: User,
    page: int,
    per_page: int,
    mark_read: bool = True,
) -> ThreadPage:
    """Return page `page` (1 = newest) of the thread and mark it read for `viewer`.

    `mark_read` False leaves the database as it was (a page re-shown after a
    refused form must change nothing).

    Raises
    ------
    NotAllowedError
        `viewer` is not one of the two members (admins read reported messages in
        the review queue only).
    """
    if not is_member(req, viewer):
        raise NotAllowedError("Only the two members read this conversation.")
    number = min(max(page, 1), 10**6)  # a huge ?mpage= must not overflow OFFSET
    # One row more than a page tells whether older ones exist, without a count.
    newest_first = session.scalars(
        select(Message)
        .where(Message.request_id == req.request_id, _not_blocked_by(viewer.user_id))
        .options(joinedload(Message.author))
        .order_by(Message.message_id.desc())
        .limit(per_page + 1)
        .offset((number - 1) * per_page)
    ).all()
    messages = list(reversed(newest_first[:per_page]))
    if mark_read and messages and number == 1:
        _mark_read(session, req.request_id, viewer.user_id, messages[-1].message_id)
    blocked = blocks_between(session, req.mentee_id, req.mentor_id)
    can_write = req.status in WRITABLE and not blocked
    has_older = len(newest_first) > per_page
    return ThreadPage(messages, number, has_older, can_write, blocked)


def _mark_read(session: Session, request_id: int, user_id: int, through: int) -> None:
    state = _state(session, request_id, user_id)
    if state.read_through < through:
        state.read_through = through
        session.commit()


def _unread_clause(user_id: int) -> list[ColumnElement[bool]]:
    """Messages to `user_id` not yet read: one join, usable in a count or a group."""
    return [
        or_(MatchRequest.mentee_id == user_id, MatchRequest.mentor_id == user_id),
        Message.author_id != user_id,
        Message.deleted_at.is_(None),
        Message.message_id > func.coalesce(ThreadState.read_through, 0),
        _not_blocked_by(user_id),
    ]


def _unread_select(user_id: int, *columns: Any) -> Select[Any]:
    return (
        select(*columns)
        .select_from(Message)
        .join(MatchRequest, MatchRequest.request_id == Message.request_id)
        .outerjoin(
            ThreadState,
            and_(
                ThreadState.request_id == Message.request_id,
                ThreadState.user_id == user_id,
            ),
        )
        .where(*_unread_clause(user_id))
    )


def unread_total(session: Session, user_id: int) -> int:
    """How many messages the member has not read, over all threads (one query)."""
    stmt = _unread_select(user_id, func.count(Message.message_id))
    return int(session.scalar(stmt) or 0)


def unread_by_thread(session: Session, user_id: int) -> dict[int, int]:
    """Unread messages per request id, for the conversations list."""
    stmt = _unread_select(
        user_id, Message.request_id, func.count(Message.message_id)
    ).group_by(Message.request_id)
    return {rid: int(n) for rid, n in session.execute(stmt)}


def conversations(user_id: int) -> Select[Any]:
    """The member's threads: (request, last message id or None), latest first.

    A thread is listed once it has a message, or while it can take one.
    """
    last = (
        select(Message.request_id, func.max(Message.message_id).label("last_id"))
        .group_by(Message.request_id)
        .subquery()
    )
    return (
        select(MatchRequest, last.c.last_id)
        .outerjoin(last, last.c.request_id == MatchRequest.request_id)
        .where(
            or_(MatchRequest.mentee_id == user_id, MatchRequest.mentor_id == user_id),
            or_(last.c.last_id.is_not(None), MatchRequest.status.in_(WRITABLE)),
        )
        .options(joinedload(MatchRequest.mentee), joinedload(MatchRequest.mentor))
        .order_by(
            func.coalesce(last.c.last_id, 0).desc(), MatchRequest.request_id.desc()
        )
    )
