"""The chapter catalogue: seed list, lookup by free text, and seeding."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.models import OTHER_CHAPTER, Chapter, Profile

# (name, region, country, time zone). Names are chapters whose sites or PMI's
# regional pages name them (see the migration that seeds them); the regions are
# PMI's four macro regions. The migration keeps its own frozen copy of this list.
SEED_CHAPTERS: tuple[tuple[str, str, str, str], ...] = (
    ("PMI Berlin/Brandenburg", "EMEA", "Germany", "Europe/Berlin"),
    ("PMI Munich/Southern Germany", "EMEA", "Germany", "Europe/Berlin"),
    ("PMI Netherlands", "EMEA", "Netherlands", "Europe/Amsterdam"),
    ("PMI UK", "EMEA", "United Kingdom", "Europe/London"),
    ("PMI France", "EMEA", "France", "Europe/Paris"),
    ("PMI Madrid Spain", "EMEA", "Spain", "Europe/Madrid"),
    ("PMI Poland", "EMEA", "Poland", "Europe/Warsaw"),
    ("PMI Luxembourg", "EMEA", "Luxembourg", "Europe/Luxembourg"),
    ("PMI Arabian Gulf", "EMEA", "United Arab Emirates", "Asia/Dubai"),
    ("PMI Kenya", "EMEA", "Kenya", "Africa/Nairobi"),
    ("PMI South Africa", "EMEA", "South Africa", "Africa/Johannesburg"),
    ("PMI Southern Ontario", "North America", "Canada", "America/Toronto"),
    ("PMI Montréal", "North America", "Canada", "America/Toronto"),
    ("PMI Manitoba", "North America", "Canada", "America/Winnipeg"),
    ("PMI New York City", "North America", "United States", "America/New_York"),
    ("PMI Chicagoland", "North America", "United States", "America/Chicago"),
    ("PMI Houston", "North America", "United States", "America/Chicago"),
    ("PMI Clear Lake-Galveston", "North America", "United States", "America/Chicago"),
    ("PMI Silicon Valley", "North America", "United States", "America/Los_Angeles"),
    ("PMI Massachusetts Bay", "North America", "United States", "America/New_York"),
    ("PMI Western Michigan", "North America", "United States", "America/Detroit"),
    (
        "PMI Northeast Indiana",
        "North America",
        "United States",
        "America/Indiana/Indianapolis",
    ),
    (
        "PMI West Virginia/Ohio Valley",
        "North America",
        "United States",
        "America/New_York",
    ),
    ("PMI Tallahassee", "North America", "United States", "America/New_York"),
    ("PMI Mexico", "Latin America", "Mexico", "America/Mexico_City"),
    ("PMI São Paulo", "Latin America", "Brazil", "America/Sao_Paulo"),
    ("PMI Bangalore", "Asia Pacific", "India", "Asia/Kolkata"),
    ("PMI Pune-Deccan", "Asia Pacific", "India", "Asia/Kolkata"),
    ("PMI Singapore", "Asia Pacific", "Singapore", "Asia/Singapore"),
    ("PMI Japan", "Asia Pacific", "Japan", "Asia/Tokyo"),
    ("PMI Sydney", "Asia Pacific", "Australia", "Australia/Sydney"),
    (OTHER_CHAPTER, "", "", "UTC"),
)


def chapter_key(text: str) -> str:
    """Normalise a chapter name so "pmi uk chapter" and "PMI UK" compare equal."""
    key = re.sub(r"[^\w/]+", " ", text.casefold())
    key = re.sub(r"\b(pmi|chapter|the)\b", " ", key)
    return " ".join(key.split())


def ensure_chapters(session: Session) -> None:
    """Insert any seed chapter the database lacks (no commit)."""
    have = set(session.scalars(select(Chapter.name)))
    for name, region, country, tz in SEED_CHAPTERS:
        if name not in have:
            session.add(Chapter(name=name, region=region, country=country, timezone=tz))


def all_chapters(session: Session) -> list[Chapter]:
    """Every chapter by name, the "Other" row last."""
    rows = session.scalars(select(Chapter).order_by(Chapter.name))
    return sorted(rows, key=lambda c: (c.is_other, c.name.casefold()))


def find_chapter(session: Session, text: str) -> Chapter | None:
    """The catalogue chapter whose name matches `text`, else None."""
    key = chapter_key(text)
    if not key:
        return None
    for chapter in session.scalars(select(Chapter)):
        if chapter_key(chapter.name) == key and not chapter.is_other:
            return chapter
    return None


def assign_chapter(session: Session, profile: Profile, text: str) -> None:
    """Point a profile at its chapter; unknown text keeps its words under "Other"."""
    text = text.strip()
    found = find_chapter(session, text) if text else None
    if found is None and text:
        found = session.scalar(select(Chapter).where(Chapter.name == OTHER_CHAPTER))
    profile.chapter_id = found.chapter_id if found else None
    profile.chapter = found.name if found and not found.is_other else text
