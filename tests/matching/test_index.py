"""Tests of MentorIndex: ranking, hard rules, reasons, persistence, updates."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentormatch.matching import (
    IndexVersionError,
    Mentee,
    Mentor,
    MentorIndex,
    NotFittedError,
    RankFilters,
)
from mentormatch.matching.catalog import CERTIFICATION_CODES, SKILL_NAMES

ADA = Mentor(
    1,
    ["PMP", "PgMP"],
    ["risk management", "leadership"],
    "Led an agile transformation, scrum coaching, PMO setup",
    15,
    "Berlin",
    "Europe/Berlin",
    ["English", "German"],
    ["video"],
)
BOB = Mentor(
    2,
    ["PMP"],
    ["scheduling"],
    "Construction schedules and claims",
    8,
    "London",
    "Europe/London",
    ["English"],
    ["async", "video"],
)
CLE = Mentor(3, ["CAPM"], [], "", 1, "", "", ["French"], [])
DAN = Mentor(
    4,
    ["PMP", "PMI-ACP"],
    ["agile/scrum", "coaching"],
    "Scrum master and agile coach for software teams",
    12,
    "Berlin",
    "Europe/Berlin",
    ["English"],
    ["video", "in_person"],
    capacity_left=0,
)
EVE = Mentor(
    5,
    ["PMP", "PMI-ACP"],
    ["agile/scrum", "coaching"],
    "Scrum master and agile coach for software teams",
    12,
    "Paris",
    "Europe/Paris",
    ["English"],
    ["video"],
    active=False,
)
MENTORS = [ADA, BOB, CLE, DAN, EVE]
SEEKER = Mentee(
    10,
    ["PMP"],
    ["PgMP"],
    ["risk", "leadership", "kanban"],
    "Move from waterfall to agile and step up to program management",
    5,
    "Berlin",
    "Europe/Paris",
    ["en"],
    ["video"],
)


def ids(suggestions) -> list[int]:
    return [s.mentor_id for s in suggestions]


def test_rank_exact_on_toy_profiles() -> None:
    result = MentorIndex().fit(MENTORS).rank(SEEKER)
    assert ids(result) == [1, 2]
    assert "Holds PgMP, which you are aiming for" in result[0].reasons
    assert 0 <= result[1].score <= result[0].score <= 1


def test_rank_before_fit_raises_not_fitted() -> None:
    with pytest.raises(NotFittedError):
        MentorIndex().rank(SEEKER)


def test_fit_returns_self_and_twice_equals_once() -> None:
    index = MentorIndex()
    assert index.fit([CLE]) is index
    again = index.fit(MENTORS).rank(SEEKER)
    assert again == MentorIndex().fit(MENTORS).rank(SEEKER)


def test_rank_independent_of_input_order() -> None:
    forward = MentorIndex().fit(MENTORS).rank(SEEKER)
    backward = MentorIndex().fit(MENTORS[::-1]).rank(SEEKER)
    assert forward == backward


def test_rank_ties_broken_by_mentor_id() -> None:
    twins = [
        Mentor(i, ["PMP"], ["quality"], "quality audits", 10, "", "UTC", ["English"])
        for i in (9, 3, 7)
    ]
    mentee = Mentee(1, languages=["English"], skills_wanted=["quality"])
    assert ids(MentorIndex().fit(twins).rank(mentee)) == [3, 7, 9]


def test_fit_rejects_duplicate_ids_and_wrong_types() -> None:
    with pytest.raises(ValueError):
        MentorIndex().fit([ADA, ADA])
    with pytest.raises(TypeError):
        MentorIndex().fit([SEEKER])  # type: ignore[list-item]


def test_rank_odd_inputs_never_crash() -> None:
    odd = Mentor(
        8,
        ["XYZ", ""],
        ["juggling"],
        "",
        float("nan"),
        "",
        "Mars/Olympus",
        ["", "Klingon"],
        ["telepathy"],
    )
    index = MentorIndex().fit([odd])
    mentee = Mentee(9, ["??"], ["nope"], [""], "", -3, "", "Bad/Zone", ["Klingon"])
    (only,) = index.rank(mentee, k=5)
    assert only.mentor_id == 8 and 0 <= only.score <= 1
    assert index.rank(mentee, k=0) == []
    assert MentorIndex().fit([]).rank(mentee) == []
    assert MentorIndex().fit([Mentor(1)]).rank(Mentee(2)) == []  # no language


def test_rank_k_larger_than_n_and_offset_pages() -> None:
    index = MentorIndex().fit(MENTORS)
    everything = index.rank(SEEKER, k=100)
    assert ids(index.rank(SEEKER, k=1)) + ids(index.rank(SEEKER, k=1, offset=1)) == ids(
        everything
    )


def test_rank_filters_applied_as_masks() -> None:
    index = MentorIndex().fit(MENTORS)
    assert ids(index.rank(SEEKER, filters=RankFilters(certification="PgMP"))) == [1]
    assert ids(index.rank(SEEKER, filters=RankFilters(chapter="london"))) == [2]
    assert ids(index.rank(SEEKER, filters=RankFilters(format="async"))) == [2]
    assert ids(index.rank(SEEKER, filters=RankFilters(skill="nope"))) == []
    assert ids(index.rank(SEEKER, filters=RankFilters(max_timezone_hours=0))) == [1]


def test_score_all_marks_infeasible_as_minus_inf() -> None:
    got_ids, scores = MentorIndex().fit(MENTORS).score_all(SEEKER)
    assert got_ids.tolist() == [1, 2, 3, 4, 5]
    assert np.isneginf(scores[2:]).all() and (scores[:2] > 0).all()


def test_save_load_round_trip(tmp_path: Path) -> None:
    index = MentorIndex().fit(MENTORS)
    index.save(tmp_path / "ix.joblib")
    loaded = MentorIndex.load(tmp_path / "ix.joblib")
    assert loaded.rank(SEEKER) == index.rank(SEEKER)


def test_load_rejects_other_format_version(tmp_path: Path) -> None:
    import joblib

    joblib.dump({"format_version": -1, "index": None}, tmp_path / "old.joblib")
    with pytest.raises(IndexVersionError, match="format version"):
        MentorIndex.load(tmp_path / "old.joblib")


def test_add_update_remove_match_full_refit() -> None:
    index = MentorIndex(max_pending=1).fit([ADA, CLE])
    index.add(BOB)
    assert ids(index.rank(SEEKER)) == [1, 2]
    index.update(Mentor(1, active=False, languages=["English"]))
    index.add(Mentor(6, ["PgMP"], [], "", 20, languages=["English"]))
    index.remove(2)
    assert ids(index.rank(SEEKER)) == [6]
    with pytest.raises(KeyError):
        index.remove(2)
    with pytest.raises(ValueError):
        index.add(CLE)


def test_add_then_rank_equals_fit_with_same_vocabulary() -> None:
    index = MentorIndex().fit(MENTORS)
    grown = MentorIndex().fit(MENTORS[:2])
    for mentor in MENTORS[2:]:
        grown.add(mentor)
    assert ids(grown.rank(SEEKER)) == ids(index.rank(SEEKER))


def test_import_is_pure() -> None:
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys; import mentormatch.matching;"
        "bad = {'flask', 'sqlalchemy', 'mentormatch.core.models'} & set(sys.modules);"
        "print(sorted(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


# ---------------------------------------------------------------- properties
LANGS = ["English", "German", "Spanish"]
mentor_st = st.builds(
    Mentor,
    id=st.integers(1, 40),
    certifications=st.lists(
        st.sampled_from([*CERTIFICATION_CODES, "BOGUS"]), max_size=3
    ),
    skills=st.lists(st.sampled_from(SKILL_NAMES), max_size=4),
    expertise=st.sampled_from(["", "agile coach", "PMO lead, governance", "risk"]),
    years_experience=st.integers(0, 30),
    chapter=st.sampled_from(["", "Berlin", "Lagos"]),
    timezone=st.sampled_from(["", "UTC", "Asia/Tokyo", "Europe/Berlin", "Nope/X"]),
    languages=st.lists(st.sampled_from(LANGS), max_size=2),
    formats=st.lists(st.sampled_from(["video", "async", "in_person"]), max_size=2),
    capacity_left=st.integers(0, 2),
    active=st.booleans(),
)
mentee_st = st.builds(
    Mentee,
    id=st.integers(1, 40),
    target_certifications=st.lists(st.sampled_from(CERTIFICATION_CODES), max_size=2),
    skills_wanted=st.lists(st.sampled_from(SKILL_NAMES), max_size=3),
    goals=st.sampled_from(["", "agile transformation", "pass the PMP", "lead a PMO"]),
    years_experience=st.integers(0, 20),
    timezone=st.sampled_from(["", "UTC", "America/New_York"]),
    languages=st.lists(st.sampled_from(LANGS), max_size=2),
    formats=st.lists(st.sampled_from(["video", "async"]), max_size=2),
    exclude_ids=st.lists(st.integers(1, 40), max_size=5),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(mentor_st, max_size=12, unique_by=lambda m: m.id), mentee_st)
def test_rank_never_breaks_hard_rules(mentors: list[Mentor], mentee: Mentee) -> None:
    by_id = {m.id: m for m in mentors}
    result = MentorIndex().fit(mentors).rank(mentee, k=50)
    scores = [s.score for s in result]
    assert scores == sorted(scores, reverse=True)
    for s in result:
        m = by_id[s.mentor_id]
        assert m.active and m.capacity_left > 0 and m.id != mentee.id
        assert m.id not in mentee.exclude_ids
        assert set(m.languages) & set(mentee.languages)
        assert 0 <= s.score <= 1 and abs(sum(s.parts.values()) - s.score) < 1e-5
        check_reasons(s.reasons, m, mentee)


def check_reasons(reasons: tuple[str, ...], m: Mentor, e: Mentee) -> None:
    """Each reason must be literally true of the pair."""
    for reason in reasons:
        if match := re.match(r"Holds (.+?), ", reason):
            for code in re.split(r", | and ", match.group(1)):
                assert code in m.certifications
        elif reason.startswith("Offers"):
            offered = (
                reason.split(": ")[-1] if ":" in reason else reason[7:].split(",")[0]
            )
            for skill in offered.split(", "):
                assert skill in m.skills and skill in e.skills_wanted
        elif match := re.match(r"(\d+) more years?", reason):
            assert round(m.years_experience - e.years_experience) == int(match.group(1))
        elif reason == "Same chapter":
            assert m.chapter and m.chapter.lower() == e.chapter.lower()
        elif reason.startswith("You both accept async"):  # no formats = any format
            assert "async" in (m.formats or ["async"]) and "async" in (
                e.formats or ["async"]
            )


def test_explain_matches_rank_and_refuses_forbidden_pairs() -> None:
    from mentormatch.matching.pair import explain_pair

    index = MentorIndex().fit(MENTORS)
    ranked = {s.mentor_id: s for s in index.rank(SEEKER, k=10)}
    assert index.explain(SEEKER, 1) == ranked[1]
    assert explain_pair(index, SEEKER, 2) == ranked[2]
    assert index.explain(SEEKER, 4) is None  # no capacity left
    assert index.explain(SEEKER, 99) is None  # not indexed
    excluded = Mentee(10, languages=["English"], exclude_ids=[1])
    assert index.explain(excluded, 1) is None


def test_goal_terms_listed_once_in_readable_form() -> None:
    pgmp = Mentor(1, ["PgMP"], [], "PgMP pgmp programs", 15, "", "UTC", ["English"])
    mentee = Mentee(2, goals="pass the PgMP, lead programs", languages=["English"])
    (only,) = MentorIndex().fit([pgmp]).rank(mentee)
    (goals,) = [r for r in only.reasons if r.startswith("Experience matches")]
    terms = goals.split(": ")[1].split(", ")
    assert "PgMP" in terms
    assert len({t.lower() for t in terms}) == len(terms)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([0.1, 0.2, 0.5, 0.7, float("-inf")]), max_size=3000),
    st.integers(0, 30),
)
def test_top_rows_equals_full_sort(values: list[float], m: int) -> None:
    from mentormatch.matching.engine import top_rows

    score = np.array(values, dtype=np.float32)
    ids = np.arange(len(score), dtype=np.int64)[::-1].copy()
    ok = np.flatnonzero(np.isfinite(score))
    expected = ok[np.lexsort((ids[ok], -score[ok]))][:m]
    assert top_rows(score, ids, m).tolist() == expected.tolist()


def test_add_columns_equals_dense_product_over_blocks() -> None:
    import scipy.sparse as sp

    from mentormatch.matching import engine

    rng = np.random.default_rng(3)
    dense = (rng.random((50, 12)) < 0.3) * rng.random((50, 12))
    top, low = sp.csc_matrix(dense[:30], dtype=np.float32), dense[30:]
    blocks = [(top, 0), (sp.csc_matrix(low, dtype=np.float32), 30)]
    cols = [(7, 0.5), (2, 0.25), (11, 1.0), (2, 0.25)]
    score = np.ones(50, dtype=np.float32)
    engine.add_columns(score, blocks, cols, 0.5)
    expected = 1 + 0.5 * sum(w * dense[:, c] for c, w in cols)
    np.testing.assert_allclose(score, expected, rtol=1e-6)
    capped = np.zeros(50, dtype=np.float32)
    engine.add_columns(capped, blocks, cols, 2.0, cap=0.3)
    raw = sum(w * dense[:, c] for c, w in cols)
    np.testing.assert_allclose(capped, 2.0 * np.minimum(raw, 0.3), rtol=1e-6)
