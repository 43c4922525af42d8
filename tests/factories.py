"""Plain factory functions that build unique test data in a session."""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from mentormatch.core.chapters import find_chapter
from mentormatch.core.models import (
    OTHER_CHAPTER,
    CertKind,
    Chapter,
    MatchRequest,
    MatchStatus,
    Profile,
    ProfileCertification,
    ProfileSkill,
    Skill,
    SkillKind,
    User,
    utcnow,
)

TEST_PASSWORD = "correct-horse-42"
_counter = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    """Hash the shared test password once per run."""
    return generate_password_hash(TEST_PASSWORD)


def make_user(session: Session, **overrides: Any) -> User:
    n = next(_counter)
    values: dict[str, Any] = {
        "email": f"user{n}@example.org",
        "password_hash": password_hash(),
        "email_verified_at": utcnow(),
    }
    values.update(overrides)
    user = User(**values)
    session.add(user)
    session.commit()
    return user


def _skills(session: Session, names: list[str], kind: SkillKind) -> list[ProfileSkill]:
    found = {
        s.name: s for s in session.scalars(select(Skill).where(Skill.name.in_(names)))
    }
    return [ProfileSkill(skill=found[name], kind=kind) for name in names]


def _catalogued(session: Session, values: dict[str, Any]) -> None:
    """Point the profile at its chapter as the catalogue migration would: a known
    name becomes that chapter, other text is kept under "Other"."""
    text = values.get("chapter", "")
    if not text or "chapter_id" in values:
        return
    found = find_chapter(session, text) or session.scalar(
        select(Chapter).where(Chapter.name == OTHER_CHAPTER)
    )
    if found is not None:
        values["chapter_id"] = found.chapter_id
        values["chapter"] = text if found.is_other else found.name


def make_profile(
    session: Session,
    user: User | None = None,
    *,
    held: dict[str, int | None] | None = None,
    targets: list[str] | None = None,
    offers: list[str] | None = None,
    wants: list[str] | None = None,
    **overrides: Any,
) -> Profile:
    """Create a complete profile for `user` (a new user when None)."""
    user = user or make_user(session)
    values: dict[str, Any] = {
        "display_name": f"Member {user.user_id}",
        "timezone": "Europe/Berlin",
        "languages": ["English"],
        "formats": ["video", "async"],
        "years_experience": 5,
        "chapter": "Berlin",
        "industry": "IT",
    }
    values.update(overrides)
    _catalogued(session, values)
    skills = _skills(session, offers or [], SkillKind.OFFERS) + _skills(
        session, wants or [], SkillKind.WANTS
    )
    certifications = [
        ProfileCertification(code=c, kind=CertKind.HELD, year_earned=y)
        for c, y in (held or {}).items()
    ] + [ProfileCertification(code=c, kind=CertKind.TARGET) for c in targets or []]
    profile = Profile(user=user, certifications=certifications, skills=skills, **values)
    session.add(profile)
    session.commit()
    return profile


def make_mentor(session: Session, **overrides: Any) -> User:
    values: dict[str, Any] = {
        "offers_mentoring": True,
        "mentor_capacity": 2,
        "years_experience": 15,
        "held": {"PMP": 2012, "PgMP": 2018},
        "offers": ["program and portfolio management", "stakeholder engagement"],
        "bio": "Program director; I help PMPs step up to program management.",
    }
    values.update(overrides)
    return make_profile(session, **values).user


def make_mentee(session: Session, **overrides: Any) -> User:
    values: dict[str, Any] = {
        "wants_mentor": True,
        "years_experience": 4,
        "held": {"PMP": 2022},
        "targets": ["PgMP"],
        "wants": ["program and portfolio management"],
        "goals": "I want to step up to program management and pass the PgMP.",
    }
    values.update(overrides)
    return make_profile(session, **values).user


def make_match_request(
    session: Session,
    *,
    mentee: User | None = None,
    mentor: User | None = None,
    status: MatchStatus = MatchStatus.REQUESTED,
    **overrides: Any,
) -> MatchRequest:
    """Insert a request directly in a given state (bypassing the workflow)."""
    request = MatchRequest(
        mentee=mentee or make_mentee(session),
        mentor=mentor or make_mentor(session),
        status=status,
        message="Hello, would you mentor me?",
        **overrides,
    )
    session.add(request)
    session.commit()
    return request
