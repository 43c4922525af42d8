"""Helpers for follow-up tests: an agreed pairing and a strict iCalendar reader."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from mentormatch.core.models import Agreement, MatchRequest
from mentormatch.pairings.services import followups


def agree(session: Session, req: MatchRequest, **terms: Any) -> Agreement:
    """The mentee proposes (weekly from Mon 5 Jan 2026), the mentor accepts."""
    values: dict[str, Any] = {
        "goals": "Pass the PgMP\nLead a program",
        "cadence": "weekly",
        "duration_months": 6,
        "starts_on": date(2026, 1, 5),
    }
    values.update(terms)
    followups.propose_agreement(
        session, req, by=req.mentee, terms=followups.Terms(**values)
    )
    return followups.accept_agreement(session, req, by=req.mentor)


_NAME = re.compile(r"^[A-Z][A-Z0-9-]*$")
_UTC = re.compile(r"^\d{8}T\d{6}Z$")
_DATE = re.compile(r"^\d{8}$")
REQUIRED = ("UID", "DTSTAMP", "DTSTART", "SUMMARY")


def unfold(text: str) -> list[str]:
    """Split on CRLF (bare LF is an error) and join continuation lines."""
    assert text.endswith("\r\n"), "the file must end with CRLF"
    raw = text[:-2].split("\r\n")
    lines: list[str] = []
    for line in raw:
        assert "\n" not in line and "\r" not in line, "bare line break"
        assert len(line.encode("utf-8")) <= 75, f"line longer than 75 octets: {line!r}"
        if line.startswith(" "):
            assert lines, "continuation without a line"
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def _value(params: dict[str, str], value: str) -> date | datetime | str:
    if params.get("VALUE") == "DATE":
        assert _DATE.match(value), value
        return datetime.strptime(value, "%Y%m%d").date()
    if _UTC.match(value):
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return value


def unescape(value: str) -> str:
    """Undo TEXT escaping; a bare comma or semicolon is an error."""
    out, chars = "", iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars)
            out += "\n" if nxt in "nN" else nxt
            assert nxt in "nN\\;,", f"bad escape \\{nxt}"
        else:
            assert char not in ",;", f"unescaped {char!r} in {value!r}"
            out += char
    return out


def parse_ics(text: str) -> list[dict[str, Any]]:
    """Parse a VCALENDAR strictly; return its VEVENTs as {name: value} dicts."""
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(x.startswith("PRODID:") for x in lines)
    events: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for line in lines[1:-1]:
        head, sep, value = line.partition(":")
        assert sep, f"no colon in {line!r}"
        name, *raw_params = head.split(";")
        assert _NAME.match(name), name
        params = dict(p.split("=", 1) for p in raw_params)
        if line == "BEGIN:VEVENT":
            assert current is None, "nested VEVENT"
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            missing = [n for n in REQUIRED if n not in current]
            assert not missing, f"VEVENT misses {missing}"
            events.append(current)
            current = None
        elif current is not None:
            is_text = name in ("SUMMARY", "DESCRIPTION")
            current[name] = unescape(value) if is_text else _value(params, value)
    assert current is None, "unterminated VEVENT"
    return events
