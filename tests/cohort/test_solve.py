"""Cohort solver: exact small cases, hard rules, objectives, stability, reasons."""

from __future__ import annotations

import itertools

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mentormatch.cohort import (
    BELOW_MIN_SCORE,
    CAPACITY,
    NO_CANDIDATES,
    CohortProblem,
    solve,
)
from mentormatch.cohort.flow import SCALE
from mentormatch.cohort.graph import candidate_matrix, dense_optimum, match_weights
from mentormatch.cohort.greedy import greedy_matching


def problem(scores, capacities, **kwargs) -> CohortProblem:
    """Mentees 1..n, mentors 101..; ``None`` in ``scores`` = infeasible pair."""
    dense = np.array([[np.nan if s is None else s for s in row] for row in scores])
    rows, cols = np.nonzero(~np.isnan(dense))
    edges = sp.csr_matrix((dense[rows, cols], (rows, cols)), shape=dense.shape)
    mentees = list(range(1, dense.shape[0] + 1))
    mentors = list(range(101, 101 + dense.shape[1]))
    return CohortProblem(mentees, mentors, capacities, edges, **kwargs)


def pairs(result) -> set[tuple[int, int]]:
    return {(a.mentee_id, a.mentor_id) for a in result.assignments}


def test_solve_beats_greedy_on_crossed_preferences():
    result = solve(problem([[0.9, 0.8], [0.85, None]], [1, 1]))
    assert pairs(result) == {(1, 102), (2, 101)}
    assert result.total_score == 1.65
    assert result.greedy_total == 0.9
    assert result.gain_over_greedy > 0.8


def test_solve_fills_capacity_two_mentor():
    result = solve(problem([[0.5, 0.4], [0.6, None], [0.7, 0.1]], [2, 1]))
    assert pairs(result) == {(1, 102), (2, 101), (3, 101)}
    assert round(result.total_score, 9) == 1.7


def test_solve_respects_forbidden_pair():
    forbidden = frozenset({(1, 101)})
    result = solve(problem([[0.9, 0.2], [0.3, 0.3]], [1, 1], forbidden=forbidden))
    assert (1, 101) not in pairs(result)
    assert pairs(result) == {(1, 102), (2, 101)}


def test_solve_respects_min_score_and_reports_reason():
    result = solve(problem([[0.9], [0.2]], [2]), min_score=0.5)
    assert pairs(result) == {(1, 101)}
    assert result.unmatched[2].reason == BELOW_MIN_SCORE


def test_solve_objectives_differ_on_crafted_case():
    scores = [[0.9, 0.05], [0.8, None]]
    best = solve(problem(scores, [1, 1]))
    most = solve(problem(scores, [1, 1]), objective="most_matched")
    assert pairs(best) == {(2, 101), (1, 102)} or best.total_score == 0.9
    assert pairs(best) == {(1, 101)}
    assert pairs(most) == {(1, 102), (2, 101)}
    assert most.matched_count == 2 and most.total_score < best.total_score


def test_waiting_list_reasons_and_hint():
    hints = {3: "No mentor speaks Portuguese."}
    result = solve(problem([[0.9], [0.8], [None]], [1], no_candidate_hints=hints))
    assert result.unmatched[2].reason == CAPACITY
    assert result.unmatched[3].reason == NO_CANDIDATES
    assert result.unmatched[3].message == "No mentor speaks Portuguese."
    assert set(result.unmatched) == {2, 3}


def test_stable_mode_honours_shortlists_and_shows_trade_off():
    scores = [[0.9, 0.8], [0.85, 0.1]]
    prob = problem(scores, [1, 1], mentor_shortlists={101: [1]})
    result = solve(prob, mode="stable")
    assert pairs(result) == {(1, 101), (2, 102)}
    assert result.optimal_total == 1.65 and result.total_score == 1.0
    assert result.rank_stats.mentor_mean == 1.5
    assert result.rank_stats.mentee_mean == 1.5


instances = st.integers(1, 5).flatmap(
    lambda n: st.integers(1, 3).flatmap(
        lambda m: st.tuples(
            st.lists(
                st.lists(st.none() | st.floats(0, 1), min_size=m, max_size=m),
                min_size=n,
                max_size=n,
            ),
            st.lists(st.integers(0, 3), min_size=m, max_size=m),
            st.floats(0, 0.6),
        )
    )
)


def brute_force(scores, caps, min_score, key) -> tuple:
    """Best key over every way to give each mentee a mentor or nobody."""
    n, m = len(scores), len(caps)
    best = (0, 0.0)
    for choice in itertools.product(range(-1, m), repeat=n):
        load = np.bincount([j for j in choice if j >= 0], minlength=m)
        if np.any(load > caps):
            continue
        picked = [scores[i][j] for i, j in enumerate(choice) if j >= 0]
        if any(s is None or s < min_score for s in picked):
            continue
        best = max(best, key(len(picked), sum(picked)))
    return best


def assert_rules_kept(result, scores, caps, min_score, forbidden=frozenset()):
    load: dict[int, int] = {}
    for a in result.assignments:
        s = scores[a.mentee_id - 1][a.mentor_id - 101]
        assert s is not None and s >= min_score and s == a.score
        assert (a.mentee_id, a.mentor_id) not in forbidden
        load[a.mentor_id] = load.get(a.mentor_id, 0) + 1
    for mentor, used in load.items():
        assert used <= caps[mentor - 101]
    assert len({a.mentee_id for a in result.assignments}) == len(result.assignments)


@settings(max_examples=40, deadline=None)
@given(instances)
def test_solve_optimal_matches_brute_force(instance):
    scores, caps, min_score = instance
    # Scores are rounded to multiples of 1 / SCALE: each pair may be off by half.
    tolerance = len(scores) / SCALE
    for objective, key in (
        ("total_score", lambda c, s: (0, s)),
        ("most_matched", lambda c, s: (c, s)),
    ):
        prob = problem(scores, caps)
        result = solve(prob, objective=objective, min_score=min_score, top_k=None)
        assert_rules_kept(result, scores, caps, min_score)
        count, total = brute_force(scores, caps, min_score, key)
        assert key(result.matched_count, 0.0)[0] == count
        assert abs(result.total_score - total) <= tolerance
        if objective == "total_score":
            assert result.total_score >= result.greedy_total - tolerance


@settings(max_examples=40, deadline=None)
@given(instances, st.data())
def test_solve_never_breaks_capacity_or_forbidden(instance, data):
    scores, caps, min_score = instance
    n, m = len(scores), len(caps)
    all_pairs = [(i + 1, j + 101) for i in range(n) for j in range(m)]
    forbidden = frozenset(data.draw(st.sets(st.sampled_from(all_pairs))))
    prob = problem(scores, caps, forbidden=forbidden)
    for mode in ("optimal", "stable"):
        result = solve(prob, mode=mode, min_score=min_score, top_k=2)
        assert_rules_kept(result, scores, caps, min_score, forbidden)


@settings(max_examples=40, deadline=None)
@given(instances, st.data())
def test_stable_mode_has_no_blocking_pair(instance, data):
    scores, caps, min_score = instance
    n, m = len(scores), len(caps)
    shortlist = st.lists(st.integers(101, 100 + m), max_size=2)
    mentee_lists = {i: data.draw(shortlist) for i in range(1, n + 1)}
    prob = problem(scores, caps, mentee_shortlists=mentee_lists)
    result = solve(prob, mode="stable", min_score=min_score)
    assert_rules_kept(result, scores, caps, min_score)
    partner = {a.mentee_id: a.mentor_id for a in result.assignments}
    held = {j: [i for i, k in partner.items() if k == j] for j in range(101, 101 + m)}

    def mentee_rank(i, j):
        short = [k for k in dict.fromkeys(mentee_lists[i]) if ok(i, k)]
        return (0, short.index(j), 0) if j in short else (1, -s(i, j), j)

    def s(i, j):
        return scores[i - 1][j - 101]

    def ok(i, j):
        return s(i, j) is not None and s(i, j) >= min_score and caps[j - 101] > 0

    for i, j in itertools.product(range(1, n + 1), range(101, 101 + m)):
        if not ok(i, j) or partner.get(i) == j:
            continue
        if i in partner and mentee_rank(i, partner[i]) < mentee_rank(i, j):
            continue
        worst = min(held[j], key=lambda k: (s(k, j), -k), default=None)
        room = len(held[j]) < caps[j - 101]
        assert not room and (s(worst, j), -worst) > (s(i, j), -i), (i, j)


def test_dense_optimum_agrees_on_random_instance():
    rng = np.random.default_rng(7)
    dense = rng.random((40, 15)) * (rng.random((40, 15)) < 0.4)
    prob = problem(np.where(dense > 0, dense, None).tolist(), rng.integers(0, 4, 15))
    result = solve(prob, top_k=None)
    matrix = candidate_matrix(prob)
    reference = dense_optimum(
        matrix, prob.capacities, match_weights(matrix, prob.capacities, "total_score")
    )
    assert abs(result.total_score - reference) < 1e-9


def reference_greedy(scores, caps) -> dict[int, int]:
    """Pairs by descending score, ties to the lower mentee then mentor."""
    edges = sorted(
        (-s, i, j)
        for i, row in enumerate(scores)
        for j, s in enumerate(row)
        if s is not None
    )
    left, partner = list(caps), {}
    for _, i, j in edges:
        if i not in partner and left[j] > 0:
            partner[i], left[j] = j, left[j] - 1
    return partner


@settings(max_examples=60, deadline=None)
@given(instances)
def test_greedy_matching_equals_sequential_greedy(instance):
    scores, caps, _ = instance
    scores = [[None if s is None else round(s, 1) for s in row] for row in scores]
    matrix = candidate_matrix(problem(scores, caps))
    mentor_of = greedy_matching(matrix, caps)
    got = {i: j for i, j in enumerate(mentor_of.tolist()) if j >= 0}
    assert got == reference_greedy(scores, caps)


def test_solve_reports_pruning():
    scores = [[0.9, 0.8, 0.1], [0.7, None, None]]
    pruned = solve(problem(scores, [1, 1, 1]), top_k=2, prove_pruning=True)
    assert pruned.pruned and pruned.proven_optimal
    unchecked = solve(problem(scores, [1, 1, 1]), top_k=2)
    assert unchecked.pruned and unchecked.proven_optimal is None
    for top_k in (3, None):
        result = solve(problem(scores, [1, 1, 1]), top_k=top_k)
        assert not result.pruned and result.proven_optimal


def test_solve_does_not_prove_a_pruned_optimum_that_is_worse():
    # Mentee 1 must take its pruned-out second choice to free mentor 101.
    prob = problem([[0.9, 0.8], [0.9, None]], [1, 1])
    pruned = solve(prob, top_k=1, prove_pruning=True)
    assert pruned.pruned and pruned.proven_optimal is False
    assert pruned.total_score == 0.9
    assert round(solve(prob, top_k=None).total_score, 9) == 1.7
    most = solve(prob, top_k=1, objective="most_matched", prove_pruning=True)
    assert most.proven_optimal is None


@settings(max_examples=60, deadline=None)
@given(instances, st.integers(1, 2))
def test_pruning_proof_is_sound(instance, k):
    scores, caps, min_score = instance
    prob = problem(scores, caps)
    pruned = solve(prob, min_score=min_score, top_k=k, prove_pruning=True)
    full = solve(prob, min_score=min_score, top_k=None)
    gap = full.total_score - pruned.total_score
    if pruned.proven_optimal:
        assert gap <= len(scores) / SCALE
    if gap > len(scores) / SCALE:
        assert not pruned.proven_optimal


def test_candidate_matrix_drops_forbidden_and_ignores_unknown_ids():
    forbidden = frozenset({(1, 102), (2, 101), (9, 101), (1, 999)})
    prob = problem([[0.5, 0.6], [0.7, 0.8]], [1, 1], forbidden=forbidden)
    assert candidate_matrix(prob).toarray().tolist() == [[0.5, 0.0], [0.0, 0.8]]
