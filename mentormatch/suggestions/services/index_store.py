"""What the mentor index reads from the database: freshness stamp, changes, files."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from mentormatch.core import changes
from mentormatch.matching import MentorIndex
from mentormatch.suggestions.services.recommendations import (
    adopted_weights,
    all_mentors,
    mentor_chapters,
)

__all__ = [
    "Stamp",
    "adopted_weights",
    "all_mentors",
    "apply_changes",
    "build_index_file",
    "current_stamp",
    "mentor_chapters",
    "read_index_file",
]

log = logging.getLogger(__name__)

Stamp = changes.Versions


def current_stamp(session: Session) -> Stamp:
    """The committed change counters: one read of a three-row table, whatever the
    membership (`mentormatch.core.changes` numbers commits in commit order)."""
    return changes.versions(session)


def apply_changes(session: Session, index: MentorIndex, old: Stamp, new: Stamp) -> None:
    """Bring `index` (in step with `old`) to `new`: re-encode changed mentors,
    all of them in one batch (``MentorIndex.update_many``).

    Call it on an unpublished copy; it changes the index in place. When the
    changes cannot be listed (a bulk change, or rows pruned past `old`), every
    mentor is read again.
    """
    if new.members == old.members:
        return
    changed = changes.changed_members(session, old.members, new)
    fresh = all_mentors(session, only=changed)
    gone = (set(index.row_of_) if changed is None else changed) - {m.id for m in fresh}
    for mentor_id in gone & index.row_of_.keys():
        index.remove(mentor_id)
    index.update_many(fresh)


def _database(session: Session) -> str:
    """Which database a file was built from (no password)."""
    bind = session.get_bind()
    url = bind.engine.url if isinstance(bind, Connection) else bind.url
    return url.render_as_string(hide_password=True)


def build_index_file(session: Session, path: str | Path) -> MentorIndex:
    """Fit the index on every mentor and save it, with its stamp, to `path`.

    The file is written aside and renamed, so a worker starting meanwhile reads
    the old file or the new one, never half of one.
    """
    stamp = current_stamp(session)  # before reading: later commits are caught up
    weights_id, weights = adopted_weights(session)
    index = MentorIndex(weights=weights).fit(all_mentors(session))
    meta = {"stamp": stamp, "weights_id": weights_id, "database": _database(session)}
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        index.save(tmp, meta=meta)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return index


def read_index_file(
    session: Session, path: str | Path
) -> tuple[MentorIndex, Stamp, int | None] | None:
    """A saved index with its stamp and weights id, or None when there is no
    usable file (missing, other format, other database, newer than the data)."""
    if not Path(path).is_file():
        return None
    try:
        index, meta = MentorIndex.load_with_meta(path)
    except Exception as exc:  # any unreadable file: fit from the database instead
        log.warning("ignoring mentor index file %s: %s", path, exc)
        return None
    stamp, now = meta.get("stamp"), current_stamp(session)
    if meta.get("database") != _database(session) or not _not_newer(stamp, now):
        log.warning("ignoring mentor index file %s: built from other data", path)
        return None
    return index, stamp, meta.get("weights_id")  # type: ignore[return-value]


def _not_newer(saved: object, now: Stamp) -> bool:
    """The saved counters can precede `now` (a database reset would make them newer)."""
    return isinstance(saved, changes.Versions) and saved.members <= now.members
