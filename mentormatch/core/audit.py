"""The admin audit log: one row per admin action, inside the action's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from mentormatch.core.models import AuditLog, User


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    target_type: str = "",
    target_id: int | None = None,
    **detail: Any,
) -> None:
    """Add an audit row to the current transaction (the caller commits)."""
    session.add(
        AuditLog(
            actor_id=actor.user_id if actor else None,
            action=action,
            target_type=target_type,
            target_id=target_id,
            detail=detail,
        )
    )
