"""Check-in cadence date maths: month ends, local times across daylight saving."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKLY, BIWEEKLY, MONTHLY = "weekly", "biweekly", "monthly"
CADENCES: dict[str, str] = {
    WEEKLY: "Weekly",
    BIWEEKLY: "Every two weeks",
    MONTHLY: "Monthly",
}
_STEP_DAYS = {WEEKLY: 7, BIWEEKLY: 14}


def add_months(anchor: date, months: int) -> date:
    """Return `anchor` moved by `months`, clamped to the end of a shorter month.

    The day comes from `anchor` every time, so Jan 31 + 1 → Feb 28/29 and
    Jan 31 + 2 → Mar 31 (the anchor day is kept, not the clamped one). Beyond the
    calendar (year 9999) the result is clamped to date.min or date.max, so a stored
    out-of-range agreement still renders.
    """
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(anchor.day, last))


def nth_date(start: date, cadence: str, n: int) -> date:
    """Return the `n`-th check-in date (0 is `start`) of a cadence."""
    if cadence == MONTHLY:
        return add_months(start, n)
    try:
        return start + timedelta(days=_STEP_DAYS[cadence] * n)
    except KeyError:
        raise ValueError(f"unknown cadence {cadence!r}") from None
    except OverflowError:  # past year 9999: the end of the calendar
        return date.max


def iter_dates(start: date, cadence: str, until: date | None = None) -> Iterator[date]:
    """Yield the check-in dates from `start` on, up to and including `until`."""
    n, last = 0, None
    while True:
        day = nth_date(start, cadence, n)
        if (until is not None and day > until) or (last is not None and day <= last):
            return  # past `until`, or stuck at the end of the calendar
        yield day
        last, n = day, n + 1


def next_dates(
    start: date, cadence: str, count: int, *, after: date | None = None
) -> list[date]:
    """Return the next `count` check-in dates on or after `after` (default `start`)."""
    out: list[date] = []
    for day in iter_dates(start, cadence):
        if len(out) >= count:
            break
        if after is None or day >= after:
            out.append(day)
    return out


def local_moment(day: date, at: time, zone: str) -> datetime:
    """Return the aware local datetime of `day` at wall time `at` in `zone`.

    The wall time stays the same across a daylight-saving change (the UTC offset
    moves instead). A time that does not exist on the day the clocks go forward is
    pushed forward by the gap, as calendars do.
    """
    tz = ZoneInfo(zone)
    naive = datetime.combine(day, at)
    try:
        return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    except OverflowError:  # within hours of year 1 or 9999: keep the wall time
        return naive.replace(tzinfo=tz)


def today_in(zone: str, now: datetime) -> date:
    """Return the calendar date of the aware instant `now` in `zone`."""
    return now.astimezone(ZoneInfo(zone)).date()
