"""Background work of the messages feature: the message email digests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from mentormatch.core.jobs import periodic
from mentormatch.messages.services.digest import send_digests


@periodic(
    "message-digests",
    every=timedelta(minutes=5),
    description="Email members about unread messages (immediately, hourly, daily).",
    setting="MESSAGE_DIGEST_EVERY",
)
def message_digests(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """Queue the due message emails in the outbox; the mail job sends them."""
    queued = send_digests(session, now=now)
    return f"{queued} message email(s) queued"
