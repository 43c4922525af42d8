"""Background jobs of the suggestions feature: trimming the change log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from mentormatch.core import changes
from mentormatch.core.jobs import periodic

# A worker that has not refreshed for this long reloads every mentor once.
KEEP = timedelta(days=2)


@periodic(
    "prune-member-changes",
    every=timedelta(hours=6),
    description="Delete numbered member changes older than two days",
)
def prune_member_changes(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """Keep the change log as long as the changes of the last two days."""
    deleted = changes.prune(session, before=now - KEEP)
    return f"deleted {deleted} member change rows"
