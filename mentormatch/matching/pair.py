"""Explain one (mentee, mentor) pair with the same numbers the ranking uses."""

from __future__ import annotations

from mentormatch.matching.index import MentorIndex
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
