"""The per-process mentor index: immutable snapshots, swapped by reference.

Ranking threads take ``cache.get(session)`` and use that snapshot for as long as
they like: nothing ever changes a published ``MentorIndex``. A refresh copies the
small per-row arrays (``MentorIndex.copy``), applies the changed profiles to the
copy and publishes it; compaction and full rebuilds run on a background thread
that builds the next index aside and swaps it in, never inside a page.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from mentormatch.matching import MentorIndex
from mentormatch.suggestions.services import index_store
from mentormatch.suggestions.services.index_store import Stamp, current_stamp

log = logging.getLogger(__name__)

INDEX_FILE = "mentor-index.joblib"
"""Name of the saved index in the instance folder (`flask build-index`)."""

COMPACT_AFTER = 1024
"""Pending (added or updated) rows that make the cache compact its index."""

NEVER = 2**62  # max_pending of cache-owned indexes: the cache decides when to compact


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One published index with the database state it reflects."""

    index: MentorIndex
    stamp: Stamp
    weights_id: int | None


class IndexCache:
    """A fitted mentor index kept in step with the database, one per process.

    Parameters
    ----------
    background : bool
        Compact and rebuild on a background thread (the web app); otherwise
        inline (commands, tests).
    snapshot_path : path, optional
        A file written by ``build_index_file``: a cold start loads it and applies
        only the changes newer than it, instead of fitting every profile.
    compact_after : int
        Pending rows that trigger a compaction.
    """

    def __init__(
        self,
        *,
        background: bool = False,
        snapshot_path: str | Path | None = None,
        compact_after: int = COMPACT_AFTER,
    ) -> None:
        self._lock = threading.Lock()  # writers only: readers never wait
        self._current: Snapshot | None = None
        self._chapters: tuple[int, list[str]] | None = None
        self._worker: threading.Thread | None = None
        self.background = background
        self.snapshot_path = Path(snapshot_path) if snapshot_path else None
        self.compact_after = compact_after
        self.compactions = 0  # swapped-in compactions, for tests and logs

    @property
    def snapshot(self) -> Snapshot | None:
        """The published snapshot (None before the first ``get``)."""
        return self._current

    def get(self, session: Session) -> MentorIndex:
        """The index with every change committed so far (refit with the adopted
        learned weights when they change)."""
        stamp = current_stamp(session)
        weights_id, weights = index_store.adopted_weights(session)
        snap = self._current
        if snap is not None and snap.stamp == stamp and snap.weights_id == weights_id:
            return snap.index
        with self._lock:
            snap = self._current
            if snap is None:
                snap = self._cold_start(session, weights_id, weights)
            if snap.weights_id != weights_id and not self._rebuild_aside(session):
                snap = _fit(session, weights_id, weights)
            if snap.stamp != stamp:
                snap = _refreshed(session, snap, stamp)
            self._current = snap
        self._maybe_compact()
        return snap.index

    def chapters(self, session: Session) -> list[str]:
        """`mentor_chapters`, queried again only once a chapter or mentor flag changed
        (a login or an edit of anything else keeps the list)."""
        version = current_stamp(session).chapters
        memo = self._chapters
        if memo is None or memo[0] != version:
            memo = self._chapters = (version, index_store.mentor_chapters(session))
        return memo[1]

    def invalidate(self) -> None:
        """Forget the index; the next call fits a new one."""
        with self._lock:
            self._current = self._chapters = None

    def compact_now(self) -> bool:
        """Compact aside and swap; False when there was nothing to compact."""
        base = self._current
        if base is None or not base.index.pending_count:
            return False
        done = base.index.copy().compact()
        self._swap(base, done, base.stamp)
        self.compactions += 1
        return True

    def rebuild_now(self, session: Session) -> None:
        """Fit a new index from the database aside and swap it in."""
        weights_id, weights = index_store.adopted_weights(session)
        snap = _fit(session, weights_id, weights)
        with self._lock:
            # Refreshed meanwhile or not, the rebuild wins: the next get() catches
            # up from its stamp (changes since are read again from the database).
            self._current = snap

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the background worker (tests and commands)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    # ------------------------------------------------------------ internals
    def _cold_start(
        self, session: Session, weights_id: int | None, weights: dict | None
    ) -> Snapshot:
        if self.snapshot_path is not None:
            loaded = index_store.read_index_file(session, self.snapshot_path)
            if loaded is not None:
                index, stamp, saved_weights = loaded
                index.max_pending = NEVER
                return Snapshot(index, stamp, saved_weights)
        return _fit(session, weights_id, weights)

    def _swap(self, base: Snapshot, index: MentorIndex, stamp: Stamp) -> None:
        """Publish `index` (built from `base`): changes published meanwhile are
        read again by the next get(), which refreshes from `stamp`."""
        with self._lock:
            current = self._current
            if current is None:
                return
            weights_id = base.weights_id if current is base else current.weights_id
            if current is not base and current.weights_id != base.weights_id:
                return  # a rebuild won meanwhile; this compaction is stale
            self._current = Snapshot(index, stamp, weights_id)

    def _maybe_compact(self) -> None:
        snap = self._current
        if snap is None or snap.index.pending_count <= self.compact_after:
            return
        if self.background:
            self._start(self.compact_now)
        else:
            self.compact_now()

    def _rebuild_aside(self, session: Session) -> bool:
        """Start a background rebuild (new weights); False when it must be inline."""
        bind = session.get_bind()
        if isinstance(bind, Connection):
            bind = bind.engine
        if not self.background or not _shareable(bind):
            return False
        self._start(lambda: self._rebuild_with(bind))
        return True

    def _rebuild_with(self, bind: Engine) -> None:
        with Session(bind) as session:
            self.rebuild_now(session)

    def _start(self, job: Callable[[], object]) -> None:
        """Run `job` on the worker thread unless one is already running."""
        if self._worker is not None and self._worker.is_alive():
            return
        self._worker = threading.Thread(
            target=_logged, args=(job,), name="mentor-index", daemon=True
        )
        self._worker.start()


def _logged(job: Callable[[], object]) -> None:
    try:
        job()
    except Exception:  # a failed rebuild leaves the current snapshot serving
        log.exception("mentor index maintenance failed")


def _shareable(bind: object) -> bool:
    """An engine another thread can open its own connection on (not in-memory
    SQLite, whose one connection the app's sessions share)."""
    url = getattr(bind, "url", None)
    return url is not None and url.database not in (None, "", ":memory:")


def _fit(session: Session, weights_id: int | None, weights: dict | None) -> Snapshot:
    stamp = current_stamp(session)  # before reading: later commits are caught up
    index = MentorIndex(weights=weights, max_pending=NEVER)
    return Snapshot(index.fit(index_store.all_mentors(session)), stamp, weights_id)


def _refreshed(session: Session, snap: Snapshot, stamp: Stamp) -> Snapshot:
    """The next snapshot: a copy of `snap` with the changes up to `stamp`."""
    index = snap.index.copy()
    index_store.apply_changes(session, index, snap.stamp, stamp)
    return replace(snap, index=index, stamp=stamp)


def compact(cache: IndexCache) -> bool:
    """Compact the cache's index aside and swap it in (for a background job)."""
    return cache.compact_now()


def rebuild(session: Session, cache: IndexCache) -> None:
    """Refit the cache's index from the database aside and swap (background job)."""
    cache.rebuild_now(session)
