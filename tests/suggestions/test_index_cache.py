"""IndexCache: snapshots swapped by reference, compaction aside, saved index files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy import select

import mentormatch.matching.index as index_module
from mentormatch.core.models import Profile
from mentormatch.matching import Mentee, MentorIndex
from mentormatch.suggestions.services import index_cache
from mentormatch.suggestions.services.index_cache import IndexCache
from mentormatch.suggestions.services.index_store import build_index_file
from mentormatch.suggestions.services.recommendations import all_mentors
from tests.factories import make_mentor

QUERY = Mentee(10**6, target_certifications=["PgMP"], goals="program management")
# One whom the factories' mentors may mentor (language, format): rankings not empty.
SPEAKER = Mentee(
    10**6 + 1,
    target_certifications=["PgMP"],
    goals="program management",
    chapter="C1",
    languages=("English",),
    formats=("video",),
)


def ranked(index, query: Mentee = QUERY) -> list[tuple[int, float]]:
    return [(s.mentor_id, s.score) for s in index.rank(query, k=20)]


def test_a_refresh_publishes_a_new_snapshot_and_keeps_the_old_one(session):
    mentors = [make_mentor(session) for _ in range(5)]
    cache = IndexCache()
    first = cache.get(session)
    before = ranked(first)
    mentors[0].profile.offers_mentoring = False
    session.commit()
    second = cache.get(session)
    assert second is not first
    assert ranked(first) == before  # a thread still holding it sees no change
    assert mentors[0].user_id not in {m for m, _ in ranked(second)}
    assert cache.get(session) is second  # nothing changed: same snapshot


def test_compaction_swaps_an_index_that_ranks_the_same(session):
    mentors = [make_mentor(session) for _ in range(6)]
    cache = IndexCache(compact_after=2)
    cache.get(session)
    for n, mentor in enumerate(mentors[:4]):
        mentor.profile.headline = f"Portfolio lead {n}"
        session.commit()
        cache.get(session)
    assert cache.compactions >= 1
    index = cache.get(session)
    assert index.pending_count <= 2
    assert ranked(index) == ranked(index.copy().compact())
    assert not index_cache.compact(cache) or cache.get(session).pending_count == 0


def test_cold_start_loads_the_file_and_applies_newer_changes(session, tmp_path):
    mentors = [make_mentor(session) for _ in range(4)]
    path = tmp_path / "index.joblib"
    build_index_file(session, path)
    mentors[1].profile.offers_mentoring = False
    late = make_mentor(session)
    cache = IndexCache(snapshot_path=path)
    index = cache.get(session)
    assert set(index.row_of_) == {m.user_id for m in mentors} - {mentors[1].user_id} | {
        late.user_id
    }
    fitted = IndexCache().get(session)
    assert ranked(index) == ranked(fitted)


def test_a_file_of_other_data_is_ignored(session, tmp_path: Path):
    make_mentor(session)
    path = tmp_path / "index.joblib"
    path.write_bytes(b"not an index")
    assert set(IndexCache(snapshot_path=path).get(session).row_of_)


def test_build_index_command_writes_the_configured_file(app, session, runner, tmp_path):
    make_mentor(session)
    cache = app.extensions["mentor_index"]
    cache.snapshot_path = tmp_path / "saved.joblib"
    result = runner.invoke(args=["build-index"])
    assert result.exit_code == 0, result.output
    assert "Saved the index of 1 mentors" in result.output
    assert cache.snapshot_path.is_file()


def test_rebuild_service_refits_aside(session):
    make_mentor(session)
    cache = IndexCache()
    first = cache.get(session)
    index_cache.rebuild(session, cache)
    assert cache.get(session) is not first
    assert ranked(cache.get(session)) == ranked(first)


def test_a_batch_of_edits_applies_in_one_swap_and_matches_the_database(
    session, monkeypatch
):
    mentors = [make_mentor(session, chapter=f"C{n % 3}") for n in range(12)]
    cache = IndexCache()
    first = cache.get(session)
    copies, encoded = [], []
    real_copy, real_encode = MentorIndex.copy, index_module.encode
    monkeypatch.setattr(
        MentorIndex,
        "copy",
        lambda self, **kw: copies.append(1) or real_copy(self, **kw),
    )
    monkeypatch.setattr(
        index_module,
        "encode",
        lambda items, *a: encoded.append(len(items)) or real_encode(items, *a),
    )
    # Eight commits, each its own change number: edits, two mentors who stop
    # offering, a chapter move and a new mentor.
    for n, mentor in enumerate(mentors[:4]):
        mentor.profile.years_experience = 3 + n
        mentor.profile.mentor_capacity = n % 2
        session.commit()
    for mentor in mentors[4:6]:
        mentor.profile.offers_mentoring = False
        session.commit()
    mentors[6].profile.chapter = "C9"
    session.commit()
    late = make_mentor(session, years_experience=7)
    refreshes = cache.refreshes

    index = cache.get(session)

    assert cache.refreshes == refreshes + 1  # one published snapshot
    assert len(copies) == 1  # one copy of the row arrays
    assert encoded == [6]  # one encode: 4 edited, 1 moved, 1 new
    assert first.pending_count == 0 and index.pending_count == 6
    offering = session.scalars(
        select(Profile.user_id).where(Profile.offers_mentoring)
    ).all()
    assert (
        set(index.row_of_)
        == set(offering)
        == (
            {m.user_id for m in mentors} - {m.user_id for m in mentors[4:6]}
            | {late.user_id}
        )
    )
    monkeypatch.undo()
    fitted = IndexCache().get(session)  # fitted from the database now
    for name in ("years_", "eligible_", "chapter_", "formats_"):
        here = {i: getattr(index, name)[r] for i, r in index.row_of_.items()}
        there = {i: getattr(fitted, name)[r] for i, r in fitted.row_of_.items()}
        if name == "chapter_":  # codes may differ: compare the names
            here = {i: _chapter_name(index, c) for i, c in here.items()}
            there = {i: _chapter_name(fitted, c) for i, c in there.items()}
        assert here == there, name
    assert len(ranked(fitted, SPEAKER)) >= 5
    assert ranked(index, SPEAKER) == ranked(fitted, SPEAKER)
    assert ranked(index.copy().compact(), SPEAKER) == ranked(fitted, SPEAKER)


def test_update_many_ranks_like_one_update_per_mentor(session):
    mentors = [make_mentor(session) for _ in range(8)]
    base = IndexCache().get(session)
    edited = [
        dataclasses.replace(
            m, years_experience=m.years_experience + n, capacity_left=n % 2
        )
        for n, m in enumerate(all_mentors(session))
    ]
    one_by_one, batched = base.copy(), base.copy()
    for mentor in edited:
        one_by_one.update(mentor)
    batched.update_many(edited)
    assert batched.row_of_.keys() == one_by_one.row_of_.keys()
    assert batched.pending_count == one_by_one.pending_count == len(mentors)
    assert ranked(batched, SPEAKER) == ranked(one_by_one, SPEAKER)
    assert ranked(batched, SPEAKER) != ranked(base, SPEAKER)
    assert ranked(base, SPEAKER)


def _chapter_name(index: MentorIndex, code: int) -> str:
    return {c: name for name, c in index.vocab_.chapters.items()}[int(code)]
