"""Learning ranking weights from outcomes, adopted only if NDCG@10 does not drop.

Outcomes become labels: a request the mentor accepted (or that became or stayed a
pairing) is positive, a declined or rejected one negative; an ended pairing counts
by its feedback (mean rating >= 4 positive, <= 2 negative). What the members said
of the pairing refines this (``pulse_labels``): "not a good fit" at the fit check
or a 30/90-day check-up makes it negative whatever else happened; otherwise a
check-up "not working" counts negative and "working" or a good fit positive, for
an accepted or active pairing (a later, first-hand signal than the acceptance)
and for an ended one without clear feedback. Each label's features
are the engine's raw components at request time (stored weighted parts divided by
the weights then in force; parts that did not exist then count 0). A logistic
regression with non-negative coefficients gives new weights, normalised to sum 1.
They are adopted only when the engine with them ranks BOTH judged sets shipped in
``mentormatch/data`` at least as well as with the named default weights: the
engine's own fixture and a development set written by others (used only to
evaluate, never to train).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib.resources import files

import numpy as np
from sklearn.linear_model import LogisticRegression
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentormatch.core.errors import WorkflowError
from mentormatch.core.models import (
    Agreement,
    Checkup,
    Feedback,
    LearnedWeights,
    MatchRequest,
    MatchStatus,
    utcnow,
)
from mentormatch.matching import MentorIndex
from mentormatch.matching.evaluate import JudgedSet, load_judged, mean_ndcg
from mentormatch.matching.scoring import PART_NAMES, WEIGHTS

S = MatchStatus
POSITIVE = frozenset({S.ACCEPTED, S.ACTIVE})
NEGATIVE = frozenset({S.DECLINED, S.REJECTED})
GOOD_RATING, BAD_RATING = 4, 2
K = 10


class NotEnoughLabelsError(WorkflowError):
    """Too few (or one-sided) outcomes to learn from."""


@dataclass(frozen=True, slots=True)
class RetrainReport:
    """What one retraining found: labels, NDCG@10 on both judged sets with the
    default and the learned weights, the decision."""

    label_count: int
    positives: int
    weights: dict[str, float]
    ndcg_default: float
    ndcg_learned: float
    is_adopted: bool
    dev_ndcg_default: float = float("nan")
    dev_ndcg_learned: float = float("nan")
    pulse_count: int = 0


def _rating_labels(session: Session) -> dict[int, int]:
    """{request_id: 1 or 0} for ended pairings whose mean rating is clear."""
    stmt = (
        select(Feedback.request_id, func.avg(Feedback.rating))
        .join(MatchRequest, MatchRequest.request_id == Feedback.request_id)
        .where(MatchRequest.status == S.ENDED)
        .group_by(Feedback.request_id)
    )
    out = {}
    for request_id, rating in session.execute(stmt):
        if rating >= GOOD_RATING or rating <= BAD_RATING:
            out[request_id] = int(rating >= GOOD_RATING)
    return out


NOT_A_FIT = -1
"""A pulse value: "not a good fit" said at the fit check or a check-up."""


def pulse_labels(session: Session) -> dict[int, int]:
    """{request_id: 1, 0 or NOT_A_FIT}: what the members said of each pairing.

    A check-up "working" or a good fit at the fit check is 1, a check-up "not
    working" 0, "not a good fit" NOT_A_FIT; the lowest answer of a pairing counts.
    """
    votes: dict[int, list[int]] = {}
    for request_id, working, not_fit in session.execute(
        select(Checkup.request_id, Checkup.is_working, Checkup.not_a_fit)
    ):
        vote = NOT_A_FIT if not_fit else int(working)
        votes.setdefault(request_id, []).append(vote)
    for request_id, *fits in session.execute(
        select(Agreement.request_id, Agreement.mentee_fit, Agreement.mentor_fit)
    ):
        for fit in fits:
            if fit is not None:
                votes.setdefault(request_id, []).append(1 if fit else NOT_A_FIT)
    return {request_id: min(v) for request_id, v in votes.items()}


def _label(status: MatchStatus, rated: int | None, pulse: int | None) -> int | None:
    """One request's label: not a good fit first, then feedback, pulse, status."""
    if pulse == NOT_A_FIT:
        return 0
    if status == S.ENDED:
        return rated if rated is not None else pulse
    return pulse if pulse is not None else int(status in POSITIVE)


def _weights_history(session: Session) -> list[tuple[datetime, dict[str, float]]]:
    rows = session.execute(
        select(LearnedWeights.created_at, LearnedWeights.weights)
        .where(LearnedWeights.is_adopted)
        .order_by(LearnedWeights.created_at)
    ).all()
    return [(at, dict(w)) for at, w in rows]


def _in_force(history: list, at: datetime) -> dict[str, float]:
    current = WEIGHTS
    for since, weights in history:
        if since <= at:
            current = {**WEIGHTS, **weights}
    return current


def outcome_labels(session: Session) -> tuple[np.ndarray, np.ndarray]:
    """Raw score components and labels of every decided request with stored parts.

    Returns
    -------
    X : ndarray of shape (n_labels, len(PART_NAMES))
    y : ndarray of shape (n_labels,), 1 = good outcome
    """
    X, y, _ = _labelled(session)
    return X, y


def _labelled(session: Session) -> tuple[np.ndarray, np.ndarray, int]:
    """`outcome_labels`, and how many of the labels a pulse informed."""
    rated, history = _rating_labels(session), _weights_history(session)
    pulses = pulse_labels(session)
    statuses = [*POSITIVE, *NEGATIVE, S.ENDED]
    reqs = session.execute(
        select(
            MatchRequest.request_id,
            MatchRequest.status,
            MatchRequest.score_parts,
            MatchRequest.created_at,
        )
        .where(MatchRequest.status.in_(statuses))
        .order_by(MatchRequest.request_id)
    ).all()
    rows, labels, informed = [], [], 0
    for request_id, status, parts, created in reqs:
        label = _label(status, rated.get(request_id), pulses.get(request_id))
        if not parts or label is None:
            continue
        informed += request_id in pulses
        weights = _in_force(history, created)
        rows.append(
            [
                float(parts.get(n, 0.0)) / weights[n] if weights[n] else 0.0
                for n in PART_NAMES
            ]
        )
        labels.append(label)
    X = np.asarray(rows, float).reshape(-1, len(PART_NAMES))
    return X, np.asarray(labels), informed


def fit_weights(X: np.ndarray, y: np.ndarray) -> dict[str, float] | None:
    """Non-negative logistic-regression coefficients, normalised to sum 1.

    Parameters
    ----------
    X : ndarray of shape (n, len(PART_NAMES))
    y : ndarray of shape (n,)

    Returns
    -------
    dict or None
        None when no component predicts a good outcome (all coefficients <= 0).
    """
    model = LogisticRegression(class_weight="balanced", max_iter=1000)
    coef = np.clip(model.fit(X, y).coef_[0], 0.0, None)
    if coef.sum() <= 0:
        return None
    return {n: float(c / coef.sum()) for n, c in zip(PART_NAMES, coef, strict=True)}


JUDGED_SETS = ("judged", "dev_set")
"""Files in ``mentormatch/data``: the engine's own fixture, the development set."""


@lru_cache(maxsize=4)
def _judged(name: str = "judged") -> JudgedSet:
    return load_judged(
        name, (files("mentormatch") / "data" / f"{name}.json").read_text()
    )


def judged_ndcg(weights: dict[str, float] | None, name: str = "judged") -> float:
    """Mean NDCG@10 of the engine with `weights` (None = defaults) on one judged
    set's mentees that have a relevant mentor (grade >= 2)."""
    judged = _judged(name)
    index = MentorIndex(weights=weights).fit(judged.mentors)
    return mean_ndcg(judged, lambda e: [s.mentor_id for s in index.rank(e, k=K)])


def should_adopt(default: tuple[float, ...], learned: tuple[float, ...]) -> bool:
    """Adopt only if the learned weights lower NDCG on none of the judged sets."""
    return all(new >= old for old, new in zip(default, learned, strict=True))


def retrain(session: Session, *, min_labels: int) -> RetrainReport:
    """Learn weights from outcomes, compare them offline, store the decision.

    Returns
    -------
    RetrainReport
        ``is_adopted`` tells whether the engine now uses the learned weights.

    Raises
    ------
    NotEnoughLabelsError
        Fewer than `min_labels` labels, only one kind of outcome, or no component
        that predicts a good outcome.
    """
    X, y, informed = _labelled(session)
    if len(y) < min_labels:
        raise NotEnoughLabelsError(
            f"Only {len(y)} labelled outcomes; at least {min_labels} are needed."
        )
    if len(set(y.tolist())) < 2:
        raise NotEnoughLabelsError("Outcomes are all of one kind; nothing to learn.")
    weights = fit_weights(X, y)
    if weights is None:
        raise NotEnoughLabelsError("No score component predicts a good outcome.")
    default, learned = judged_ndcg(None), judged_ndcg(weights)
    dev_default, dev_learned = (judged_ndcg(w, "dev_set") for w in (None, weights))
    adopted = should_adopt((default, dev_default), (learned, dev_learned))
    session.add(
        LearnedWeights(
            weights=weights,
            label_count=len(y),
            ndcg_default=default,
            ndcg_learned=learned,
            is_adopted=adopted,
            created_at=utcnow(),
        )
    )
    session.commit()
    return RetrainReport(
        len(y),
        int(y.sum()),
        weights,
        default,
        learned,
        adopted,
        dev_default,
        dev_learned,
        informed,
    )
