"""The chapter catalogue: seed list, lookup by free text, and seeding."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.errors import NotAllowedError, ValidationError
from mentormatch.core.models import OTHER_CHAPTER, Chapter, Profile, User

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


def catalogue_names(session: Session) -> dict[str, str]:
    """Every catalogue name ("Other" included) by its normalised key."""
    return {chapter_key(name): name for name in session.scalars(select(Chapter.name))}


# The catalogue's regions in the order forms list them (PMI's macro regions);
# chapters of any other region follow, and "Other" comes last.
REGION_ORDER = ("North America", "Latin America", "EMEA", "Asia Pacific")
OTHER_GROUP = "Not listed"


def by_region(chapters: Iterable[Chapter]) -> list[tuple[str, list[Chapter]]]:
    """Group chapters by PMI region for a select: known regions first, by name."""
    groups: dict[str, list[Chapter]] = {}
    for chapter in chapters:
        region = OTHER_GROUP if chapter.is_other else (chapter.region or OTHER_GROUP)
        groups.setdefault(region, []).append(chapter)

    def rank(region: str) -> tuple[int, str]:
        if region in REGION_ORDER:
            return REGION_ORDER.index(region), ""
        return len(REGION_ORDER) + (region == OTHER_GROUP), region.casefold()

    return [
        (region, sorted(groups[region], key=lambda c: (c.is_other, c.name.casefold())))
        for region in sorted(groups, key=rank)
    ]


class UnknownChapterError(ValidationError):
    """A chapter name that is not in the catalogue (nothing is stored)."""


def resolve_chapter(session: Session, name: str) -> Chapter | None:
    """The catalogue row a chosen name stands for ("Other" included); None for "".

    Names compare as the migration compared them ("pmi uk chapter" is PMI UK).

    Raises
    ------
    UnknownChapterError
        The name is in no catalogue row.
    """
    if not name.strip():
        return None
    if chapter_key(name) == chapter_key(OTHER_CHAPTER):
        other = session.scalar(select(Chapter).where(Chapter.name == OTHER_CHAPTER))
        if other is not None:
            return other
    found = find_chapter(session, name)
    if found is None:
        raise UnknownChapterError(
            f"“{name.strip()[:80]}” is not in the chapter list: choose your "
            "chapter, or “Other” and type its name."
        )
    return found


def set_chapter(profile: Profile, chapter: Chapter | None, other_name: str) -> None:
    """Point a profile at a catalogue chapter; under "Other" keep the member's words.

    The other name is kept only with "Other" (the engine compares the text, so
    two members who both chose "Other" without a name share no chapter).
    """
    profile.chapter_id = chapter.chapter_id if chapter else None
    profile.chapter_entry = chapter
    if chapter is None:
        profile.chapter = ""
    elif chapter.is_other:
        profile.chapter = other_name.strip()[:80]
    else:
        profile.chapter = chapter.name[:80]


def chapter_cell(profile: Profile) -> str:
    """The chapter as a CSV cell the import reads back: "Other: <words>" for Other."""
    entry = profile.chapter_entry
    if entry is not None and entry.is_other:
        return f"{OTHER_CHAPTER}: {profile.chapter}" if profile.chapter else entry.name
    return profile.chapter


def split_cell(cell: str) -> tuple[str, str]:
    """A CSV chapter cell as (chapter name, other chapter name)."""
    head, sep, rest = cell.partition(":")
    if sep and chapter_key(head) == chapter_key(OTHER_CHAPTER):
        return OTHER_CHAPTER, rest.strip()
    return cell.strip(), ""


def add_chapter(
    session: Session,
    *,
    by: User,
    name: str,
    region: str = "",
    country: str = "",
    timezone: str = "UTC",
) -> Chapter:
    """A platform admin adds a chapter to the catalogue.

    Raises
    ------
    NotAllowedError
        `by` is not a platform admin.
    ValidationError
        The name is "Other" or matches a chapter already listed once normalised
        ("pmi uk chapter" is PMI UK), so members would see it twice.
    """
    if not by.is_admin:
        raise NotAllowedError("Only platform admins add chapters.")
    key = chapter_key(name)
    if key == chapter_key(OTHER_CHAPTER) or key in catalogue_names(session):
        raise ValidationError("This chapter is already in the catalogue.")
    chapter = Chapter(name=name, region=region, country=country, timezone=timezone)
    session.add(chapter)
    session.commit()
    return chapter
