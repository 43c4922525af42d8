"""Cohort candidates from the engine's top k: widened until the proof holds."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sqlalchemy.orm import Session

from mentormatch.cohort import CohortProblem, solve
from mentormatch.cohort.certify import dual_values, objective_weights
from mentormatch.cohort.flow import optimal_matching
from mentormatch.cohort.graph import candidate_matrix
from mentormatch.cohorts.services import candidates as cohort_candidates
from mentormatch.cohorts.services.runs import (
    CohortParams,
    build_problem,
    load_cohort,
    run_cohort,
)
from mentormatch.core.models import (
    CohortRun,
    MemberPreference,
    PreferenceKind,
    Profile,
    User,
)
from mentormatch.core.workflow import Rules
from mentormatch.matching import MentorIndex
from mentormatch.suggestions.services.index_cache import IndexCache
from mentormatch.suggestions.services.recommendations import mentee_from_profile
from tests.factories import make_mentee, make_mentor, make_user

RULES = Rules(max_open_requests=3, max_active_pairings=1, decline_cooldown_days=90)
CHAPTERS = ("Berlin", "Lisbon", "Oslo")


def population(session: Session, mentors: int, mentees: int) -> None:
    rng = np.random.default_rng(5)
    for n in range(mentors):
        make_mentor(
            session,
            mentor_capacity=int(rng.integers(1, 3)),
            years_experience=int(rng.integers(5, 30)),
            chapter=CHAPTERS[n % 3],
            held={"PMP": 2010} if n % 2 else {"PgMP": 2015, "PMP": 2008},
        )
    for n in range(mentees):
        make_mentee(
            session,
            years_experience=int(rng.integers(0, 10)),
            chapter=CHAPTERS[(n // 2) % 3],
            formats=["video"] if n % 3 else ["in_person", "video"],
        )


def unpruned_total(session: Session, objective: str) -> float:
    """The optimum over every feasible pair, scored with the engine directly."""
    index = IndexCache().get(session)
    cohort = load_cohort(session, chapter="", rules=RULES)
    mentor_ids = np.array(cohort.mentor_ids)
    dense = np.zeros((len(cohort.mentees), len(mentor_ids)))
    mask = np.zeros_like(dense, dtype=bool)
    for i, query in enumerate(cohort.mentees):
        # the engine's own one-mentee path, from the ORM profile
        profile = session.get(Profile, query.id)
        ids, scores = index.score_all(
            mentee_from_profile(profile, cohort.excluded[query.id])
        )
        cols = np.searchsorted(mentor_ids, ids)
        ok = (cols < len(mentor_ids)) & np.isfinite(scores)
        ok[ok] &= mentor_ids[cols[ok]] == ids[ok]
        dense[i, cols[ok]], mask[i, cols[ok]] = np.clip(scores[ok], 0, 1), True
    rows, cols = np.nonzero(mask)
    edges = sp.csr_matrix((dense[rows, cols], (rows, cols)), shape=dense.shape)
    problem = CohortProblem(
        [q.id for q in cohort.mentees], mentor_ids.tolist(), cohort.free, edges
    )
    return solve(problem, objective=objective, top_k=None).total_score


def small_rounds(session: Session, monkeypatch, pool: int) -> MentorIndex:
    """14 mentors and 24 mentees; the first round searches one candidate each
    from a pool of `pool`, so that it is pruned and the rounds must widen."""
    population(session, mentors=14, mentees=24)
    monkeypatch.setattr(cohort_candidates, "FIRST_K", 1)
    monkeypatch.setattr(cohort_candidates, "POOL", pool)
    return IndexCache().get(session)


def proven_optimum(
    session: Session, index: MentorIndex, admin: User, objective: str
) -> CohortRun:
    """A run that proves its optimum, and the optimum it proves is the true one."""
    params = CohortParams(objective=objective)
    run = run_cohort(session, index, admin=admin, params=params, rules=RULES)
    assert run.proof == "optimal"
    assert run.total_score == pytest.approx(unpruned_total(session, objective))
    return run


@pytest.fixture
def admin(session: Session) -> User:
    return make_user(session, is_admin=True)


@pytest.mark.parametrize(
    ("slack", "drop"),
    [
        (0.0, 0.0),
        (cohort_candidates.SLACK, cohort_candidates.DROP),
        (cohort_candidates.SLACK, 0.0),
        (0.5, 2.0),
    ],
)
@pytest.mark.parametrize("objective", ["total_score", "most_matched"])
def test_pruned_run_equals_the_unpruned_optimum_and_records_the_proof(
    session: Session,
    admin: User,
    monkeypatch,
    objective: str,
    slack: float,
    drop: float,
) -> None:
    """Whatever nearly tight pairs join (none, the default, half a score) and
    whatever searched pairs the later rounds leave out (all but the tight ones,
    the default, none)."""
    index = small_rounds(session, monkeypatch, pool=3)
    monkeypatch.setattr(cohort_candidates, "SLACK", slack)
    monkeypatch.setattr(cohort_candidates, "DROP", drop)
    run = proven_optimum(session, index, admin, objective)
    assert run.optimality_gap == 0.0
    every = run.mentee_count * run.mentor_count
    assert run.mentee_count < run.candidate_pairs <= every
    if slack < 0.5:  # half a score lets nearly every pair in
        assert run.candidate_pairs < every
    assert run.proof_text.startswith("Proven optimal over every feasible pair")


@pytest.mark.parametrize("objective", ["total_score", "most_matched"])
def test_mentors_own_best_join_the_first_round_and_the_proof_still_holds(
    session: Session, admin: User, monkeypatch, objective: str
) -> None:
    """With each mentor's two best mentees in the first round (the crowded
    case), the first round searches them and the run ends at the optimum."""
    index = small_rounds(session, monkeypatch, pool=3)
    monkeypatch.setattr(cohort_candidates, "mentor_depth", lambda n, m: 2)
    cohort = load_cohort(session, chapter="", rules=RULES)
    prepared = build_problem(session, index, cohort)
    scores = prepared.source.scores(np.arange(len(cohort.mentees)))
    edges = prepared.problem.edges.toarray() > 0
    for j in range(scores.shape[1]):
        finite = np.flatnonzero(np.isfinite(scores[:, j]))
        best = finite[np.argsort(-scores[finite, j], kind="stable")[:2]]
        assert edges[best, j].all(), j
    proven_optimum(session, index, admin, objective)


def test_stable_mode_lists_hold_stable_k_mentors_per_mentee(
    session: Session, admin: User, monkeypatch
) -> None:
    """Stable mode solves once over its lists: each mentee's STABLE_K best, not
    the first proof round's FIRST_K."""
    index = small_rounds(session, monkeypatch, pool=3)
    monkeypatch.setattr(cohort_candidates, "STABLE_K", 3)
    cohort = load_cohort(session, chapter="", rules=RULES)
    shortlist = MemberPreference(
        member_id=cohort.mentees[0].id,
        other_id=cohort.mentor_ids[0],
        kind=PreferenceKind.SHORTLIST,
    )
    session.add(shortlist)
    session.commit()
    params = CohortParams(mode="stable")
    run = run_cohort(session, index, admin=admin, params=params, rules=RULES)
    assert run.proof == "stable" and run.candidates_k == 3
    assert run.candidate_pairs >= 3 * run.mentee_count


def test_mentor_depth_only_where_mentees_crowd_the_mentors() -> None:
    depth = cohort_candidates.mentor_depth
    assert depth(10_567, 6_262) == cohort_candidates.MENTOR_K  # the 10k demo
    assert depth(405, 91_262) == 0  # a chapter against a region's mentors
    assert depth(0, 0) == 0
    for n, m in ((10_567, 6_262), (3_000, 20_000), (50, 40)):
        pairs = depth(n, m) * m
        assert pairs <= n * cohort_candidates.FIRST_K / 2


@pytest.mark.parametrize("whole", [0.0, 2.0])
def test_check_blocks_read_whole_or_gathered_give_the_same_optimum(
    session: Session, admin: User, monkeypatch, whole: float
) -> None:
    """A check block reads every mentor's column (0.0) or only those with
    room (2.0: never whole); either way the proof finds the true optimum."""
    index = small_rounds(session, monkeypatch, pool=3)
    monkeypatch.setattr(cohort_candidates, "WHOLE_BLOCK", whole)
    run = run_cohort(session, index, admin=admin, params=CohortParams(), rules=RULES)
    assert run.proof == "optimal"
    assert run.total_score == pytest.approx(unpruned_total(session, "total_score"))


def test_float32_screen_never_hides_a_pair_that_fails_exactly() -> None:
    """Scores in float32 and duals in [-1, 1] score units: wherever the exact
    integer reach is >= 0, the float32 screen's value is above -SCREEN_ERROR."""
    from mentormatch.cohort.flow import SCALE

    rng = np.random.default_rng(11)
    score = rng.random(200_000).astype(np.float32)
    v = rng.integers(0, SCALE, score.size)
    u = np.rint(score.astype(np.float64) * SCALE).astype(np.int64) - v
    u += rng.integers(-3, 1, score.size)  # reach 0..3 integer units: all fail
    low_u, low_v = u / SCALE, v / SCALE
    screen = cohort_candidates.screen_dtype(low_u, low_v)
    assert screen is np.float32
    approx = score - low_v.astype(screen) - low_u.astype(screen)
    assert approx.dtype == np.float32
    assert (approx > -cohort_candidates.SCREEN_ERROR).all()
    assert cohort_candidates.SCREEN_ERROR < 1e-6
    # duals carrying a per-match bonus are screened in float64
    assert cohort_candidates.screen_dtype(low_u + 5000, low_v) is np.float64


def test_a_run_out_of_rounds_records_a_bound_that_holds(
    session: Session, admin: User, monkeypatch
) -> None:
    index = small_rounds(session, monkeypatch, pool=2)
    monkeypatch.setattr(cohort_candidates, "MAX_ROUNDS", 1)
    run = run_cohort(session, index, admin=admin, params=CohortParams(), rules=RULES)
    best = unpruned_total(session, "total_score")
    assert run.proof == "bounded" and run.optimality_gap > 0
    assert run.total_score <= best + 1e-9
    assert best <= run.total_score + run.optimality_gap + 1e-6
    assert "Within" in run.proof_text


def test_dual_values_cover_every_kept_pair_and_sum_to_the_optimum() -> None:
    rng = np.random.default_rng(2)
    dense = rng.random((30, 12)) * (rng.random((30, 12)) < 0.5)
    kept = candidate_matrix(
        CohortProblem(
            list(range(30)), list(range(30, 42)), [2] * 12, sp.csr_matrix(dense)
        )
    )
    caps = np.full(12, 2)
    mentor_of = optimal_matching(kept, caps, "total_score")
    weights = objective_weights(kept, caps, "total_score")
    u, v = dual_values(kept, caps, mentor_of, weights)
    rows = np.repeat(np.arange(30), np.diff(kept.indptr))
    assert np.all(u[rows] + v[kept.indices] >= weights)
    matched = mentor_of >= 0
    primal = sum(
        weights[
            kept.indptr[i]
            + np.flatnonzero(
                kept.indices[kept.indptr[i] : kept.indptr[i + 1]] == mentor_of[i]
            )[0]
        ]
        for i in np.flatnonzero(matched)
    )
    assert u.sum() + (caps * v).sum() == primal


def test_kept_scores_give_the_run_that_scoring_again_gives(
    session: Session, admin: User, monkeypatch
) -> None:
    index = small_rounds(session, monkeypatch, pool=2)
    runs = []
    for cells in (0, cohort_candidates.KEEP_CELLS):
        monkeypatch.setattr(cohort_candidates, "KEEP_CELLS", cells)
        runs.append(
            run_cohort(session, index, admin=admin, params=CohortParams(), rules=RULES)
        )
    (fresh, kept) = runs
    assert fresh.proof == kept.proof == "optimal"
    assert kept.total_score == fresh.total_score
    assert kept.candidate_pairs == fresh.candidate_pairs
    assert {(p.mentee_id, p.mentor_id) for p in kept.proposals} == {
        (p.mentee_id, p.mentor_id) for p in fresh.proposals
    }


def test_blocks_ahead_keep_order_and_run_blas_on_one_thread_meanwhile() -> None:
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before = blas_threads()
    seen = []
    jobs = ((n, lambda n=n: (n * n, blas_threads())) for n in range(7))
    for key, (square, inside) in cohort_candidates.ahead(jobs, 2):
        seen.append((key, square))
        assert set(inside) <= {1}  # on the worker threads
        assert set(blas_threads()) <= {1}  # and in the caller's loop
    assert seen == [(n, n * n) for n in range(7)]
    assert blas_threads() == before
