"""Fixed lists the profile form offers: industries, languages and time zones."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

INDUSTRIES: tuple[str, ...] = (
    "IT",
    "Construction",
    "Healthcare",
    "Government",
    "Finance",
    "Energy",
    "Manufacturing",
    "Telecommunications",
    "Consulting",
    "Education",
    "Nonprofit",
    "Retail",
    "Pharma",
    "Aerospace and defence",
    "Other",
)

LANGUAGES: tuple[str, ...] = (
    "Arabic",
    "Bengali",
    "Chinese (Mandarin)",
    "Czech",
    "Danish",
    "Dutch",
    "English",
    "Finnish",
    "French",
    "German",
    "Greek",
    "Hebrew",
    "Hindi",
    "Indonesian",
    "Italian",
    "Japanese",
    "Korean",
    "Norwegian",
    "Polish",
    "Portuguese",
    "Romanian",
    "Russian",
    "Spanish",
    "Swedish",
    "Turkish",
    "Ukrainian",
    "Urdu",
    "Vietnamese",
)

CERT_YEAR_MIN = 1990

# Names zoneinfo lists that are not real places to live in.
_NOT_ZONES = frozenset({"Factory", "localtime", "posixrules"})


@lru_cache(maxsize=1)
def timezones() -> tuple[str, ...]:
    """Return the IANA time zone names this install knows, sorted."""
    return tuple(sorted(zoneinfo.available_timezones() - _NOT_ZONES))
