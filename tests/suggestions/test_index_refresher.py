"""The refresher thread: pages read the published index, a thread catches it up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select

from mentormatch.core.models import Profile
from mentormatch.extensions import db
from mentormatch.suggestions.services.index_cache import IndexCache
from mentormatch.suggestions.services.index_store import current_stamp
from tests.conftest import is_postgres
from tests.factories import make_mentee, make_mentor


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, object]:
    base: dict[str, Any] = {"INDEX_REFRESH_SECONDS": 0.01}
    if is_postgres():
        return base
    return {  # a file: the refresher opens its own connection
        **base,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'refresh.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30}},
    }


@pytest.fixture
def cache(app: Flask) -> Iterator[IndexCache]:
    found: IndexCache = app.extensions["mentor_index"]
    yield found
    found.close()  # before the app fixture drops the tables


def queries_during(fn) -> int:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_pages_read_the_snapshot_and_the_thread_applies_edits(
    cache: IndexCache, session
) -> None:
    mentors = [make_mentor(session, chapter=f"C{n % 2}") for n in range(6)]
    first = cache.get(session)
    assert cache.refreshing
    assert queries_during(lambda: cache.get(session)) == 0
    assert queries_during(lambda: cache.chapters(session)) <= 1  # the list, once
    assert queries_during(lambda: cache.chapters(session)) == 0

    for n, mentor in enumerate(mentors[:3]):
        mentor.profile.years_experience = 2 + n
        session.commit()
    mentors[3].profile.offers_mentoring = False
    session.commit()
    assert cache.wait_for(current_stamp(session), timeout=60)

    index = cache.get(session)
    assert index is not first
    offering = set(
        session.scalars(select(Profile.user_id).where(Profile.offers_mentoring))
    )
    assert (
        set(index.row_of_)
        == offering
        == {m.user_id for m in mentors} - {mentors[3].user_id}
    )
    years = {m.user_id: index.years_[index.row_of_[m.user_id]] for m in mentors[:3]}
    assert years == {m.user_id: 2 + n for n, m in enumerate(mentors[:3])}
    assert first.years_[first.row_of_[mentors[0].user_id]] == 15  # old one unchanged


def test_a_page_still_sees_every_edit_with_fresh(cache: IndexCache, session) -> None:
    make_mentor(session)
    cache.get(session)
    late = make_mentor(session)
    assert late.user_id in cache.get(session, fresh=True).row_of_


def test_the_matches_page_shows_a_new_mentor_once_the_thread_applied_it(
    cache: IndexCache, client, session, login
) -> None:
    make_mentor(session, display_name="Early Mentor")
    mentee = make_mentee(session)
    cache.get(session)
    login(mentee.email)
    assert b"Early Mentor" in client.get("/matches").data
    make_mentor(session, display_name="Late Mentor")
    assert cache.wait_for(current_stamp(session), timeout=60)
    page = client.get("/matches")
    assert page.status_code == 200
    assert b"Late Mentor" in page.data


def test_close_stops_the_thread(cache: IndexCache, session) -> None:
    make_mentor(session)
    cache.get(session)
    assert cache.refreshing
    cache.close()
    assert not cache.refreshing


def test_the_refresher_backs_off_while_refreshing_fails(app, monkeypatch) -> None:
    """A database that is away is retried less and less often, and once a refresh
    works again the thread polls at its usual pace."""
    cache = IndexCache(background=False, refresh_every=0.5)
    outcomes = iter([False, False, False, False, False, False, False, True, False])

    def refresh(_session) -> None:
        if not next(outcomes):
            raise RuntimeError("database away")

    class Stop:  # records each wait instead of waiting
        def __init__(self) -> None:
            self.waits: list[float] = []

        def wait(self, timeout: float) -> bool:
            self.waits.append(timeout)
            return len(self.waits) > 9

    monkeypatch.setattr(cache, "refresh", refresh)
    stop = Stop()
    cache._poll(db.engine, 0.5, stop)  # type: ignore[arg-type]
    assert stop.waits == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 0.5, 1.0]
