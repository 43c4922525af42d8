"""Judged-set parsing and the ranking metrics the bench and the guard rail share."""

from __future__ import annotations

import math

import pytest

from mentormatch.matching.evaluate import bootstrap_ci, mrr, ndcg, parse_judged

MENTORS = [{"id": 1, "languages": ["en"]}, {"id": 2, "languages": ["en"]}]


@pytest.mark.parametrize(
    "mentees, top",
    [
        ([{"id": 9, "grades": {"1": 3, "2": -1}}], {}),
        ([{"id": 9, "judgements": {"1": {"grade": 3}, "2": {"grade": -1}}}], {}),
        ([{"id": 9}], {"9": {"1": 3, "2": -1}}),
    ],
)
def test_all_three_layouts_read_the_same(mentees, top) -> None:
    judged = parse_judged("x", {"mentors": MENTORS, "mentees": mentees, "grades": top})
    assert judged.grades == [{1: 3, 2: 0}]
    assert judged.forbidden == [frozenset({2})]
    assert judged.judged() == [0]


def test_ndcg_and_mrr_reward_the_relevant_mentor_first() -> None:
    grades = {1: 3, 2: 0, 3: 2}
    assert ndcg([1, 3, 2], grades) == pytest.approx(1.0)
    assert ndcg([2, 3, 1], grades) < ndcg([3, 1, 2], grades) < 1.0
    assert mrr([2, 3, 1], grades) == pytest.approx(0.5)
    assert mrr([2], grades) == 0.0
    assert math.isnan(ndcg([1], {1: 0}))


def test_bootstrap_interval_brackets_the_mean() -> None:
    values = [0.2, 0.4, 0.6, 0.8, 1.0] * 4
    lo, hi = bootstrap_ci(values, n=500)
    assert lo < sum(values) / len(values) < hi
    assert bootstrap_ci([0.5] * 10) == (0.5, 0.5)
