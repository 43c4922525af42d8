"""Goal topics, reader-facing reasons, reciprocity and fair exposure."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from mentormatch.matching import Mentee, Mentor, MentorIndex
from mentormatch.matching.needs import topic_needs, topic_needs_many
from mentormatch.matching.topics import TOPIC_NAMES

AGILE = Mentor(
    1,
    ["PMP"],
    [],
    "Coached a dozen scrum teams through sprints and retros.",
    15,
    "Berlin",
    "Europe/Berlin",
    ["English"],
)
PROGRAM = Mentor(
    2,
    ["PMP", "PgMP"],
    [],
    "Programme director over several related projects.",
    15,
    "Lagos",
    "Europe/Berlin",
    ["English"],
)
MENTEE = Mentee(
    9,
    ["PMP"],
    ["PgMP"],
    goals="I am stepping up to run a programme. Usually free"
    " for a few hours on weekends in Berlin.",
    years_experience=4,
    chapter="Berlin",
    timezone="Europe/Berlin",
    languages=["English"],
)


def test_main_goal_is_the_first_sentence_naming_a_topic() -> None:
    index = MentorIndex().fit([AGILE, PROGRAM])
    needs = topic_needs(index.topic_model_, MENTEE.goals, {"PgMP"}, set())
    assert TOPIC_NAMES[needs.main] == "program"
    agile = topic_needs(
        index.topic_model_, "Our sprints fail. Also want a PMO.", (), ()
    )
    assert TOPIC_NAMES[agile.main] == "agile" and agile.need.sum() == pytest.approx(1)


def test_needs_of_a_cohort_are_each_mentees_own() -> None:
    """Worked out together (one array pass for the whole cohort), each mentee's
    needs are what it gets alone: goals with no topic, several stated goals, a
    weak first sentence before a strong one, targets or skills only."""
    model = MentorIndex().fit([AGILE, PROGRAM]).topic_model_
    keys = [
        (MENTEE.goals, {"PgMP"}, set()),
        ("", set(), set()),
        ("Hello there. Nothing to say.", set(), set()),
        ("Hello. Our sprints fail; also want a PMO!", {"PMI-ACP"}, set()),
        ("", {"PMP"}, {"risk management"}),
        ("Our sprints fail. Also want a PMO.", (), ()),
    ]
    together = topic_needs_many(model, keys)
    assert [n.main for n in together[:3]] == [together[0].main, None, None]
    for key, needs in zip(keys, together, strict=True):
        alone = topic_needs(model, *key)
        assert alone.main == needs.main
        np.testing.assert_allclose(alone.need, needs.need, atol=1e-12)
        np.testing.assert_allclose(alone.expanded, needs.expanded, atol=1e-12)
    assert together[3].need.sum() == pytest.approx(1) and together[4].main is not None
    # a weak first sentence does not state the main goal; the next strong one does
    assert TOPIC_NAMES[together[3].main] == TOPIC_NAMES[together[5].main] == "agile"
    assert together[3].need[together[3].main] == pytest.approx(0.7)
    assert not together[1].need.any() and not together[1].expanded.any()


def test_mentor_covering_the_main_goal_ranks_first_with_a_reason() -> None:
    first, second = MentorIndex().fit([AGILE, PROGRAM]).rank(MENTEE)
    assert first.mentor_id == 2
    assert any(r.startswith("Can help with your main goal") for r in first.reasons)
    assert "Same chapter" in second.reasons  # not crowded out


def test_reasons_are_phrased_for_the_reader() -> None:
    index = MentorIndex().fit([AGILE, PROGRAM])
    mentor_view = index.explain(MENTEE, 2, audience="mentor")
    assert "Aims for PgMP, which you hold" in mentor_view.reasons
    admin_view = index.explain(MENTEE, 2, audience="admin")
    assert "Mentor holds PgMP, which the mentee is aiming for" in admin_view.reasons
    assert mentor_view.score == admin_view.score == index.explain(MENTEE, 2).score
    with pytest.raises(ValueError, match="audience"):
        index.rank(MENTEE, audience="robot")


def test_noise_words_are_never_named_as_shared_goals() -> None:
    noisy = dataclasses.replace(
        AGILE, expertise="Free a few hours on weekends in Berlin"
    )
    (only,) = MentorIndex().fit([noisy]).rank(MENTEE)
    for reason in only.reasons:
        assert "hours" not in reason and "berlin" not in reason.lower()


def test_defaults_keep_the_ranking_and_wishes_work_both_ways() -> None:
    plain = MentorIndex().fit([AGILE, PROGRAM]).rank(MENTEE)
    asks = dataclasses.replace(AGILE, wants_career_stages=["early"])
    refuses = dataclasses.replace(PROGRAM, wants_industries=["construction"])
    mentee = dataclasses.replace(MENTEE, industries=["finance"])
    index = MentorIndex().fit([asks, refuses])
    wished = {s.mentor_id: s for s in index.rank(mentee)}
    base = {s.mentor_id: s for s in plain}
    assert wished[1].parts["reciprocity"] > base[1].parts["reciprocity"]
    assert wished[2].parts["reciprocity"] < base[2].parts["reciprocity"]
    assert "Wants to mentor people like you: early career" in wished[1].reasons


def test_never_logged_in_ranks_below_an_equal_active_mentor() -> None:
    twin = dataclasses.replace(PROGRAM, id=3, has_logged_in=False)
    index = MentorIndex().fit([PROGRAM, twin])
    first, second = index.rank(MENTEE, audience="admin")
    assert (first.mentor_id, second.mentor_id) == (2, 3)
    assert any("never logged in" in r for r in second.reasons)
    assert not any("never logged in" in r for r in index.rank(MENTEE)[1].reasons)


def test_near_capacity_mentor_is_damped_a_little() -> None:
    busy = dataclasses.replace(PROGRAM, id=3, capacity_left=1, capacity_total=3)
    first, second = MentorIndex().fit([PROGRAM, busy]).rank(MENTEE)
    assert (first.mentor_id, second.mentor_id) == (2, 3)
    assert 0 < first.score - second.score < 0.02


def test_career_stage_and_hours_wishes() -> None:
    from mentormatch.matching.preferences import career_stage

    assert [career_stage(y) for y in (0, 3, 7, 20, "x")] == [0, 1, 2, 3, 0]
    ample = dataclasses.replace(PROGRAM, max_hours_month=6)
    short = dataclasses.replace(PROGRAM, id=3, max_hours_month=1)
    mentee = dataclasses.replace(MENTEE, hours_month=4)
    first, second = MentorIndex().fit([ample, short]).rank(mentee)
    assert (first.mentor_id, second.mentor_id) == (2, 3)
    assert "4 or more hours a month" in " ".join(first.reasons)
