"""Copy-on-write snapshots: ranking threads and a writer share no mutable state."""

from __future__ import annotations

import dataclasses
import threading

import numpy as np

from mentormatch.matching import Mentee, Mentor, MentorIndex
from mentormatch.matching.catalog import CERTIFICATION_CODES, SKILL_NAMES
from mentormatch.matching.rows import RowMap

ZONES = ("Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo", "")
WORDS = "agile scrum risk schedule stakeholder budget vendor pmo kanban exam".split()


def people(n: int, seed: int, start: int = 1) -> list[Mentor]:
    rng = np.random.default_rng(seed)
    return [
        Mentor(
            start + i,
            list(rng.choice(CERTIFICATION_CODES, rng.integers(0, 3), replace=False)),
            list(rng.choice(SKILL_NAMES, rng.integers(0, 4), replace=False)),
            " ".join(rng.choice(WORDS, 6)),
            float(rng.integers(0, 30)),
            str(rng.choice(["Berlin", "London", "Paris", ""])),
            str(rng.choice(ZONES)),
            ["English"] + (["German"] if rng.random() < 0.3 else []),
            [str(rng.choice(["video", "in_person", "async"]))],
            capacity_left=int(rng.integers(0, 3)),
        )
        for i in range(n)
    ]


def mentees(n: int, seed: int) -> list[Mentee]:
    rng = np.random.default_rng(seed)
    return [
        Mentee(
            10**6 + i,
            certifications=[],
            target_certifications=[str(rng.choice(["PMP", "CAPM", "PgMP"]))],
            skills_wanted=list(rng.choice(SKILL_NAMES, 2, replace=False)),
            goals=" ".join(rng.choice(WORDS, 4)),
            years_experience=float(rng.integers(0, 15)),
            chapter=str(rng.choice(["Berlin", "London"])),
            timezone=str(rng.choice(ZONES)),
            languages=("English",),
            formats=("video",),
        )
        for i in range(n)
    ]


def ranked(index: MentorIndex, queries: list[Mentee]) -> list[list[tuple]]:
    return [[(s.mentor_id, s.score) for s in index.rank(q, k=10)] for q in queries]


def arrays(index: MentorIndex) -> dict[str, np.ndarray]:
    """Every row array and matrix buffer of an index, copied."""
    out = {f"row.{k}": v[: index._rows.n].copy() for k, v in index._rows.data.items()}
    for name in ("mentor_rows_", "mentor_matrix_"):
        m = getattr(index, name)
        out.update({f"{name}.{a}": getattr(m, a).copy() for a in ("data", "indices")})
    return out


def test_changing_a_copy_leaves_the_original_untouched() -> None:
    base = MentorIndex().fit(people(400, seed=1))
    queries = mentees(20, seed=2)
    before, buffers = ranked(base, queries), arrays(base)
    ids = dict(base.row_of_)
    copy = base.copy()
    for mentor in people(300, seed=3, start=200):  # updates and additions
        copy.update(dataclasses.replace(mentor, capacity_left=2))
    for mentor_id in range(1, 50):
        copy.remove(mentor_id)
    copy.compact()
    assert ranked(base, queries) == before
    assert base.row_of_ == ids and base.pending_count == 0
    for name, value in arrays(base).items():
        assert np.array_equal(value, buffers[name]), name
    assert ranked(copy, queries) != before


def test_copy_ranks_like_an_index_changed_in_place() -> None:
    changes = people(150, seed=4, start=100)
    in_place = MentorIndex().fit(people(300, seed=5))
    copy = in_place.copy()
    for mentor in changes:
        in_place.update(mentor)
        copy.update(mentor)
    queries = mentees(15, seed=6)
    assert ranked(copy, queries) == ranked(in_place, queries)
    assert ranked(copy.copy().compact(), queries) == ranked(in_place, queries)


def test_rank_while_a_writer_publishes_snapshots() -> None:
    """Thousands of ranks on snapshots while another thread copies, updates,
    removes, compacts and swaps: no error, and every answer is consistent."""
    base = MentorIndex(max_pending=10**9).fit(people(3000, seed=7))
    first = base
    expected = ranked(first, mentees(5, seed=8))
    current = [base]
    changes = people(2000, seed=9, start=2500)
    done = threading.Event()
    errors: list[BaseException] = []
    reads = [0]
    read_since = threading.Event()  # a reader answered since the writer cleared it

    def write() -> None:
        try:
            for n, mentor in enumerate(changes):
                if (
                    n % 20 == 0
                ):  # let readers in between writes, however fast copies are
                    read_since.clear()
                    read_since.wait(timeout=30)
                nxt = current[0].copy()
                nxt.update(mentor)
                if n % 7 == 0 and (n + 1) in nxt.row_of_:
                    nxt.remove(n + 1)
                if n % 400 == 399:
                    nxt.compact()
                current[0] = nxt  # publish: one reference assignment
        except BaseException as err:  # judged below
            errors.append(err)
        finally:
            done.set()

    def read(seed: int) -> None:
        queries = mentees(30, seed=seed)
        try:
            while not done.is_set():
                for q in queries:
                    snap = current[0]
                    got = snap.rank(q, k=10)
                    scores = [s.score for s in got]
                    assert scores == sorted(scores, reverse=True)
                    assert all(s.mentor_id in snap.row_of_ for s in got)
                    assert snap.explain(q, got[0].mentor_id).score == got[0].score
                    reads[0] += 1
                    read_since.set()
        except BaseException as err:  # judged below
            errors.append(err)

    threads = [threading.Thread(target=write)]
    threads += [threading.Thread(target=read, args=(s,)) for s in (10, 11, 12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert errors == []
    assert reads[0] >= len(changes) // 20  # readers ran between the writes
    assert ranked(first, mentees(5, seed=8)) == expected


def test_a_row_map_acts_as_a_dict_and_its_copies_are_independent() -> None:
    rng = np.random.default_rng(13)
    model = {int(i): int(i) * 2 for i in range(200)}
    rows = RowMap(dict(model))
    saved: list[tuple[RowMap, dict[int, int]]] = []
    for step in range(2000):
        key = int(rng.integers(0, 300))
        action = rng.random()
        if action < 0.4:
            rows[key] = model[key] = step
        elif action < 0.8:
            assert (key in rows) == (key in model)
            if key in model:
                del rows[key], model[key]
        elif action < 0.85:
            saved.append((rows.copy(), dict(model)))
        assert rows.get(key) == model.get(key)
    assert dict(rows) == model and len(rows) == len(model)
    for copy, then in saved:  # later changes never reached an earlier copy
        assert dict(copy) == then and len(copy) == len(then)


def built_afresh(index: MentorIndex) -> dict[str, np.ndarray]:
    store = index._rows.copy()
    store._tables = None
    return store.tables()


def test_tables_extended_by_updates_equal_tables_built_afresh() -> None:
    base = MentorIndex().fit(people(300, seed=14))
    first = base._rows.tables()
    copy = base.copy()
    for years in (3.0, 77.5):  # a years value already known, then a new one
        edits = people(40, seed=int(years), start=281)  # 20 updates, 20 additions
        copy.update_many(
            [dataclasses.replace(m, years_experience=years) for m in edits]
        )
        grown, fresh = copy._rows.tables(), built_afresh(copy)
        assert len(grown["tzfmt"]) == len(copy._rows.combo_keys) > len(first["tzfmt"])
        assert set(grown) == set(fresh)
        for name, values in fresh.items():
            assert np.array_equal(grown[name], values), (years, name)
    assert base._rows.tables() is first  # the original's tables are untouched
