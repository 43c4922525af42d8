"""Seed an empty database with the demo admin, the demo mentee and a demo population."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from mentormatch.core.catalog import ensure_catalogue
from mentormatch.core.errors import WorkflowError
from mentormatch.core.models import (
    CertKind,
    Chapter,
    Profile,
    ProfileCertification,
    ProfileSkill,
    Skill,
    SkillKind,
    User,
    utcnow,
)
from mentormatch.demo.services.people import DemoPerson, demo_people

# Published in the README: every demo account logs in with this password.
DEMO_PASSWORD = "demo-pass-2026"
# Reserved example.org: email validation refuses special-use names such as .test.
DEMO_ADMIN_EMAIL = "demo.admin@example.org"
DEMO_MENTEE_EMAIL = "demo.mentee@example.org"
DEMO_MENTOR_EMAIL = "demo.mentor@example.org"
# A chapter volunteer who runs the demo's chapter program (not a platform admin).
DEMO_PROGRAM_ADMIN_EMAIL = "demo.programs@example.org"
DEFAULT_SEED = 2026
BATCH_SIZE = 1000
ALREADY_SEEDED = "Database already has members; not seeding."

# A complete mentee aiming for PgMP, so that the suggestions page has much to show.
DEMO_MENTEE = DemoPerson(
    email=DEMO_MENTEE_EMAIL,
    profile={
        "display_name": "Sam Rivera",
        "headline": "Senior project manager · aiming for PgMP",
        "bio": "Senior project manager at a logistics company in Berlin; 9 years in "
        "warehouse automation and ERP projects.",
        "goals": "Stepping up to program management next year and aiming for the PgMP "
        "within 18 months. I would love a mentor who has run a multi-project program "
        "and can help me with benefits tracking and with talking to the steering "
        "committee about strategy, not status.",
        "years_experience": 9,
        "industry": "IT",
        "chapter": "PMI Berlin/Brandenburg",
        "timezone": "Europe/Berlin",
        "languages": ["English", "German"],
        "formats": ["video", "async"],
        "hours_per_month": 4,
        "wants_mentor": True,
        "offers_mentoring": False,
        "mentor_capacity": 0,
    },
    held=(("CAPM", 2015), ("PMP", 2019), ("PMI-ACP", 2022)),
    targets=("PgMP",),
    wants=(
        "program and portfolio management",
        "benefits realisation",
        "strategy alignment",
        "stakeholder engagement",
    ),
)


# A PgMP mentor who fits Sam: the demo pairs them (see demo.services.activity).
DEMO_MENTOR = DemoPerson(
    email=DEMO_MENTOR_EMAIL,
    profile={
        "display_name": "Dana Okafor",
        "headline": "Program director · PgMP, PMP · logistics and IT",
        "bio": "Program director in Hamburg; ran a 14-project warehouse automation "
        "program and mentors project managers moving into program roles.",
        "goals": "",
        "years_experience": 18,
        "industry": "IT",
        "chapter": "PMI Berlin/Brandenburg",
        "timezone": "Europe/Berlin",
        "languages": ["English", "German"],
        "formats": ["video", "async"],
        "hours_per_month": 4,
        "wants_mentor": False,
        "offers_mentoring": True,
        "mentor_capacity": 3,
    },
    held=(("PMP", 2010), ("PgMP", 2016)),
    offers=(
        "program and portfolio management",
        "benefits realisation",
        "stakeholder engagement",
    ),
)


class AlreadySeededError(WorkflowError):
    """The database has members already, so demo data would mix with real data."""


@dataclass(frozen=True, slots=True)
class SeedResult:
    """What `seed_demo` inserted."""

    members: int
    mentors: int
    mentees: int


def seed_demo(
    session: Session,
    *,
    seed: int = DEFAULT_SEED,
    mentors: int = 300,
    mentees: int = 300,
    on_progress: Callable[[int], None] | None = None,
) -> SeedResult:
    """Insert the demo admins, the demo mentee and a generated population, then commit.

    Every demo account has the password `DEMO_PASSWORD`; it is hashed once and the
    hash is shared, so seeding thousands of members takes seconds.

    Parameters
    ----------
    seed
        Same seed and counts give the same members and profiles.
    mentors, mentees
        How many people of each kind to generate (some generated people are both).
    on_progress
        Called with the number of members written after each batch.

    Returns
    -------
    SeedResult
        Counts of members, of profiles offering mentoring and of those wanting it.

    Raises
    ------
    AlreadySeededError
        The database already has a user account.
    """
    if session.scalar(select(User.user_id).limit(1)) is not None:
        raise AlreadySeededError(ALREADY_SEEDED)
    ensure_catalogue(session)
    password_hash = generate_password_hash(DEMO_PASSWORD)
    skill_ids = {s.name: s.skill_id for s in session.scalars(select(Skill))}
    chapter_ids = dict(session.execute(select(Chapter.name, Chapter.chapter_id)).all())
    # the platform admin and the program admin (a volunteer): staff, no profile
    staff = ((DEMO_ADMIN_EMAIL, True), (DEMO_PROGRAM_ADMIN_EMAIL, False))
    for email, is_admin in staff:
        session.add(
            User(
                email=email,
                password_hash=password_hash,
                is_admin=is_admin,
                email_verified_at=utcnow(),
            )
        )
    people = chain(
        [DEMO_MENTEE, DEMO_MENTOR], demo_people(seed, mentors=mentors, mentees=mentees)
    )
    counts = [len(staff), 0, 0]
    try:
        for batch in _batches(people, BATCH_SIZE):
            _insert_batch(session, batch, password_hash, skill_ids, chapter_ids)
            counts[0] += len(batch)
            counts[1] += sum(p.profile["offers_mentoring"] for p in batch)
            counts[2] += sum(p.profile["wants_mentor"] for p in batch)
            if on_progress:
                on_progress(len(batch))
        session.commit()
    except IntegrityError as err:  # another seeder won the race
        session.rollback()
        raise AlreadySeededError(ALREADY_SEEDED) from err
    return SeedResult(*counts)


def _batches(items: Iterable[DemoPerson], size: int) -> Iterator[list[DemoPerson]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _insert_batch(
    session: Session,
    batch: list[DemoPerson],
    password_hash: str,
    skill_ids: dict[str, int],
    chapter_ids: dict[str, int],
) -> None:
    """Bulk-insert accounts, then profiles, certifications and skills by user id.

    Core table inserts, not ORM ones: the ORM's per-row bookkeeping would double
    the time of a 10,000-member seed.
    """
    users = User.__table__
    now = utcnow()  # demo accounts count as verified
    user_ids = session.scalars(
        insert(users).returning(users.c.id, sort_by_parameter_order=True),
        [
            {"email": p.email, "password_hash": password_hash, "email_verified_at": now}
            for p in batch
        ],
    ).all()
    pairs = list(zip(user_ids, batch, strict=True))
    profiles = [
        {
            "user_id": uid,
            **p.profile,
            "chapter_id": chapter_ids.get(p.profile.get("chapter", "")),
        }
        for uid, p in pairs
    ]
    session.execute(insert(Profile.__table__), profiles)
    certs = [
        {"user_id": uid, "code": code, "kind": CertKind.HELD, "year_earned": year}
        for uid, p in pairs
        for code, year in p.held
    ] + [
        {"user_id": uid, "code": code, "kind": CertKind.TARGET, "year_earned": None}
        for uid, p in pairs
        for code in p.targets
    ]
    if certs:
        session.execute(insert(ProfileCertification.__table__), certs)
    skills = [
        {"user_id": uid, "skill_id": skill_ids[name], "kind": kind}
        for uid, p in pairs
        for kind, names in ((SkillKind.OFFERS, p.offers), (SkillKind.WANTS, p.wants))
        for name in names
    ]
    if skills:
        session.execute(insert(ProfileSkill.__table__), skills)
