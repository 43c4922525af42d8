"""Text normalisation, synonym expansion and small encoders for profile fields."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from mentormatch.matching.catalog import CERTIFICATIONS, MEETING_FORMATS
from mentormatch.matching.synonyms import (
    CERT_ALIASES,
    CERT_CONCEPTS,
    CONCEPT_PHRASES,
    DOMAIN_STOP_WORDS,
    LANGUAGE_ALIASES,
    SKILL_ALIASES,
)


def _trie_pattern(phrases: Iterable[str]) -> str:
    """Prefix-factored alternation (much faster than a flat one in ``re``)."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        optional = "" in node
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if optional else body

    return build(trie)


PHRASE_PATTERN = (
    r"(?<!-)\b" + _trie_pattern({*CONCEPT_PHRASES, *CERT_ALIASES}) + r"(?![\w-])"
)
"""A domain phrase (concept or certification alias) in ``text_key`` output."""
_PHRASE_RE = re.compile(PHRASE_PATTERN)
_REFERENCE_INSTANTS = (datetime(2024, 1, 15, 12), datetime(2024, 7, 15, 12))
FORMAT_BITS: dict[str, int] = {f: 1 << i for i, f in enumerate(MEETING_FORMATS)}
ALL_FORMATS = sum(FORMAT_BITS.values())
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | DOMAIN_STOP_WORDS
TOKEN_PATTERN = r"(?u)\b[^\W\d][\w]+\b"


def text_key(text: str) -> str:
    """Lower-case text with ``_`` as space and whitespace runs collapsed."""
    return " ".join(str(text).lower().replace("_", " ").split())


@lru_cache(maxsize=8192)
def canonical_certification(code: str) -> str | None:
    """Return the catalogue code for a spelling such as ``"pmi acp"``, else None."""
    return CERT_ALIASES.get(text_key(code).replace("®", ""))


@lru_cache(maxsize=8192)
def canonical_skill(name: str) -> str | None:
    """Return the catalogue skill name for a spelling, else None."""
    return SKILL_ALIASES.get(text_key(name))


@lru_cache(maxsize=8192)
def canonical_language(name: str) -> str:
    """Return a lower-case language name (``"EN"`` -> ``"english"``); may be empty."""
    key = text_key(name)
    return LANGUAGE_ALIASES.get(key, key)


def canonical_format(name: str) -> str | None:
    """Return ``"video"``, ``"async"`` or ``"in_person"`` for a spelling, else None."""
    key = text_key(name).replace(" ", "_").replace("-", "_")
    return key if key in FORMAT_BITS else None


def certifications(codes: Iterable[str]) -> frozenset[str]:
    """Canonical codes among ``codes``; unknown codes are dropped."""
    found = (canonical_certification(c) for c in codes or ())
    return frozenset(c for c in found if c)


def skills(names: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Split skill spellings into (canonical known skills, unknown leftovers)."""
    known, unknown = set(), []
    for name in names or ():
        skill = canonical_skill(name)
        known.add(skill) if skill else unknown.append(str(name))
    return frozenset(known), tuple(unknown)


def format_bits(formats: Iterable[str]) -> int:
    """Bitmask of known formats; an empty or unknown-only list means "any format"."""
    bits = 0
    for name in formats or ():
        fmt = canonical_format(name)
        bits |= FORMAT_BITS[fmt] if fmt else 0
    return bits or ALL_FORMATS


@lru_cache(maxsize=4096)
def timezone_offsets(name: str) -> tuple[float, float] | None:
    """UTC offsets in hours in January and July (fixed dates, never the clock).

    Returns None for an empty or unknown zone name.
    """
    try:
        zone = ZoneInfo(str(name).strip())
    except (ValueError, KeyError, OSError):
        return None
    hours = []
    for instant in _REFERENCE_INSTANTS:
        offset = instant.replace(tzinfo=zone).utcoffset()
        hours.append(offset.total_seconds() / 3600.0 if offset is not None else 0.0)
    return hours[0], hours[1]


def _expansion(phrase: str) -> str:
    code = CERT_ALIASES.get(phrase)
    tokens = [cert_token(code), *CERT_CONCEPTS.get(code, ())] if code else []
    return " ".join([*tokens, *CONCEPT_PHRASES.get(phrase, ())])


def key_phrases(text: str) -> tuple[str, list[str]]:
    """(``text_key(text)``, the domain phrases found in it, in order): what
    both ``normalise_text`` and ``named_certifications`` read, found once."""
    base = text_key(text)
    return base, _PHRASE_RE.findall(base)


def named_certifications(phrases: Iterable[str]) -> frozenset[str]:
    """The certification codes among ``key_phrases`` phrases (``"pass the
    PgMP"`` -> PgMP)."""
    found = (CERT_ALIASES.get(p) for p in phrases)
    return frozenset(c for c in found if c)


def cert_token(code: str) -> str:
    """Token standing for a certification in normalised text (``cert_pmi_acp``)."""
    return "cert_" + code.lower().replace("-", "_")


def normalise_text(text: str) -> str:
    """Lower-case text plus concept tokens for every domain phrase found.

    "agile transformation" and "PMI-ACP, scrum coaching" both gain ``c_agile``,
    so TF-IDF cosine sees them as related.
    """
    return expanded_text(*key_phrases(text))


def expanded_text(base: str, phrases: Iterable[str]) -> str:
    """``normalise_text`` from its ``key_phrases``."""
    extra = " ".join(EXPANSION[p] for p in phrases)
    return base + " " + extra if extra else base


EXPANSION: dict[str, str] = {}
"""Phrase -> the concept tokens it adds to normalised text."""


CERT_DESCENDANTS: dict[str, frozenset[str]] = {}
"""Certifications that usually come after each code (transitively)."""


def _descendants(code: str) -> frozenset[str]:
    direct = {c.code for c in CERTIFICATIONS if code in c.usually_after}
    out = set(direct)
    for child in direct:
        out |= _descendants(child)
    return frozenset(out)


CERT_DESCENDANTS.update({c.code: _descendants(c.code) for c in CERTIFICATIONS})
NEXT_STEPS: dict[str, frozenset[str]] = {
    c.code: frozenset(d.code for d in CERTIFICATIONS if c.code in d.usually_after)
    for c in CERTIFICATIONS
}
"""Certifications whose ``usually_after`` names the code directly."""
FIRST_STEPS: frozenset[str] = frozenset({"CAPM", "PMP"})
"""Where a mentee holding nothing usually starts."""

EXPANSION.update({p: _expansion(p) for p in {*CONCEPT_PHRASES, *CERT_ALIASES}})
