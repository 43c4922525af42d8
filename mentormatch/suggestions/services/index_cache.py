"""The per-process mentor index: immutable snapshots, swapped by reference.

Ranking threads take ``cache.get(session)`` and use that snapshot for as long as
they like: nothing ever changes a published ``MentorIndex``. A refresh copies the
small per-row arrays once (``MentorIndex.copy``), applies every change committed
since the last snapshot to the copy in one batch (one encode of all changed
mentors, ``MentorIndex.update_many``) and publishes it; compaction and full
rebuilds run on a background thread that builds the next index aside and swaps
it in, never inside a page.

Serving processes (``refresh_every`` set, the web app's default) refresh on a
thread of their own that polls the change counter every ``refresh_every``
seconds: a page only reads the published snapshot, with no query and no
re-encoding. A page then sees a change at most ``refresh_every`` plus one
refresh after it committed (0.5 s plus about 15 ms of CPU at 100k mentors;
well under a second). Commands and background jobs that must see every commit
so far pass ``fresh=True``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from mentormatch.matching import MentorIndex
from mentormatch.suggestions.services import index_store
from mentormatch.suggestions.services.index_store import Stamp, current_stamp

# Longest wait between refresh attempts while the database keeps failing.
RETRY_AT_MOST = 30.0
log = logging.getLogger(__name__)

INDEX_FILE = "mentor-index.joblib"
"""Name of the saved index in the instance folder (`flask build-index`)."""

COMPACT_AFTER = 1024
"""Pending (added or updated) rows that make the cache compact its index."""

NEVER = 2**62  # max_pending of cache-owned indexes: the cache decides when to compact

REFRESH_EVERY = 0.5
"""Seconds between two polls of the change counter by a serving process."""


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
    refresh_every : float, optional
        Poll the change counter on a thread every this many seconds and let
        ``get`` return the published snapshot without asking the database (the
        web app). None: ``get`` catches up inline (commands, tests).
    """

    def __init__(
        self,
        *,
        background: bool = False,
        snapshot_path: str | Path | None = None,
        compact_after: int = COMPACT_AFTER,
        refresh_every: float | None = None,
    ) -> None:
        self._lock = threading.Lock()  # writers only: readers never wait
        self._published = threading.Condition(self._lock)
        self._current: Snapshot | None = None
        self._chapters: tuple[int, list[str]] | None = None
        self._worker: threading.Thread | None = None
        self._refresher: threading.Thread | None = None
        self._refresher_pid = 0  # a forked child starts its own
        self._stop = threading.Event()
        self.background = background
        self.snapshot_path = Path(snapshot_path) if snapshot_path else None
        self.compact_after = compact_after
        self.refresh_every = refresh_every
        self.compactions = 0  # swapped-in compactions, for tests and logs
        self.refreshes = 0  # snapshots published by refreshes (one per batch)

    @property
    def snapshot(self) -> Snapshot | None:
        """The published snapshot (None before the first ``get``)."""
        return self._current

    def get(self, session: Session, *, fresh: bool = False) -> MentorIndex:
        """The index to rank with.

        While this process's refresher runs, the published snapshot as it is (no
        query; at most ``refresh_every`` plus one refresh behind the database).
        Otherwise, or with `fresh`, the index with every change committed so far
        (refit with the adopted learned weights when they change); the first call
        without `fresh` starts the refresher when ``refresh_every`` is set.
        """
        snap = self._current
        if snap is not None and not fresh and self.refreshing:
            return snap.index
        index = self.refresh(session)
        if not fresh:
            self._start_refresher(session)
        return index

    def refresh(self, session: Session) -> MentorIndex:
        """Catch up with the database now: one copy of the current snapshot with
        every change since it applied as one batch, published if anything moved."""
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
            if snap.stamp != stamp and snap.stamp.members <= stamp.members:
                # (a newer stamp published meanwhile by another refresher stays)
                snap = _refreshed(session, snap, stamp)
                self.refreshes += 1
            self._publish(snap)
        self._maybe_compact(session)
        return snap.index

    @property
    def refreshing(self) -> bool:
        """Whether this process's refresher thread is running."""
        thread = self._refresher
        return (
            thread is not None
            and self._refresher_pid == os.getpid()
            and thread.is_alive()
        )

    def wait_for(self, stamp: Stamp, timeout: float) -> bool:
        """Block until a snapshot at `stamp` or later is published (tests and
        commands that must see a commit); False after `timeout` seconds."""
        with self._published:
            return self._published.wait_for(
                lambda: (
                    self._current is not None
                    and self._current.stamp.members >= stamp.members
                ),
                timeout,
            )

    def close(self) -> None:
        """Stop the refresher (and wait for it); the next ``get`` catches up inline
        and starts a new one."""
        self._stop.set()
        thread = self._refresher
        if thread is not None and thread is not threading.current_thread():
            thread.join(30)
        self._refresher = None

    def chapters(self, session: Session) -> list[str]:
        """`mentor_chapters`, queried again only once a chapter or mentor flag changed
        (a login or an edit of anything else keeps the list). While the refresher
        runs, the chapter counter is the published snapshot's (no query)."""
        snap = self._current
        if snap is not None and self.refreshing:
            version = snap.stamp.chapters
        else:
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
            # Refreshed meanwhile or not, the rebuild wins: the next refresh catches
            # up from its stamp (changes since are read again from the database).
            self._publish(snap)

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

    def _publish(self, snap: Snapshot) -> None:
        """Swap in `snap` (holding the lock) and wake ``wait_for``."""
        self._current = snap
        self._published.notify_all()

    def _swap(self, base: Snapshot, index: MentorIndex, stamp: Stamp) -> None:
        """Publish `index` (built from `base`): changes published meanwhile are
        read again by the next refresh, which catches up from `stamp`."""
        with self._lock:
            current = self._current
            if current is None:
                return
            weights_id = base.weights_id if current is base else current.weights_id
            if current is not base and current.weights_id != base.weights_id:
                return  # a rebuild won meanwhile; this compaction is stale
            self._publish(Snapshot(index, stamp, weights_id))

    def _maybe_compact(self, session: Session) -> None:
        snap = self._current
        if snap is None or snap.index.pending_count <= self.compact_after:
            return
        bind = _engine(session)
        if self.background and _shareable(bind):
            self._start(lambda: self._compact_with(bind))
        else:
            self.compact_now()

    def _compact_with(self, bind: Engine) -> None:
        """Compact aside, catch the result up with the refreshes published
        meanwhile (read from the database), then swap: the served data never
        goes back in time."""
        base = self._current
        if base is None or not base.index.pending_count:
            return
        done, stamp = base.index.copy().compact(), base.stamp
        while True:
            with self._lock:
                current = self._current
                if current is None or current.weights_id != base.weights_id:
                    return  # invalidated, or a rebuild won meanwhile
                if current.stamp == stamp:
                    self._publish(Snapshot(done.prepared(), stamp, base.weights_id))
                    self.compactions += 1
                    return
                target = current.stamp
            with Session(bind) as session:
                index_store.apply_changes(session, done, stamp, target)
            stamp = target

    def _rebuild_aside(self, session: Session) -> bool:
        """Start a background rebuild (new weights); False when it must be inline."""
        bind = _engine(session)
        if not self.background or not _shareable(bind):
            return False
        self._start(lambda: self._rebuild_with(bind))
        return True

    def _start_refresher(self, session: Session) -> None:
        """Start polling the change counter on a thread (once per process)."""
        every = self.refresh_every
        bind = _engine(session)
        if not every or every <= 0 or self.refreshing or not _shareable(bind):
            return
        with self._lock:
            if self.refreshing:
                return
            self._stop = threading.Event()
            self._refresher = threading.Thread(
                target=self._poll,
                args=(bind, every, self._stop),
                name="mentor-index-refresh",
                daemon=True,
            )
            self._refresher_pid = os.getpid()
            self._refresher.start()

    def _poll(self, bind: Engine, every: float, stop: threading.Event) -> None:
        """The refresher: catch up every `every` seconds until `stop` is set; after a
        failure wait twice as long each time (up to `RETRY_AT_MOST` seconds), so a
        database that is away is not polled, and logged, many times a second."""
        wait = every
        while not stop.wait(wait):
            try:
                with Session(bind) as session:
                    self.refresh(session)
            except Exception:  # the last snapshot keeps serving; try again later
                wait = min(wait * 2, RETRY_AT_MOST)
                log.exception("mentor index refresh failed; next try in %.1f s", wait)
            else:
                wait = every

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


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind  # type: ignore[return-value]


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
    """The next snapshot: one copy of `snap` with all changes up to `stamp`
    applied as one batch, its lazily built tables ready before it is published."""
    index = snap.index.copy(spare=max(64, stamp.members - snap.stamp.members))
    index_store.apply_changes(session, index, snap.stamp, stamp)
    return replace(snap, index=index.prepared(), stamp=stamp)


def compact(cache: IndexCache) -> bool:
    """Compact the cache's index aside and swap it in (for a background job)."""
    return cache.compact_now()


def rebuild(session: Session, cache: IndexCache) -> None:
    """Refit the cache's index from the database aside and swap (background job)."""
    cache.rebuild_now(session)
