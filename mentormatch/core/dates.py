"""The window of dates members may type: today give or take a few years.

Year 9999 plus a duration overflowed the calendar (a pairing page and its .ics were
a 500 for good), and 0001-01-01 reached the PDU hours CSV. Forms and services both
check against this one window.
"""

from __future__ import annotations

from datetime import date, datetime

from mentormatch.core.errors import ValidationError

WINDOW_YEARS = 5


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def window(today: date, years: int = WINDOW_YEARS) -> tuple[date, date]:
    """The first and last date allowed around `today`."""
    return _years_from(today, -years), _years_from(today, years)


def in_window(day: date | datetime, today: date, years: int = WINDOW_YEARS) -> bool:
    """Tell whether `day` (a date or the date of a datetime) lies in the window."""
    low, high = window(today, years)
    return low <= (day.date() if isinstance(day, datetime) else day) <= high


def check_window(day: date | datetime, today: date, what: str) -> None:
    """Refuse a date more than WINDOW_YEARS from `today`.

    Raises
    ------
    ValidationError
        The date is outside the window; the message names `what` and the bounds.
    """
    if not in_window(day, today):
        low, high = window(today)
        raise ValidationError(
            f"Choose a {what} between {low.isoformat()} and {high.isoformat()}."
        )
