"""Deferred acceptance on shortlist-then-score preferences, and rank statistics."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from mentormatch.cohort.graph import UNMATCHED
from mentormatch.cohort.types import RankStats


def preference_lists(
    matrix: sp.csr_matrix,
    own_ids: Sequence[int],
    other_ids: Sequence[int],
    shortlists: Mapping[int, Sequence[int]],
) -> list[list[int]]:
    """Per row: feasible columns, shortlisted ones first (in shortlist order),
    then by descending score, ties to the lower id."""
    position = {other: j for j, other in enumerate(other_ids)}
    lists = []
    for i, own in enumerate(own_ids):
        lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
        cols, scores = matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].tolist()
        feasible = set(cols)
        picked = [position[o] for o in shortlists.get(own, ()) if o in position]
        first = list(dict.fromkeys(j for j in picked if j in feasible))
        chosen = set(first)
        rest = sorted(
            (j for j in zip(scores, cols, strict=True) if j[1] not in chosen),
            key=lambda sj: (-sj[0], other_ids[sj[1]]),
        )
        lists.append(first + [j for _, j in rest])
    return lists


def deferred_acceptance(
    mentee_prefs: list[list[int]], mentor_prefs: list[list[int]], capacities
) -> np.ndarray:
    """Mentee-proposing deferred acceptance; mentors hold up to capacity.

    The result is stable: no mentee and mentor both prefer each other to what
    they got (a mentor with a free place accepts any acceptable mentee).
    """
    rank = [{i: r for r, i in enumerate(prefs)} for prefs in mentor_prefs]
    caps = np.asarray(capacities, dtype=np.int64).tolist()
    held: list[list[tuple[int, int]]] = [[] for _ in mentor_prefs]
    mentor_of = [UNMATCHED] * len(mentee_prefs)
    next_choice = [0] * len(mentee_prefs)
    free = list(range(len(mentee_prefs)))
    while free:
        i = free.pop()
        if next_choice[i] >= len(mentee_prefs[i]):
            continue
        j = mentee_prefs[i][next_choice[i]]
        next_choice[i] += 1
        if i not in rank[j] or not caps[j]:
            free.append(i)
            continue
        heapq.heappush(held[j], (-rank[j][i], i))
        mentor_of[i] = j
        if len(held[j]) > caps[j]:
            _, loser = heapq.heappop(held[j])
            mentor_of[loser] = UNMATCHED
            free.append(loser)
    return np.asarray(mentor_of, dtype=np.int64)


def rank_stats(
    mentor_of: np.ndarray, mentee_prefs: list[list[int]], mentor_prefs: list[list[int]]
) -> RankStats:
    """Mean and median 1-based position of each matched partner in each side's list."""
    mentee_pos, mentor_pos = [], []
    mentor_rank = [{i: r for r, i in enumerate(prefs)} for prefs in mentor_prefs]
    for i, j in enumerate(mentor_of.tolist()):
        if j == UNMATCHED:
            continue
        mentee_pos.append(mentee_prefs[i].index(j) + 1)
        mentor_pos.append(mentor_rank[j][i] + 1)
    if not mentee_pos:
        return RankStats(0.0, 0.0, 0.0, 0.0)
    return RankStats(
        float(np.mean(mentee_pos)),
        float(np.median(mentee_pos)),
        float(np.mean(mentor_pos)),
        float(np.median(mentor_pos)),
    )
