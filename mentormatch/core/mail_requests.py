"""Email requests: outbox rows written without any lookup, filled in before sending.

A page such as "forgot password" must answer alike whether the account exists, in
content and in time. So it only records what was asked (one row, the same work for
every address) and the sender runs the feature's preparer, which looks the account
up and queues the real email, or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mentormatch.core.models import OutboxMessage, utcnow

# (session, address, now, config) -> None; queues the real email when there is one.
Preparer = Callable[[Session, str, datetime, Mapping[str, Any]], None]
PREPARERS: dict[str, Preparer] = {}
REQUESTED = "requested"  # the status of a request row: never sent as it is


def register_preparer(kind: str, preparer: Preparer) -> None:
    """Declare how request rows of `kind` become emails (a feature does, at import)."""
    PREPARERS[kind] = preparer


def queue_request(session: Session, *, kind: str, address: str) -> OutboxMessage:
    """Record a request for `address` in this transaction (the caller commits)."""
    row = OutboxMessage(
        user_id=None,
        kind=kind,
        to_address=address[:254],
        subject="",
        body="",
        link="",
        status=REQUESTED,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    session.add(row)
    return row


def prepare_due(
    session: Session,
    *,
    config: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    limit: int = 500,
) -> int:
    """Turn waiting request rows into emails (or nothing); return how many were handled.

    Each row is deleted before its preparer runs, in the same transaction, so two
    senders never prepare one request twice.
    """
    now = now or utcnow()
    rows = session.execute(
        select(OutboxMessage.message_id, OutboxMessage.kind, OutboxMessage.to_address)
        .where(OutboxMessage.status == REQUESTED)
        .order_by(OutboxMessage.message_id)
        .limit(limit)
    ).all()
    done = 0
    for message_id, kind, address in rows:
        claimed = session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.message_id == message_id,
                OutboxMessage.status == REQUESTED,
            )
        )
        preparer = PREPARERS.get(kind)
        if claimed.rowcount == 1 and preparer is not None:  # type: ignore[attr-defined]
            preparer(session, address, now, config or {})
            done += 1
        session.commit()
    return done
