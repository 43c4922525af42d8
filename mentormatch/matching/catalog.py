"""Canonical PMI certification, skill and meeting-format catalogues (domain brief)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Certification:
    """A PMI certification, its level and the certifications usually held before it."""

    code: str
    name: str
    level: str
    usually_after: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SkillInfo:
    """A skill from the fixed list, grouped by PMI's talent triangle."""

    name: str
    group: str


CERTIFICATIONS: tuple[Certification, ...] = (
    Certification("CAPM", "Certified Associate in Project Management", "entry"),
    Certification("PMP", "Project Management Professional", "core", ("CAPM",)),
    Certification(
        "PMI-ACP", "PMI Agile Certified Practitioner", "specialist", ("PMP",)
    ),
    Certification(
        "PMI-RMP", "PMI Risk Management Professional", "specialist", ("PMP",)
    ),
    Certification("PMI-SP", "PMI Scheduling Professional", "specialist", ("PMP",)),
    Certification(
        "PMI-PBA", "PMI Professional in Business Analysis", "specialist", ("PMP",)
    ),
    Certification("PMI-CP", "PMI Construction Professional", "specialist", ("PMP",)),
    Certification("PMO-CP", "PMO Certified Practitioner", "specialist", ("PMP",)),
    Certification("DASM", "Disciplined Agile Scrum Master", "specialist"),
    Certification(
        "DASSM", "Disciplined Agile Senior Scrum Master", "specialist", ("DASM", "PMP")
    ),
    Certification("PgMP", "Program Management Professional", "senior", ("PMP",)),
    Certification(
        "PfMP", "Portfolio Management Professional", "senior", ("PgMP", "PMP")
    ),
)

CERTIFICATION_CODES: tuple[str, ...] = tuple(c.code for c in CERTIFICATIONS)
CERTIFICATIONS_BY_CODE: dict[str, Certification] = {c.code: c for c in CERTIFICATIONS}

SKILL_GROUPS: tuple[str, ...] = ("ways of working", "power skills", "business acumen")

SKILLS: tuple[SkillInfo, ...] = tuple(
    SkillInfo(name, group)
    for group, names in (
        (
            "ways of working",
            (
                "predictive planning",
                "scheduling",
                "cost and budget control",
                "risk management",
                "quality",
                "procurement and contracts",
                "agile/scrum",
                "kanban",
                "hybrid delivery",
                "requirements and business analysis",
                "program and portfolio management",
                "PMO setup",
            ),
        ),
        (
            "power skills",
            (
                "stakeholder engagement",
                "communication",
                "leadership",
                "negotiation",
                "conflict resolution",
                "coaching",
                "change management",
                "team building",
                "emotional intelligence",
            ),
        ),
        (
            "business acumen",
            (
                "strategy alignment",
                "benefits realisation",
                "financial analysis",
                "industry knowledge",
                "governance",
            ),
        ),
    )
    for name in names
)

SKILL_NAMES: tuple[str, ...] = tuple(s.name for s in SKILLS)

MEETING_FORMATS: tuple[str, ...] = ("video", "async", "in_person")
MEETING_FORMAT_LABELS: dict[str, str] = {
    "video": "1:1 video",
    "async": "Async messages",
    "in_person": "In person at chapter events",
}
