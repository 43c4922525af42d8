"""Explain one (mentee, mentor) pair with the same numbers the ranking uses."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mentormatch.matching.explain import explain_rows
from mentormatch.matching.index import MentorIndex
from mentormatch.matching.reasons import AUDIENCES
from mentormatch.matching.types import Mentee, Suggestion


def explain_pair(
    index: MentorIndex, mentee: Mentee, mentor_id: int, *, audience: str = "mentee"
) -> Suggestion | None:
    """Score and reasons of one indexed mentor for a mentee.

    Parameters
    ----------
    index : MentorIndex
        A fitted index.
    mentee : Mentee
    mentor_id : int
    audience : {"mentee", "mentor", "admin"}
        Who reads the reasons.

    Returns
    -------
    Suggestion or None
        None when the mentor is not indexed or a hard rule forbids the pair.
    """
    return index.explain(mentee, mentor_id, audience=audience)


def explain_pair_for(
    index: MentorIndex,
    mentee: Mentee,
    mentor_id: int,
    audiences: Sequence[str] = AUDIENCES,
) -> dict[str, Suggestion] | None:
    """``explain_pair`` for several readers at once, scoring the mentee only once
    (a cohort run explains every proposed pair for the mentee, mentor and admin).

    Returns
    -------
    dict of audience to Suggestion, or None
        None as for ``explain_pair``; the suggestions differ only in ``reasons``.
    """
    index._check_fitted()
    row = index.row_of_.get(int(mentor_id))
    if row is None:
        return None
    query, score, tables = index._score(mentee, None)
    if not np.isfinite(score[row]):
        return None
    rows = np.array([row])
    return {a: explain_rows(index, query, score, tables, rows, a)[0] for a in audiences}
