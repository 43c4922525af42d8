"""Retention: audit rows and notifications are kept for a set time, then pruned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from mentormatch.core.models import AuditLog, Notification


@dataclass(frozen=True, slots=True)
class Pruned:
    """How many rows one pruning removed."""

    audit: int
    notifications: int


def prune(
    session: Session, *, now: datetime, audit_days: int, notification_days: int
) -> Pruned:
    """Delete audit rows older than `audit_days` and notifications older than
    `notification_days`; running it twice removes nothing more."""
    audit = session.execute(
        delete(AuditLog).where(AuditLog.at < now - timedelta(days=audit_days))
    )
    notes = session.execute(
        delete(Notification).where(
            Notification.created_at < now - timedelta(days=notification_days)
        )
    )
    session.commit()
    return Pruned(int(audit.rowcount or 0), int(notes.rowcount or 0))  # type: ignore[attr-defined]
