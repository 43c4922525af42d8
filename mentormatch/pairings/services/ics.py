"""A hand-written iCalendar (RFC 5545) file of check-ins, with the standard library."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

PRODID = "-//MentorMatch//Check-ins//EN"
CRLF = "\r\n"
LINE_OCTETS = 75


@dataclass(frozen=True, slots=True)
class Event:
    """One calendar entry: an all-day date or a timed start with a length."""

    uid: str
    start: date | datetime
    summary: str
    description: str = ""
    minutes: int = 60


def escape(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (continuations start with a space).

    Splits only between characters, so a multi-byte UTF-8 character stays whole.
    """
    parts: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(event: Event) -> list[str]:
    if isinstance(event.start, datetime):
        end = event.start + timedelta(minutes=event.minutes)
        return [f"DTSTART:{_utc(event.start)}", f"DTEND:{_utc(end)}"]
    end_day = event.start + timedelta(days=1)
    return [
        f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end_day:%Y%m%d}",
    ]


def calendar(events: Sequence[Event], *, now: datetime, name: str = "") -> str:
    """Return the VCALENDAR text (CRLF line ends, folded lines) of `events`."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(now)}",
            *_when(event),
            f"SUMMARY:{escape(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
