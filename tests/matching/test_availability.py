"""Availability: a mentor short of the mentee's hours scores lower, with a reason."""

from __future__ import annotations

from mentormatch.matching.availability import (
    W_AVAILABILITY,
    availability_fit,
    rerank_by_availability,
    with_availability,
)
from mentormatch.matching.types import Suggestion


def test_fit_is_the_share_of_hours_offered():
    assert availability_fit(8, 2) == 0.25
    assert availability_fit(8, 8) == availability_fit(2, 10) == 1.0
    assert availability_fit(0, 0) == 1.0


def test_mentor_with_two_hours_falls_behind_one_with_eight_for_an_eight_hour_mentee():
    short = Suggestion(1, 0.80, ("Same chapter",), {"chapter": 0.1})
    roomy = Suggestion(2, 0.75, (), {})
    ranked = rerank_by_availability([short, roomy], 8, {1: 2, 2: 8})
    assert [s.mentor_id for s in ranked] == [2, 1]
    assert ranked[1].score == 0.80 - W_AVAILABILITY * 0.75
    assert ranked[1].reasons[-1] == "Offers 2 h a month; you asked for 8"
    assert ranked[0].reasons == ("Has the 8 h a month you asked for",)


def test_no_reason_when_availability_does_not_matter():
    ranked = rerank_by_availability([Suggestion(1, 0.5, (), {})], 2, {1: 4})
    assert ranked[0].reasons == () and ranked[0].score == 0.5


def test_hours_part_leaves_the_engines_availability_part_alone():
    engine = Suggestion(1, 0.6, (), {"availability": 0.05})
    out = with_availability(engine, 8, 4, audience="admin")
    assert out.parts["availability"] == 0.05
    assert out.parts["hours"] == -W_AVAILABILITY * 0.5
    assert out.reasons == ("Mentor offers 4 h a month; the mentee asked for 8",)


def test_hours_reasons_are_phrased_for_the_mentor():
    short = with_availability(Suggestion(1, 0.6, (), {}), 8, 4, audience="mentor")
    assert short.reasons == ("You offer 4 h a month; they asked for 8",)
    enough = rerank_by_availability(
        [Suggestion(1, 0.6, (), {})], 6, {1: 8}, audience="mentor"
    )
    assert enough[0].reasons == ("You have the 6 h a month they asked for",)
