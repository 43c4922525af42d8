"""What the mentor index reads from the database: freshness stamp, changes, files."""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, func, select, union
from sqlalchemy.orm import Session

from mentormatch.core.models import Profile, User
from mentormatch.matching import MentorIndex
from mentormatch.suggestions.services.recommendations import (
    adopted_weights,
    all_mentors,
    load_profiles,
    mentor_chapters,
    mentor_from_profile,
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

Stamp = tuple[datetime | None, datetime | None, int]


def current_stamp(session: Session) -> Stamp:
    """Newest profile edit, newest account edit, number of profiles: one round trip.

    The one freshness interface of the index (a commit-ordered change counter can
    replace it here). Each max() is its own subquery so that it is one probe of
    the updated_at index (max() next to count() in one SELECT scans the table).
    """
    newest_profile = select(func.max(Profile.updated_at)).scalar_subquery()
    newest_user = select(func.max(User.updated_at)).scalar_subquery()
    profiles = select(func.count()).select_from(Profile).scalar_subquery()
    row = session.execute(select(newest_profile, newest_user, profiles)).one()
    return row[0], row[1], int(row[2])


def apply_changes(session: Session, index: MentorIndex, old: Stamp, new: Stamp) -> None:
    """Bring `index` (in step with `old`) to `new`: re-encode changed profiles.

    Call it on an unpublished copy; it changes the index in place.
    """
    if new[2] < old[2]:  # profiles were deleted: re-check every indexed mentor
        alive = set(session.scalars(select(Profile.user_id)))
        for mentor_id in set(index.row_of_) - alive:
            index.remove(mentor_id)
    # Changed since: each table against its own newest time (the older of the two
    # as a common bound re-encoded every profile edited since, on each refresh);
    # a UNION of two index range scans, where an OR across the join scans both.
    conds = []
    if old[0] is not None and old[1] is not None:
        changed = union(
            select(Profile.user_id).where(Profile.updated_at >= old[0]),
            select(User.user_id).where(User.updated_at >= old[1]),
        )
        conds = [Profile.user_id.in_(changed)]
    for profile in load_profiles(session, *conds):
        if profile.offers_mentoring:
            index.update(mentor_from_profile(profile))
        elif profile.user_id in index.row_of_:
            index.remove(profile.user_id)


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
    """The saved stamp can precede `now` (a database reset would make it newer)."""
    if not isinstance(saved, tuple) or len(saved) != 3:
        return False
    for was, is_ in zip(saved[:2], now[:2], strict=True):
        if was is not None and (is_ is None or _naive(was) > _naive(is_)):
            return False
    return True


def _naive(moment: datetime) -> datetime:
    """SQLite gives naive UTC, PostgreSQL aware: compare as naive UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
