"""Number every committed change to matching data, in commit order.

Each transaction that changes a profile, its certifications or skills, or an
account's active flag records the members it touched, and just before it commits
bumps the ``members`` counter (an UPDATE, so the row lock serialises bumpers until
commit) and writes one ``member_change`` row per member with that number. A reader
that sees counter V can ask "what changed after my last V" with one range scan of
the primary key, and never misses a change that committed late: every number up to
V belongs to a transaction that has already committed. ``updated_at`` cannot do
this, as it is set at flush time, not at commit.

Writes made with raw SQL text are not seen; writes through the ORM and through
``session.execute(update(...)/insert(...)/delete(...))`` are.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import delete, event, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter

from mentormatch.core.models import (
    Profile,
    ProfileCertification,
    ProfileSkill,
    User,
)
from mentormatch.core.models.changes import (
    CHAPTERS,
    EVERYONE,
    MEMBERS,
    PRUNED,
    DataVersion,
    MemberChange,
)

T = TypeVar("T")
_KEY = "mentormatch.changes"
# More members than this in one commit (a seed, an import) is recorded as "everyone".
MAX_ROWS = 1000
# The column naming the member in each watched table.
_WATCHED = {"profile": "user_id", "profile_certification": "user_id"}
_WATCHED |= {"profile_skill": "user_id", "user_account": "id"}
_CHAPTER_FIELDS = ("chapter", "offers_mentoring")
# A no-op UPDATE that only takes a row lock (workflow's lock order) changes nothing:
# pass ``execution_options(**LOCK_ONLY)`` so it neither counts nor serialises commits.
LOCK_OPTION = "mentormatch_lock_only"
LOCK_ONLY = {LOCK_OPTION: True}


@dataclass
class _Pending:
    """What the open transaction changed so far."""

    members: set[int] = field(default_factory=set)
    everyone: bool = False
    chapters: bool = False

    def add(self, ids: Iterable[int] | None) -> None:
        if ids is None:
            self.everyone = True
        else:
            self.members.update(int(i) for i in ids)


@dataclass(frozen=True, slots=True)
class Versions:
    """The committed counters: members, chapters and the pruning horizon."""

    members: int = 0
    chapters: int = 0
    pruned: int = 0


def versions(session: Session) -> Versions:
    """Read every counter: one scan of a three-row table."""
    found = dict(session.execute(select(DataVersion.name, DataVersion.version)).all())
    return Versions(
        int(found.get(MEMBERS, 0)),
        int(found.get(CHAPTERS, 0)),
        int(found.get(PRUNED, 0)),
    )


def changed_members(session: Session, after: int, upto: Versions) -> set[int] | None:
    """Members changed by commits numbered in (after, upto.members]; None when
    everyone must be reloaded (a bulk change, or rows pruned past `after`)."""
    if after < upto.pruned:
        return None
    stmt = select(MemberChange.user_id).where(
        MemberChange.version > after, MemberChange.version <= upto.members
    )
    ids = set(session.scalars(stmt))
    return None if EVERYONE in ids else ids


def prune(session: Session, before: datetime) -> int:
    """Delete change rows older than `before`; a reader behind them reloads all."""
    last = session.scalar(
        select(MemberChange.version)
        .where(MemberChange.at < before)
        .order_by(MemberChange.version.desc())
        .limit(1)
    )
    if last is None:
        return 0
    result = session.execute(delete(MemberChange).where(MemberChange.version <= last))
    session.execute(
        update(DataVersion)
        .where(DataVersion.name == PRUNED, DataVersion.version < last)
        .values(version=last)
    )
    session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


class VersionedMemo(Generic[T]):
    """A value computed from the database, recomputed only when a counter moves.

    Kept per engine, so that apps (and tests) on different databases never share it.
    """

    def __init__(self, counter: str, load: Callable[[Session], T]) -> None:
        self._counter, self._load = counter, load
        self._memo: weakref.WeakKeyDictionary[Engine, tuple[int, T]] = (
            weakref.WeakKeyDictionary()
        )

    def get(self, session: Session, current: Versions | None = None) -> T:
        version = getattr(current or versions(session), self._counter)
        bind = session.get_bind()
        engine = bind if isinstance(bind, Engine) else bind.engine
        memo = self._memo.get(engine)
        if memo is None or memo[0] != version:
            memo = (version, self._load(session))
            self._memo[engine] = memo
        return memo[1]


def _pending(session: Session) -> _Pending:
    found: _Pending = session.info.setdefault(_KEY, _Pending())
    return found


def _changed(obj: Any, *names: str) -> bool:
    from sqlalchemy import inspect

    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


_USER_FIELDS = ("is_active", "email_verified_at")


def _login_flag_changed(user: User) -> bool:
    """Whether "has ever logged in" (which the engine reads) flipped: the first
    login does, later ones do not."""
    from sqlalchemy import inspect

    history: Any = inspect(user).attrs["last_login_at"].history
    if not history.has_changes():
        return False
    if not history.deleted:  # the old value was not loaded: assume it flipped
        return True
    return (history.deleted[0] is None) != (user.last_login_at is None)


def _member_of(obj: Any, *, dirty: bool) -> int | None:
    """The member whose matching data `obj`'s flush changed, if any."""
    if isinstance(obj, User):  # a new account has no profile yet
        # the account columns the index reads (recommendations._MENTOR_COLUMNS)
        matters = _changed(obj, *_USER_FIELDS) or _login_flag_changed(obj)
        return obj.user_id if dirty and matters else None
    if isinstance(obj, Profile | ProfileCertification | ProfileSkill):
        return obj.user_id
    return None


def _collect(session: Session, _context: Any) -> None:
    """after_flush: note the members whose matching data the flush changed."""
    dirty = {obj for obj in session.dirty if session.is_modified(obj)}
    deleted = [o for o in session.deleted if isinstance(o, User | Profile)]
    for obj in (*session.new, *dirty, *deleted):
        member = _member_of(obj, dirty=obj in dirty)
        if isinstance(obj, User) and obj in deleted:
            member = obj.user_id
        if member is None:
            continue
        pending = _pending(session)
        pending.members.add(member)
        if isinstance(obj, Profile) and (
            obj not in dirty or _changed(obj, *_CHAPTER_FIELDS)
        ):
            pending.chapters = True


def _statement_ids(state: ORMExecuteState, column: str) -> set[int] | None:
    """The member ids a Core write names, from its parameters or WHERE clause;
    None when it cannot tell (then every member counts as changed)."""
    params: Any = state.parameters
    rows = params if isinstance(params, list) else [params] if params else []
    if rows and all(column in row for row in rows):
        return {int(row[column]) for row in rows}
    where = getattr(state.statement, "whereclause", None)
    ids: set[int] = set()
    for node in visitors.iterate(where) if where is not None else ():
        if not isinstance(node, BinaryExpression) or not isinstance(
            node.right, BindParameter
        ):
            continue
        if getattr(node.left, "name", None) != column:
            continue
        value: Any = node.right.effective_value
        if node.operator is operators.eq:
            ids.add(int(value))
        elif node.operator is operators.in_op:
            ids.update(int(v) for v in value or ())
    return ids or None


def _core_write(state: ORMExecuteState) -> None:
    """do_orm_execute: note the members an INSERT/UPDATE/DELETE statement touches."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    if state.execution_options.get(LOCK_OPTION):  # a row lock, not a change
        return
    name = str(getattr(getattr(state.statement, "table", None), "name", ""))
    column = _WATCHED.get(name)
    if column is None or (state.is_insert and name == "user_account"):
        return
    pending = _pending(state.session)
    pending.add(_statement_ids(state, column))
    if name == "profile":
        values = getattr(state.statement, "_values", None) or {}
        keys = {getattr(k, "key", k) for k in values}
        touches = bool(keys & set(_CHAPTER_FIELDS)) or not values
        pending.chapters |= touches or not state.is_update


def _bump(session: Session, name: str) -> int:
    stmt = (
        update(DataVersion)
        .where(DataVersion.name == name)
        .values(version=DataVersion.version + 1)
        .returning(DataVersion.version)
    )
    version = session.scalar(stmt)
    if version is None:  # a database made before the counters: start them
        session.execute(insert(DataVersion).values(name=name, version=1))
        version = 1
    return int(version)


def _stamp(session: Session) -> None:
    """before_commit: number this transaction's changes as late as possible."""
    if _KEY not in session.info and not (
        session.new or session.dirty or session.deleted
    ):
        return
    session.flush()
    pending: _Pending | None = session.info.pop(_KEY, None)
    if pending is None or not (pending.members or pending.everyone):
        return
    version = _bump(session, MEMBERS)  # lock order: members, then chapters
    members = pending.members if len(pending.members) <= MAX_ROWS else set()
    if pending.everyone or not members:
        members = {EVERYONE}
    session.execute(
        insert(MemberChange), [{"version": version, "user_id": m} for m in members]
    )
    if pending.chapters or pending.everyone:
        _bump(session, CHAPTERS)


def _forget(session: Session, transaction: SessionTransaction) -> None:
    """after_transaction_end: a rolled-back transaction's changes never happened."""
    if transaction.parent is None:
        session.info.pop(_KEY, None)


def install() -> None:
    """Listen on every Session (idempotent)."""
    for name, fn in (
        ("after_flush", _collect),
        ("do_orm_execute", _core_write),
        ("before_commit", _stamp),
        ("after_transaction_end", _forget),
    ):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)
