"""Dual values of a matching over pruned candidates, and what pruning may have cost.

For the LP of the capacitated assignment (max sum w x; each mentee at most one
mentor, mentor j at most cap_j mentees) a dual solution is u_i >= 0 per mentee
and v_j >= 0 per mentor with u_i + v_j >= w_ij on every pair (plus slack on the
used pairs). Bellman-Ford potentials of the optimum's residual network give
such u, v over the kept pairs, with dual objective equal to the kept optimum.
A pair left out with w_ij > u_i + v_j can be covered by raising u_i, so the full
optimum is at most the kept optimum plus, per mentee, the largest such excess:
zero means the kept optimum is optimal over every pair.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from mentormatch.cohort.flow import (
    CERTIFY_ROUNDS,
    SCALE,
    UNREACHED,
    integer_weights,
    residual_arcs,
    settled_distances,
)
from mentormatch.cohort.graph import entry_rows


def objective_weights(kept: sp.csr_matrix, capacities, objective: str) -> np.ndarray:
    """Integer edge weights of the objective: the scores, or for "most_matched"
    the scores plus a bonus per match outweighing any score difference."""
    weights = integer_weights(kept)
    if objective == "total_score":
        return weights
    return weights + SCALE * match_bonus(kept.shape[0], capacities)


def match_bonus(n_mentees: int, capacities) -> int:
    """The "most_matched" bonus per match, in score units (as ``match_weights``)."""
    slots = int(np.minimum(np.asarray(capacities), n_mentees).sum())
    return min(n_mentees, slots) + 1


def dual_values(
    kept: sp.csr_matrix,
    capacities,
    mentor_of: np.ndarray,
    weights: np.ndarray,
    rounds: int = CERTIFY_ROUNDS,
) -> tuple[np.ndarray, np.ndarray] | None:
    """(u per mentee, v per mentor), int64 >= 0, for an optimum over ``kept``.

    ``mentor_of`` must be optimal over ``kept`` for ``weights`` (with the
    unmatched option); None when Bellman-Ford does not settle within ``rounds``.
    """
    n, m = kept.shape
    tails, heads, costs = residual_arcs(kept, capacities, mentor_of, weights)
    found = _from_sink(tails, heads, costs, kept, rounds)
    if found is not None:
        u, v = found
    else:
        dist = settled_distances(tails, heads, costs, n + m + 1, rounds)
        if dist is None:
            return None
        sink = dist[n + m]
        u = np.maximum(dist[:n] - sink, 0)
        v = np.maximum(sink - dist[n : n + m], 0)
    # A used pair may keep slack (u_i + v_j < w_ij, paid by the pair's own dual);
    # moving it into u_i keeps the dual objective and covers more left-out pairs.
    rows = entry_rows(kept)
    used = kept.indices == mentor_of[rows]
    u[rows[used]] = weights[used] - v[kept.indices[used]]
    return u, v


def _from_sink(tails, heads, costs, kept: sp.csr_matrix, rounds: int):
    """The mentee-optimal duals: shortest distances from the sink in the
    residual network (u_i = d(i), v_j = -d(j)), the largest u and smallest v
    of all optimal duals, so that a left-out pair they do not cover is one
    that improves the optimum. None when some mentee with pairs, or mentor
    with pairs, is out of reach (then the virtual-root duals serve)."""
    n, m = kept.shape
    dist = settled_distances(tails, heads, costs, n + m + 1, rounds, source=n + m)
    if dist is None:
        return None
    active = np.diff(kept.indptr) > 0
    used = np.zeros(m, dtype=bool)
    used[kept.indices] = True
    if (dist[:n][active] >= UNREACHED).any() or (dist[n:-1][used] >= UNREACHED).any():
        return None
    u = np.where(active, np.maximum(dist[:n], 0), 0)
    v = np.where(used, np.maximum(-dist[n : n + m], 0), 0)
    return u.astype(np.int64), v.astype(np.int64)


def excess(u_i: int, weights: np.ndarray, v: np.ndarray, columns: np.ndarray) -> int:
    """Largest w_ij - u_i - v_j over one mentee's left-out pairs (0 when none
    exceeds): how much raising u_i costs to cover them."""
    if not columns.size:
        return 0
    return max(0, int((weights - v[columns]).max()) - int(u_i))
