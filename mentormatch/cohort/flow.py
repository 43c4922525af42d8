"""Exact capacitated assignment as an OR-Tools min-cost flow, and a pruning proof."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import min_cost_flow

from mentormatch.cohort.graph import UNMATCHED, entry_rows

# Scores become integer costs round(score * SCALE) (numpy rint: half to even).
# Each pair is off by at most 0.5 / SCALE, so the returned matching is optimal
# for the rounded scores and within matched_count / SCALE of the true optimum
# (1e-4 for 100,000 pairs); ties closer than 1 / SCALE may break either way.
SCALE = 10**9
CERTIFY_ROUNDS = 500


def integer_weights(matrix: sp.csr_matrix) -> np.ndarray:
    """Edge scores as the solver's integers, ``round(score * SCALE)``."""
    return np.rint(matrix.data * SCALE).astype(np.int64)


def optimal_matching(matrix: sp.csr_matrix, capacities, objective: str) -> np.ndarray:
    """Exact max-weight matching; each row takes one mentor column or none.

    Network: mentee (supply 1) -> mentor (capacity 1, cost -weight) -> sink
    (capacity = mentor capacity). "total_score" adds a zero-cost mentee -> sink
    "unmatched" arc and solves min-cost flow; "most_matched" has no such arc
    and solves max-flow-with-min-cost (most pairs, then best total). Returns
    the mentor column per row (-1 = unmatched).
    """
    n, m = matrix.shape
    mentor_of = np.full(n, UNMATCHED, dtype=np.int64)
    if not matrix.nnz:
        return mentor_of
    rows = entry_rows(matrix)
    active = np.flatnonzero(np.diff(matrix.indptr))
    sink = n + m
    tails = [rows, n + np.arange(m)]
    heads = [n + matrix.indices.astype(np.int64), np.full(m, sink)]
    caps = [np.ones(rows.size, np.int64), np.asarray(capacities, dtype=np.int64)]
    costs = [-integer_weights(matrix), np.zeros(m, np.int64)]
    if objective == "total_score":
        tails.append(active)
        heads.append(np.full(active.size, sink))
        caps.append(np.ones(active.size, np.int64))
        costs.append(np.zeros(active.size, np.int64))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        *(np.concatenate(part) for part in (tails, heads, caps, costs))
    )
    supplies = np.zeros(sink + 1, np.int64)
    supplies[active], supplies[sink] = 1, -active.size
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    if objective == "total_score":
        status = flow.solve()
    else:
        status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    used = flow.flows(np.arange(rows.size)) > 0
    mentor_of[rows[used]] = matrix.indices[used]
    return mentor_of


def pruning_proof(
    kept: sp.csr_matrix,
    dropped: sp.csr_matrix,
    capacities,
    mentor_of: np.ndarray,
    rounds: int = CERTIFY_ROUNDS,
) -> bool:
    """Whether the "total_score" optimum over ``kept`` pairs is provably optimal
    over ``kept`` plus ``dropped`` too.

    A flow is optimal iff its residual network has no negative cycle. Add the
    dropped pairs (unused: arc mentee -> mentor, cost -weight) to the residual
    network of the kept optimum and run Bellman-Ford from a virtual root: if
    the distances settle, they are node potentials (LP duals) proving that no
    better matching exists. False means not proven within ``rounds`` rounds
    (a negative cycle, i.e. a better matching, or slow convergence).
    """
    n = kept.shape[0]
    tails, heads, costs = residual_arcs(kept, capacities, mentor_of)
    tails = np.concatenate((tails, entry_rows(dropped)))
    heads = np.concatenate((heads, n + dropped.indices.astype(np.int64)))
    costs = np.concatenate((costs, -integer_weights(dropped)))
    return _distances_settle(tails, heads, costs, n + kept.shape[1] + 1, rounds)


def _distances_settle(tails, heads, costs, nodes: int, rounds: int) -> bool:
    """True when Bellman-Ford distances settle within ``rounds`` rounds."""
    return settled_distances(tails, heads, costs, nodes, rounds) is not None


UNREACHED = np.int64(2**62)


def settled_distances(
    tails, heads, costs, nodes: int, rounds: int, source: int | None = None
) -> np.ndarray | None:
    """Frontier Bellman-Ford from a virtual root (distance 0 to every node), or
    from ``source`` only (UNREACHED elsewhere until reached): the distances once
    no distance changes any more, None if not within ``rounds``."""
    by_tail = np.argsort(tails, kind="stable")
    heads, costs = heads[by_tail], costs[by_tail]
    first = np.searchsorted(tails[by_tail], np.arange(nodes + 1))
    if source is None:
        dist = np.zeros(nodes, dtype=np.int64)
        frontier = np.arange(nodes)
    else:
        dist = np.full(nodes, UNREACHED, dtype=np.int64)
        dist[source] = 0
        frontier = np.array([source])
    for _ in range(rounds):
        if not frontier.size:
            return dist
        count = first[frontier + 1] - first[frontier]
        arc = np.repeat(first[frontier] - np.cumsum(count) + count, count)
        arc += np.arange(arc.size)
        reach = np.repeat(dist[frontier], count) + costs[arc]
        better = reach < dist[heads[arc]]
        np.minimum.at(dist, heads[arc[better]], reach[better])
        changed = np.zeros(nodes, dtype=bool)
        changed[heads[arc[better]]] = True
        frontier = np.flatnonzero(changed)
    return None if frontier.size else dist


def residual_arcs(
    kept: sp.csr_matrix,
    capacities,
    mentor_of: np.ndarray,
    weights: np.ndarray | None = None,
):
    """(tail, head, cost) of the residual network of a "total_score" flow
    (``weights``: the integer edge weights, ``integer_weights(kept)`` by default)."""
    n, m = kept.shape
    sink = n + m
    rows = entry_rows(kept)
    cols = n + kept.indices.astype(np.int64)
    weights = integer_weights(kept) if weights is None else weights
    used = mentor_of[rows] == kept.indices
    matched = mentor_of != UNMATCHED
    load = np.bincount(mentor_of[matched], minlength=m)
    spare = np.flatnonzero(load < np.asarray(capacities))
    busy, active = np.flatnonzero(load), np.flatnonzero(np.diff(kept.indptr))
    free_rows, taken_rows = active[~matched[active]], active[matched[active]]
    tails: tuple[np.ndarray, ...] = (
        rows[~used],
        cols[used],
        n + spare,
        np.full(busy.size, sink),
        taken_rows,
        np.full(free_rows.size, sink),
    )
    heads: tuple[np.ndarray, ...] = (
        cols[~used],
        rows[used],
        np.full(spare.size, sink),
        n + busy,
        np.full(taken_rows.size, sink),
        free_rows,
    )
    costs = np.zeros(sum(t.size for t in tails), dtype=np.int64)
    costs[: used.size] = np.concatenate((-weights[~used], weights[used]))
    return np.concatenate(tails), np.concatenate(heads), costs
