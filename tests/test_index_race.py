"""`/matches` from many threads while mentors edit their profiles: no 5xx.

One app, threads each with their own test client (the threaded server's model),
a temporary SQLite file (or PostgreSQL with DATABASE_URL) and a small compaction
threshold, so that background compactions swap snapshots during the run too.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from mentormatch.core.models import Profile
from mentormatch.extensions import db
from mentormatch.suggestions.services.index_cache import IndexCache
from tests.conftest import is_postgres
from tests.factories import TEST_PASSWORD, make_mentee, make_mentor

READERS = 4
PAGES = 40  # per reader
EDITS = 120


@pytest.fixture(params=[0, 0.01], ids=["inline", "refresher"])
def app_config(request, tmp_path: Path) -> dict[str, object]:
    """Pages catch up inline, or read the snapshot a refresher thread publishes."""
    base: dict[str, Any] = {"INDEX_COMPACT_AFTER": 8, "INDEX_BACKGROUND": True}
    base["INDEX_REFRESH_SECONDS"] = request.param
    if is_postgres():
        return base
    return {
        **base,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'race.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30}},
    }


def edit_profiles(app: Flask, mentor_ids: list[int], errors: list[BaseException]):
    with app.app_context():
        try:
            for n in range(EDITS):
                profile = db.session.get(Profile, mentor_ids[n % len(mentor_ids)])
                profile.headline = f"Program lead, edit {n}"
                profile.offers_mentoring = n % 5 != 0
                profile.mentor_capacity = 1 + n % 3
                db.session.commit()
        except BaseException as err:  # judged by the test
            errors.append(err)
        finally:
            db.session.remove()


def read_matches(app: Flask, email: str, codes: list[int]) -> None:
    client = app.test_client()
    client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    for n in range(PAGES):
        codes.append(client.get(f"/matches?page={1 + n % 2}").status_code)


def test_matches_while_profiles_change(app: Flask, session) -> None:
    mentors = [make_mentor(session, chapter=f"C{n % 3}") for n in range(30)]
    mentees = [make_mentee(session) for _ in range(READERS)]
    mentor_ids = [m.user_id for m in mentors]
    emails = [m.email for m in mentees]
    cache: IndexCache = app.extensions["mentor_index"]
    cache.get(session)  # edits then arrive as refreshes of a live index
    session.remove()
    codes: list[int] = []
    errors: list[BaseException] = []
    threads = [threading.Thread(target=edit_profiles, args=(app, mentor_ids, errors))]
    threads += [
        threading.Thread(target=read_matches, args=(app, email, codes))
        for email in emails
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    assert len(codes) == READERS * PAGES
    assert [c for c in codes if c >= 500] == []
    assert set(codes) == {200}
    cache.get(session, fresh=True)  # the last edits: past the threshold, compacted
    cache.wait(60)
    cache.close()
    assert cache.compactions >= 1
    # after the storm the served index agrees with the database
    index = cache.get(session, fresh=True)
    offering = set(
        session.scalars(select(Profile.user_id).where(Profile.offers_mentoring))
    )
    assert set(index.row_of_) == offering
