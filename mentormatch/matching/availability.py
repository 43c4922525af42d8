"""Hours as a separate scoring part: does the mentor have the hours asked for?

Kept apart from the engine's own parts so it can be tuned (or moved into the
index) without touching them: the adapter applies it to ranked suggestions. It is
stored as the part ``hours`` (not in ``scoring.PART_NAMES``, so weight learning
ignores it; the engine's own ``availability`` part is about logins and capacity).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from mentormatch.matching.types import Suggestion

# At most this much of the [0, 1] score is lost when a mentor offers no time at all.
W_AVAILABILITY = 0.15


def availability_fit(mentee_hours: int, mentor_hours: int) -> float:
    """1.0 when the mentor offers the hours asked for, else the share offered."""
    if mentee_hours <= 0 or mentor_hours >= mentee_hours:
        return 1.0
    return max(mentor_hours, 0) / mentee_hours


def with_availability(
    suggestion: Suggestion,
    mentee_hours: int,
    mentor_hours: int,
    *,
    audience: str = "mentee",
) -> Suggestion:
    """The suggestion with an ``hours`` part (<= 0) and a reason when it matters."""
    fit = availability_fit(mentee_hours, mentor_hours)
    # (offerer, asker) as the reader says them: the mentor reads it from their side
    mentor, who = {
        "mentee": ("Offers", "you"),
        "mentor": ("You offer", "they"),
        "admin": ("Mentor offers", "the mentee"),
    }.get(audience, ("Offers", "the mentee"))
    part = -W_AVAILABILITY * (1.0 - fit)
    reasons = suggestion.reasons
    if fit < 1.0:
        reasons = (
            *reasons,
            f"{mentor} {mentor_hours} h a month; {who} asked for {mentee_hours}",
        )
    elif mentee_hours > 2:
        has = {"Offers": "Has", "You offer": "You have", "Mentor offers": "Mentor has"}
        reasons = (
            *reasons,
            f"{has[mentor]} the {mentee_hours} h a month {who} asked for",
        )
    return replace(
        suggestion,
        score=max(0.0, suggestion.score + part),
        reasons=reasons,
        parts={**suggestion.parts, "hours": part},
    )


def rerank_by_availability(
    found: Sequence[Suggestion],
    mentee_hours: int,
    mentor_hours: Mapping[int, int],
    *,
    audience: str = "mentee",
) -> list[Suggestion]:
    """Apply availability to each suggestion and sort best first again (stable)."""
    adjusted = [
        with_availability(
            s, mentee_hours, mentor_hours.get(s.mentor_id, 0), audience=audience
        )
        for s in found
    ]
    return sorted(adjusted, key=lambda s: -s.score)
