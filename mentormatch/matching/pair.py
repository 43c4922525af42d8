"""Explain one (mentee, mentor) pair with the same numbers the ranking uses."""

from __future__ import annotations

import numpy as np

from mentormatch.matching.explain import explain_rows
from mentormatch.matching.index import MentorIndex
from mentormatch.matching.types import Mentee, Suggestion


def explain_pair(
    index: MentorIndex, mentee: Mentee, mentor_id: int
) -> Suggestion | None:
    """Score and reasons of one indexed mentor for a mentee.

    Parameters
    ----------
    index : MentorIndex
        A fitted index.
    mentee : Mentee
    mentor_id : int

    Returns
    -------
    Suggestion or None
        None when the mentor is not indexed or a hard rule forbids the pair.
    """
    row = index.row_of_.get(int(mentor_id))
    if row is None:
        return None
    query, scored, mask = index._score(mentee, None)
    if not mask[row]:
        return None
    return explain_rows(index, query, scored, np.array([row]))[0]
