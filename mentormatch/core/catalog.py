"""Read and seed the certification, skill and chapter catalogues."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.chapters import ensure_chapters
from mentormatch.core.models import Certification, Skill
from mentormatch.matching.catalog import CERTIFICATIONS, SKILLS


def ensure_catalogue(session: Session) -> None:
    """Insert any catalogue certification or skill the database lacks."""
    have_certs = set(session.scalars(select(Certification.code)))
    have_skills = set(session.scalars(select(Skill.name)))
    for cert in CERTIFICATIONS:
        if cert.code not in have_certs:
            session.add(Certification(code=cert.code, name=cert.name, level=cert.level))
    for skill in SKILLS:
        if skill.name not in have_skills:
            session.add(Skill(name=skill.name, group=skill.group))
    ensure_chapters(session)
    session.commit()


def skills_by_name(session: Session) -> dict[str, Skill]:
    """Return every skill keyed by its name."""
    return {s.name: s for s in session.scalars(select(Skill))}
