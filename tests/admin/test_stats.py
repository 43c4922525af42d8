"""Dashboard figures and chart series against a known dataset."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentormatch.admin.services import charts, stats
from mentormatch.core.models import Feedback, MatchStatus, utcnow
from tests.factories import (
    make_match_request,
    make_mentee,
    make_mentor,
    make_profile,
    make_user,
)

S = MatchStatus
NOW = utcnow()


def ago(days: float):
    return NOW - timedelta(days=days)


@pytest.fixture
def dataset(session):
    """3 mentees, 2 mentors, 1 both, 1 inactive mentee, 1 account without profile."""
    signed = {"created_at": ago(40)}
    m1 = make_mentee(session, user=make_user(session, **signed))
    m2 = make_mentee(session, user=make_user(session, created_at=ago(30)))
    m3 = make_mentee(session, wants=["risk management"])
    t1 = make_mentor(session)
    t2 = make_mentor(session, offers=["risk management"])
    both = make_profile(
        session,
        wants_mentor=True,
        offers_mentoring=True,
        mentor_capacity=1,
        wants=["program and portfolio management"],
    ).user
    make_mentee(session, user=make_user(session, is_active=False))
    make_user(session)
    # Pairings: m1 after 10 days (active), m2 after 20 days (ended), m1 again later.
    make_match_request(
        session,
        mentee=m1,
        mentor=t1,
        status=S.ACTIVE,
        responded_at=ago(31),
        started_at=ago(30),
    )
    make_match_request(
        session,
        mentee=m2,
        mentor=t1,
        status=S.ENDED,
        responded_at=ago(11),
        started_at=ago(10),
        ended_at=ago(1),
    )
    make_match_request(
        session,
        mentee=m1,
        mentor=t2,
        status=S.ENDED,
        responded_at=ago(3),
        started_at=ago(2),
        ended_at=ago(1),
    )
    # Queue: two accepted (0.5 and 9 days), one declined, one requested, one expired.
    make_match_request(
        session, mentee=m3, mentor=t1, status=S.ACCEPTED, responded_at=ago(0.5)
    )
    make_match_request(
        session, mentee=both, mentor=t2, status=S.ACCEPTED, responded_at=ago(9)
    )
    make_match_request(
        session, mentee=m3, mentor=t2, status=S.DECLINED, responded_at=ago(4)
    )
    make_match_request(session, mentee=m2, mentor=t2)
    make_match_request(session, mentee=m2, mentor=both, status=S.EXPIRED)
    return {"m1": m1, "m2": m2}


def test_figures_counts_rate_and_median(session, dataset):
    f = stats.figures(session, now=NOW)
    assert (f.mentees, f.mentors, f.both) == (3, 2, 1)
    assert (f.inactive, f.without_profile) == (1, 1)
    # m1 has an active pairing; m2, m3 and `both` still wait for a mentor.
    assert f.waiting_for_mentor == 3
    assert f.queue == 2 and f.oldest_queue_days == pytest.approx(9, abs=1e-6)
    assert (f.active_pairings, f.ended_pairings) == (1, 2)
    # Answered: 3 pairings + 2 accepted + 1 declined = 6; accepted or later = 5.
    assert f.acceptance_rate == pytest.approx(5 / 6)
    # m1: 40 -> 30 days ago = 10 days (first pairing); m2: 30 -> 10 = 20 days.
    assert f.median_days_to_pairing == pytest.approx(15, abs=1e-6)


def test_figures_empty_database_has_no_rate_or_median(session):
    f = stats.figures(session)
    assert f.acceptance_rate is None and f.median_days_to_pairing is None
    assert f.oldest_queue_days is None and f.queue == 0


def test_pairings_per_week_buckets_last_twelve_weeks(session, dataset):
    weeks = stats.pairings_per_week(session, now=NOW)
    assert len(weeks) == 12 and weeks[0][0] < weeks[-1][0]
    assert sum(n for _, n in weeks) == 3
    starts = [s for s, _ in weeks]
    for day in (30, 10, 2):
        week = max(i for i, s in enumerate(starts) if s <= ago(day))
        assert weeks[week][1] >= 1


def test_pairings_older_than_twelve_weeks_not_counted(session):
    make_match_request(session, status=S.ENDED, started_at=ago(100))
    assert sum(n for _, n in stats.pairings_per_week(session, now=NOW)) == 0


def test_queue_ages_histogram(session, dataset):
    assert stats.queue_ages(session, now=NOW) == [
        ("< 1 d", 1),
        ("1–3 d", 0),
        ("3–7 d", 0),
        ("7–14 d", 1),
        ("> 14 d", 0),
    ]


def test_skills_gap_wanted_against_offered(session, dataset):
    gap = dict((name, (w, o)) for name, w, o in stats.skills_gap(session))
    # Wanted by m1, m2, the inactive mentee (not counted) and `both`; offered by t1.
    assert gap["program and portfolio management"] == (3, 1)
    assert gap["risk management"] == (1, 1)
    assert "stakeholder engagement" not in gap  # offered, never wanted


def test_feedback_average_when_ratings_exist(session, dataset):
    req = dataset["m1"].requests_made[0]
    for author, rating in ((req.mentee_id, 5), (req.mentor_id, 4)):
        session.add(
            Feedback(request_id=req.request_id, author_id=author, rating=rating)
        )
    session.commit()
    assert stats.feedback_average(session) == (4.5, 2)


def test_column_chart_scales_bars_to_the_tallest():
    chart = charts.column_chart([("a", 2), ("b", 8), ("c", 0)], title="t")
    heights = [bar.height for bar in chart.bars]
    assert heights[2] == 0 and heights[1] == pytest.approx(4 * heights[0])
    assert chart.ticks[-1].value == 8 and "b: 8" in chart.summary
    assert not chart.empty and charts.column_chart([("a", 0)], title="t").empty


def test_paired_chart_two_bars_per_row_on_one_scale():
    chart = charts.paired_bar_chart([("x", 6, 2), ("y", 3, 0)], title="t")
    assert len(chart.bars) == 4 and len(chart.labels) == 2
    assert chart.bars[0].width == pytest.approx(3 * chart.bars[1].width)
    assert "x: 6 wanted, 2 offered" in chart.summary


@pytest.mark.parametrize(
    ("value", "top"),
    [(0, 4), (3, 4), (5, 8), (13, 16), (41, 60), (230, 240), (1000, 1000)],
)
def test_nice_max_rounds_up_to_whole_steps(value, top):
    assert charts.nice_max(value) == top
