"""Cadence date maths: month ends, leap years, wall times across daylight saving."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from mentormatch.pairings.services.schedule import (
    add_months,
    iter_dates,
    local_moment,
    next_dates,
    nth_date,
    today_in,
)


@pytest.mark.parametrize(
    ("anchor", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 31), 2, date(2025, 3, 31)),
        (date(2025, 1, 31), 3, date(2025, 4, 30)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_schedule_add_months_clamps_to_month_end(anchor, months, expected):
    assert add_months(anchor, months) == expected


def test_schedule_monthly_keeps_anchor_day_after_a_short_month():
    dates = next_dates(date(2024, 1, 31), "monthly", 5)
    assert dates == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]


def test_schedule_weekly_and_biweekly_steps():
    start = date(2025, 12, 29)
    assert next_dates(start, "weekly", 3) == [
        date(2025, 12, 29),
        date(2026, 1, 5),
        date(2026, 1, 12),
    ]
    assert next_dates(start, "biweekly", 3) == [
        date(2025, 12, 29),
        date(2026, 1, 12),
        date(2026, 1, 26),
    ]


def test_schedule_next_dates_after_skips_past_slots():
    start = date(2026, 1, 5)
    assert next_dates(start, "weekly", 2, after=date(2026, 1, 13)) == [
        date(2026, 1, 19),
        date(2026, 1, 26),
    ]


def test_schedule_iter_dates_stops_at_until():
    days = list(iter_dates(date(2026, 1, 31), "monthly", until=date(2026, 4, 30)))
    assert days == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]


def test_schedule_unknown_cadence_refused():
    with pytest.raises(ValueError, match="unknown cadence"):
        nth_date(date(2026, 1, 1), "daily", 1)


def _weekly_at(start: date, at: time, zone: str, count: int) -> list[datetime]:
    return [local_moment(d, at, zone) for d in next_dates(start, "weekly", count)]


@pytest.mark.parametrize(
    ("zone", "start", "before", "after"),
    [
        # Europe/Berlin: clocks go forward on the last Sunday of March ...
        ("Europe/Berlin", date(2025, 3, 24), timedelta(hours=1), timedelta(hours=2)),
        # ... and back on the last Sunday of October.
        ("Europe/Berlin", date(2025, 10, 20), timedelta(hours=2), timedelta(hours=1)),
        # America/New_York: second Sunday of March, first Sunday of November.
        (
            "America/New_York",
            date(2025, 3, 3),
            timedelta(hours=-5),
            timedelta(hours=-4),
        ),
        (
            "America/New_York",
            date(2025, 10, 27),
            timedelta(hours=-4),
            timedelta(hours=-5),
        ),
    ],
)
def test_schedule_weekly_keeps_local_time_across_dst(zone, start, before, after):
    first, second = _weekly_at(start, time(18, 30), zone, 2)
    assert (first.hour, first.minute) == (second.hour, second.minute) == (18, 30)
    assert second.date() - first.date() == timedelta(days=7)
    assert first.utcoffset() == before and second.utcoffset() == after
    # The UTC instants are a week apart plus or minus the hour the clocks moved.
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(days=7) - (
        after - before
    )


def test_schedule_nonexistent_local_time_moves_forward():
    moment = local_moment(date(2025, 3, 30), time(2, 30), "Europe/Berlin")
    assert (moment.hour, moment.minute) == (3, 30)
    assert moment.astimezone(UTC) == datetime(2025, 3, 30, 1, 30, tzinfo=UTC)


def test_schedule_ambiguous_local_time_takes_the_first():
    moment = local_moment(date(2025, 10, 26), time(2, 30), "Europe/Berlin")
    assert moment.astimezone(UTC) == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)


def test_schedule_today_in_zone():
    now = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)
    assert today_in("America/New_York", now) == date(2025, 12, 31)
    assert today_in("Europe/Berlin", now) == date(2026, 1, 1)
