"""IndexCache: snapshots swapped by reference, compaction aside, saved index files."""

from __future__ import annotations

from pathlib import Path

from mentormatch.matching import Mentee
from mentormatch.suggestions.services import index_cache
from mentormatch.suggestions.services.index_cache import IndexCache
from mentormatch.suggestions.services.index_store import build_index_file
from tests.factories import make_mentor

QUERY = Mentee(10**6, target_certifications=["PgMP"], goals="program management")


def ranked(index) -> list[tuple[int, float]]:
    return [(s.mentor_id, s.score) for s in index.rank(QUERY, k=20)]


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
