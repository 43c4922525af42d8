"""Why a mentee has no possible mentor in a cohort run, in words an admin acts on."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.models import CertKind, Profile, ProfileCertification
from mentormatch.matching import Mentee

CHUNK = 2000


@dataclass(frozen=True, slots=True)
class MentorFacts:
    """What the hints read of a mentor with a free place."""

    user_id: int
    languages: frozenset[str]  # casefolded
    held: frozenset[str]


def mentor_facts(session: Session, ids: Sequence[int]) -> list[MentorFacts]:
    """Languages and held certifications of these mentors (read only when some
    mentee of the run has no candidate, which is rare)."""
    held: dict[int, set[str]] = defaultdict(set)
    langs: dict[int, list[str]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        stmt = select(ProfileCertification.user_id, ProfileCertification.code).where(
            ProfileCertification.kind == CertKind.HELD,
            ProfileCertification.user_id.in_(chunk),
        )
        for user_id, code in session.execute(stmt):
            held[user_id].add(code)
        rows = select(Profile.user_id, Profile.languages).where(
            Profile.user_id.in_(chunk)
        )
        langs.update((uid, list(value or ())) for uid, value in session.execute(rows))
    return [
        MentorFacts(
            i, frozenset(x.casefold() for x in langs.get(i, ())), frozenset(held[i])
        )
        for i in ids
    ]


def no_candidate_hint(
    mentee: Mentee, mentors: list[MentorFacts], excluded: Collection[int]
) -> str:
    """Name the hard rule that leaves `mentee` without any mentor.

    Checks, in order: nobody has a free place; no mentor with a free place shares
    a language; every such mentor is excluded (a block, a recent decline or an open
    request). Adds whether any of them holds a certification the mentee targets.
    """
    if not mentors:
        return "No mentor has a free place right now."
    wanted = {lang.casefold() for lang in mentee.languages}
    speakers = [
        m for m in mentors if wanted & m.languages and m.user_id != int(mentee.id)
    ]
    if not speakers:
        spoken = ", ".join(mentee.languages) or "no language (none given)"
        return f"No mentor with a free place speaks {spoken}."
    allowed = [m for m in speakers if m.user_id not in excluded]
    if not allowed:
        return (
            f"All {len(speakers)} mentor(s) with a free place who share a language "
            "were blocked, declined recently or already have a request."
        )
    targets = set(mentee.target_certifications)
    base = "No mentor meets this mentee's hard requirements."
    if targets and not any(targets & m.held for m in allowed):
        codes = ", ".join(sorted(targets))
        return f"{base} No mentor with a free place holds {codes}."
    return base
