"""Learning ranking weights from outcomes, and the offline check that guards them."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.models import (
    Checkup,
    Feedback,
    LearnedWeights,
    MatchRequest,
    MatchStatus,
    utcnow,
)
from mentormatch.matching.scoring import PART_NAMES, WEIGHTS
from mentormatch.suggestions import learning
from mentormatch.suggestions.services.index_cache import IndexCache
from tests.factories import make_match_request, make_mentee, make_mentor
from tests.pairings.helpers import agree

S = MatchStatus
BETTER = {**WEIGHTS, "certification": WEIGHTS["certification"] / 2}
"""Weights that differ from the defaults (for outcomes to learn from)."""


def add_outcomes(session: Session, raw: np.ndarray, labels: np.ndarray) -> None:
    """One request per row: parts = raw * default weights; a positive is an ended
    pairing rated 5, a negative a declined request (one pair, none open)."""
    mentee, mentor = make_mentee(session), make_mentor(session)
    for row, label in zip(raw.tolist(), labels.tolist(), strict=True):
        parts = dict(zip(PART_NAMES, row, strict=True))
        req = MatchRequest(
            mentee_id=mentee.user_id,
            mentor_id=mentor.user_id,
            status=S.ENDED if label else S.DECLINED,
            score_parts={n: v * WEIGHTS[n] for n, v in parts.items()},
        )
        session.add(req)
        if label:
            session.flush()
            session.add(
                Feedback(request_id=req.request_id, author_id=mentee.user_id, rating=5)
            )
    session.commit()


def logistic_labels(weights: dict[str, float], n: int, seed: int):
    rng = np.random.default_rng(seed)
    beta = np.array([weights[k] for k in PART_NAMES]) / sum(weights.values())
    raw = rng.random((n, len(PART_NAMES)))
    labels = rng.random(n) < 1 / (1 + np.exp(-(40 * raw @ beta - 20)))
    return raw, labels.astype(int)


def test_outcome_labels_from_statuses_and_feedback(session: Session) -> None:
    mentee, mentor = make_mentee(session), make_mentor(session)
    parts = {"certification": WEIGHTS["certification"] / 2, "skills": 0.0}

    def add(status: S, rating: int | None = None, **kw: object) -> None:
        req = MatchRequest(
            mentee_id=mentee.user_id,
            mentor_id=mentor.user_id,
            status=status,
            score_parts=kw.get("p", parts),
        )
        session.add(req)
        session.flush()
        if rating is not None:
            session.add(
                Feedback(
                    request_id=req.request_id, author_id=mentee.user_id, rating=rating
                )
            )

    for status, rating in [
        (S.DECLINED, None),
        (S.REJECTED, None),
        (S.ENDED, 5),
        (S.ENDED, 1),
        (S.ENDED, 3),
        (S.ENDED, None),
        (S.WITHDRAWN, None),
    ]:
        add(status, rating)
    add(S.DECLINED, p={})  # no stored parts: not a label
    session.commit()
    X, y = learning.outcome_labels(session)
    assert y.tolist() == [0, 0, 1, 0]
    assert X[:, PART_NAMES.index("certification")].tolist() == [0.5] * 4


def _pulse(session: Session, req: MatchRequest, *, working: bool, **kw) -> None:
    session.add(
        Checkup(
            request_id=req.request_id,
            author_id=req.mentee_id,
            milestone=kw.pop("milestone", 30),
            is_working=working,
            meeting_as_agreed="yes",
            **kw,
        )
    )


def test_pulse_answers_change_the_training_labels(session: Session) -> None:
    """Check-ups and fit checks decide labels that statuses alone get wrong or
    cannot give; the test fails if the learning ignores them."""
    mentor = make_mentor(session)
    parts = {"certification": WEIGHTS["certification"] / 2}

    def add(status: S, rating: int | None = None) -> MatchRequest:
        mentee = make_mentee(session)  # one open pairing per pair
        req = MatchRequest(
            mentee_id=mentee.user_id,
            mentor_id=mentor.user_id,
            status=status,
            score_parts=parts,
            started_at=utcnow(),
        )
        session.add(req)
        session.flush()
        if rating is not None:
            session.add(
                Feedback(request_id=req.request_id, author_id=mentee.user_id, rating=5)
            )
        return req

    add(S.ACTIVE)  # no pulse: the status says positive, as before
    _pulse(session, add(S.ACTIVE), working=False)  # "not working": negative
    working = add(S.ACTIVE)
    _pulse(session, working, working=True)
    _pulse(session, working, working=False, milestone=90)  # the lowest counts
    _pulse(session, add(S.ENDED), working=True)  # no feedback: the pulse decides
    _pulse(session, add(S.ENDED), working=False)
    rated = add(S.ENDED, rating=5)  # feedback outweighs an early "not working"
    _pulse(session, rated, working=False)
    unfit = add(S.ENDED, rating=5)  # "not a good fit" outweighs everything
    _pulse(session, unfit, working=False, not_a_fit=True)
    add(S.ENDED)  # neither feedback nor pulse: no label
    session.commit()
    _, y = learning.outcome_labels(session)
    assert y.tolist() == [1, 0, 0, 1, 0, 1, 0]


def test_fit_check_answers_are_labels(session: Session) -> None:
    good, bad = (
        make_match_request(
            session,
            status=S.ACTIVE,
            started_at=utcnow(),
            score_parts={"skills": WEIGHTS["skills"]},
        )
        for _ in range(2)
    )
    for req, fit in ((good, True), (bad, False)):
        agreement = agree(session, req)
        agreement.mentor_fit = fit
    bad.status = S.ENDED  # a "no" at the fit check ends the pairing
    session.commit()
    assert learning.pulse_labels(session) == {
        good.request_id: 1,
        bad.request_id: learning.NOT_A_FIT,
    }
    _, y = learning.outcome_labels(session)
    assert y.tolist() == [1, 0]


def test_retrain_learns_from_pulses_when_statuses_are_all_positive(
    session: Session,
) -> None:
    """Active pairings alone are one kind of outcome; their check-ups give the
    negatives, and the guard rail still decides adoption."""
    raw, labels = logistic_labels(BETTER, 80, seed=5)
    mentor = make_mentor(session)
    for row, label in zip(raw.tolist(), labels.tolist(), strict=True):
        parts = zip(PART_NAMES, row, strict=True)
        req = MatchRequest(
            mentee_id=make_mentee(session).user_id,
            mentor_id=mentor.user_id,
            status=S.ACTIVE,
            score_parts={n: v * WEIGHTS[n] for n, v in parts},
        )
        session.add(req)
        session.flush()
        _pulse(session, req, working=bool(label))
    session.commit()
    report = learning.retrain(session, min_labels=50)
    assert (report.label_count, report.positives) == (80, int(labels.sum()))
    assert report.pulse_count == 80
    assert report.is_adopted == learning.should_adopt(
        (report.ndcg_default, report.dev_ndcg_default),
        (report.ndcg_learned, report.dev_ndcg_learned),
    )
    session.execute(Checkup.__table__.delete())
    session.commit()
    with pytest.raises(learning.NotEnoughLabelsError, match="all of one kind"):
        learning.retrain(session, min_labels=50)


def test_outcome_labels_divide_by_the_weights_then_in_force(session: Session) -> None:
    doubled = {**WEIGHTS, "chapter": WEIGHTS["chapter"] * 2}
    session.add(
        LearnedWeights(
            weights=doubled, is_adopted=True, created_at=utcnow() - timedelta(days=1)
        )
    )
    add_outcomes(session, np.full((1, len(PART_NAMES)), 0.5), np.array([1]))
    X, _ = learning.outcome_labels(session)
    assert X[0, PART_NAMES.index("chapter")] == pytest.approx(0.25)
    assert X[0, PART_NAMES.index("skills")] == pytest.approx(0.5)


def test_retrain_needs_enough_labels(session: Session) -> None:
    add_outcomes(session, np.ones((3, len(PART_NAMES))), np.array([1, 0, 1]))
    with pytest.raises(learning.NotEnoughLabelsError, match="Only 3 labelled"):
        learning.retrain(session, min_labels=50)
    assert session.scalars(select(LearnedWeights)).first() is None


def test_retrain_refuses_one_kind_of_outcome(session: Session) -> None:
    add_outcomes(session, np.ones((4, len(PART_NAMES))), np.ones(4, dtype=int))
    with pytest.raises(learning.NotEnoughLabelsError, match="all of one kind"):
        learning.retrain(session, min_labels=2)


def test_retrain_does_not_adopt_weights_that_rank_worse(session: Session) -> None:
    rng = np.random.default_rng(1)
    raw = rng.random((120, len(PART_NAMES)))
    # Outcomes that reward chapter and format and punish topics/certification/skills.
    sign = {"topics": -1.0, "certification": -1.0, "skills": -1.0}
    sign |= {"format": 1.0, "chapter": 2.0}
    bad = np.array([sign.get(n, 0.0) for n in PART_NAMES])
    add_outcomes(session, raw, (raw @ bad > 0.5).astype(int))
    report = learning.retrain(session, min_labels=50)
    assert report.weights["chapter"] > report.weights["certification"]
    assert report.ndcg_learned < report.ndcg_default and not report.is_adopted
    assert report.dev_ndcg_learned < report.dev_ndcg_default
    index = IndexCache().get(session)
    assert index.weights_ == pytest.approx(WEIGHTS)


def test_adoption_needs_both_judged_sets_to_hold() -> None:
    assert learning.should_adopt((0.80, 0.70), (0.80, 0.71))
    assert not learning.should_adopt((0.80, 0.70), (0.85, 0.69))
    assert not learning.should_adopt((0.80, 0.70), (0.79, 0.90))


def test_retrain_reports_both_sets_and_decides_by_them(session: Session) -> None:
    rng = np.random.default_rng(0)
    raw = rng.random((400, len(PART_NAMES)))
    score = raw @ np.array([BETTER[n] for n in PART_NAMES])
    add_outcomes(session, raw, (score > np.median(score)).astype(int))
    report = learning.retrain(session, min_labels=50)
    assert sum(report.weights.values()) == pytest.approx(1.0)
    assert report.ndcg_default == pytest.approx(learning.judged_ndcg(None))
    assert report.dev_ndcg_default == pytest.approx(
        learning.judged_ndcg(None, "dev_set")
    )
    assert report.dev_ndcg_learned == pytest.approx(
        learning.judged_ndcg(report.weights, "dev_set")
    )
    assert report.is_adopted == learning.should_adopt(
        (report.ndcg_default, report.dev_ndcg_default),
        (report.ndcg_learned, report.dev_ndcg_learned),
    )
    stored = session.scalars(select(LearnedWeights)).one()
    assert stored.is_adopted == report.is_adopted
    expected = report.weights if report.is_adopted else WEIGHTS
    assert IndexCache().get(session).weights_ == pytest.approx(expected)


def test_index_cache_refits_when_new_weights_are_adopted(session: Session) -> None:
    cache = IndexCache()
    assert cache.get(session).weights_ == pytest.approx(WEIGHTS)
    session.add(LearnedWeights(weights=BETTER, is_adopted=True))
    session.commit()
    total = sum(BETTER.values())
    assert cache.get(session).weights_ == pytest.approx(
        {k: v / total for k, v in BETTER.items()}
    )


def test_retrain_weights_command_prints_both_figures(session, runner) -> None:
    rng = np.random.default_rng(1)
    raw = rng.random((60, len(PART_NAMES)))
    add_outcomes(session, raw, (raw[:, -1] > 0.5).astype(int))
    result = runner.invoke(args=["retrain-weights"])
    assert result.exit_code == 0, result.output
    assert "NDCG@10 with the default weights: 0.86" in result.output
    assert "0 informed by check-ups and fit checks" in result.output
    dev = learning.judged_ndcg(None, "dev_set")
    assert f"Development set NDCG@10, default / learned: {dev:.4f}" in result.output
    assert dev >= 0.80
    assert "NDCG@10 with the learned weights:" in result.output
    assert "Not adopted: the default weights stay." in result.output


def test_retrain_weights_command_explains_missing_labels(runner) -> None:
    result = runner.invoke(args=["retrain-weights"])
    assert result.exit_code == 1
    assert "Only 0 labelled outcomes; at least 50 are needed." in result.output
