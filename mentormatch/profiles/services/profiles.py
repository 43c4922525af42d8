"""Create, update and read member profiles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mentormatch.core.catalog import skills_by_name
from mentormatch.core.chapters import (
    UnknownChapterError,
    resolve_chapter,
    set_chapter,
)
from mentormatch.core.errors import ValidationError
from mentormatch.core.models import (
    CertKind,
    Profile,
    ProfileCertification,
    ProfileSkill,
    Skill,
    SkillKind,
    User,
)
from mentormatch.matching.catalog import (
    CERTIFICATIONS_BY_CODE,
    MEETING_FORMAT_LABELS,
    SKILL_GROUPS,
    SKILLS,
)

SKILL_GROUP_OF: dict[str, str] = {s.name: s.group for s in SKILLS}


class ProfileFieldError(ValidationError):
    """A domain rule broken by one profile field; `field` names the form field."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class ProfileData:
    """Validated values of a profile, as the edit form collects them."""

    display_name: str
    headline: str = ""
    bio: str = ""
    goals: str = ""
    years_experience: int = 0
    industry: str = ""
    # A catalogue chapter's name ("" for none); with "Other", the member's words.
    chapter: str = ""
    chapter_other: str = ""
    timezone: str = "UTC"
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    hours_per_month: int = 2
    wants_mentor: bool = False
    offers_mentoring: bool = False
    mentor_capacity: int = 0
    held: dict[str, int | None] = field(default_factory=dict)
    targets: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    wants: tuple[str, ...] = ()
    # Certificate numbers members enter for held certifications, by code.
    numbers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProfileCard:
    """What a profile page shows, prepared so the template needs no lookups."""

    profile: Profile
    held: list[tuple[str, str, int | None]]
    verified: frozenset[str]
    targets: list[tuple[str, str]]
    offers: list[tuple[str, list[str]]]
    wants: list[tuple[str, list[str]]]
    formats: list[str]
    hint: str | None


def _check_rules(profile: Profile | None, data: ProfileData) -> None:
    used = profile.mentor_slots_used if profile is not None else 0
    if data.mentor_capacity < used:
        raise ProfileFieldError(
            f"You mentor {used} people now, so your capacity cannot go below {used}.",
            field="mentor_capacity",
        )
    for codes, field_name in (
        (data.held, "certs_held"),
        (data.targets, "certs_targeted"),
    ):
        if any(code not in CERTIFICATIONS_BY_CODE for code in codes):
            raise ProfileFieldError(
                "Choose certifications from the list.", field=field_name
            )


def _held_row(
    code: str, year: int | None, number: str, before: ProfileCertification | None
) -> ProfileCertification:
    """A held certification; a verification stays while the number is unchanged."""
    keep = (
        before is not None and before.is_verified and before.number == (number or None)
    )
    # Every column is set, even to None: a replaced row becomes an UPDATE of the
    # old one, which would otherwise keep the old verification.
    return ProfileCertification(
        code=code,
        kind=CertKind.HELD,
        year_earned=year,
        number=number or None,
        verified_at=before.verified_at if keep and before else None,
        verified_by_id=before.verified_by_id if keep and before else None,
    )


def _cert_rows(
    profile: Profile | None, data: ProfileData
) -> list[ProfileCertification]:
    old = {
        c.code: c
        for c in (profile.certifications if profile is not None else [])
        if c.kind == CertKind.HELD
    }
    held = [
        _held_row(code, year, data.numbers.get(code, ""), old.get(code))
        for code, year in sorted(data.held.items())
    ]
    targets = [
        ProfileCertification(code=code, kind=CertKind.TARGET)
        for code in sorted(set(data.targets))
    ]
    return held + targets


def _skill_rows(known: Mapping[str, Skill], data: ProfileData) -> list[ProfileSkill]:
    rows = []
    for kind, names, field_name in (
        (SkillKind.OFFERS, data.offers, "skills_offered"),
        (SkillKind.WANTS, data.wants, "skills_wanted"),
    ):
        for name in sorted(set(names)):
            if name not in known:
                raise ProfileFieldError(
                    "Choose skills from the list.", field=field_name
                )
            rows.append(ProfileSkill(skill=known[name], kind=kind))
    return rows


_PLAIN_FIELDS = (
    "display_name",
    "headline",
    "bio",
    "goals",
    "years_experience",
    "industry",
    "timezone",
    "hours_per_month",
    "wants_mentor",
    "offers_mentoring",
    "mentor_capacity",
)


def save_profile(session: Session, *, user: User, data: ProfileData) -> Profile:
    """Create or update `user`'s profile, replacing its certifications and skills.

    Parameters
    ----------
    session
        The database session; committed once on success.
    user
        The owner of the profile (always the member who is logged in).
    data
        Values already checked for shape by the form.

    Returns
    -------
    Profile
        The saved profile.

    Raises
    ------
    ProfileFieldError
        A rule the form cannot check, e.g. capacity below the mentees already taken
        on, or a chapter that is not in the catalogue; nothing is changed.
    """
    profile = apply_profile(session, user=user, data=data)
    session.commit()
    return profile


def apply_profile(
    session: Session,
    *,
    user: User,
    data: ProfileData,
    known_skills: Mapping[str, Skill] | None = None,
) -> Profile:
    """Like `save_profile`, but leave the commit to the caller (e.g. a bulk import).

    Parameters
    ----------
    known_skills
        The skill catalogue by name, when the caller already loaded it.

    Raises
    ------
    ProfileFieldError
        As `save_profile`.
    """
    profile = user.profile
    _check_rules(profile, data)
    try:
        chapter = resolve_chapter(session, data.chapter)
    except UnknownChapterError as err:
        raise ProfileFieldError(str(err), field="chapter") from err
    known = known_skills if known_skills is not None else skills_by_name(session)
    certs, skills = _cert_rows(profile, data), _skill_rows(known, data)
    if profile is None:
        profile = Profile(user=user, display_name=data.display_name)
        session.add(profile)
    for name in _PLAIN_FIELDS:
        setattr(profile, name, getattr(data, name))
    set_chapter(profile, chapter, data.chapter_other)
    profile.languages = list(dict.fromkeys(data.languages))
    profile.formats = list(dict.fromkeys(data.formats))
    profile.certifications = certs
    profile.skills = skills
    return profile


def get_profile(session: Session, user_id: int) -> Profile | None:
    """Return the profile of `user_id` with its certifications and skills loaded."""
    return session.scalar(
        select(Profile)
        .where(Profile.user_id == user_id)
        .options(selectinload(Profile.certifications), selectinload(Profile.skills))
    )


def get_public_profile(session: Session, user_id: int) -> Profile | None:
    """Return another member's profile, or None if unknown, missing or inactive."""
    profile = get_profile(session, user_id)
    if profile is None or not profile.user.is_active:
        return None
    return profile


def cert_name(code: str) -> str:
    """Return a certification's full name, or the code if the catalogue lacks it."""
    cert = CERTIFICATIONS_BY_CODE.get(code)
    return cert.name if cert else code


def _grouped(names: list[str]) -> list[tuple[str, list[str]]]:
    groups = [
        (g, [n for n in names if SKILL_GROUP_OF.get(n) == g]) for g in SKILL_GROUPS
    ]
    return [(g, members) for g, members in groups if members]


def completeness_hint(profile: Profile) -> str | None:
    """Say what the profile still lacks before suggestions can be made, if anything."""
    lacking = [
        label
        for label, present in (
            ("display name", profile.display_name),
            ("languages", profile.languages),
            ("time zone", profile.timezone),
            (
                "role (want a mentor or offer mentoring)",
                profile.wants_mentor or profile.offers_mentoring,
            ),
        )
        if not present
    ]
    if not lacking:
        return None
    listed = " and ".join(
        [", ".join(lacking[:-1]), lacking[-1]] if len(lacking) > 1 else lacking
    )
    return f"Add your {listed} to get suggestions."


def verified_codes(profile: Profile) -> frozenset[str]:
    """The held certifications whose number an admin has verified."""
    return frozenset(
        c.code
        for c in profile.certifications
        if c.kind == CertKind.HELD and c.is_verified
    )


def profile_card(profile: Profile) -> ProfileCard:
    """Prepare the facts a profile page shows: names, labels, grouped skills."""
    return ProfileCard(
        profile=profile,
        held=[
            (code, cert_name(code), year)
            for code, year in sorted(profile.held_years().items())
        ],
        verified=verified_codes(profile),
        targets=[
            (code, cert_name(code)) for code in profile.cert_codes(CertKind.TARGET)
        ],
        offers=_grouped(profile.skill_names(SkillKind.OFFERS)),
        wants=_grouped(profile.skill_names(SkillKind.WANTS)),
        formats=[MEETING_FORMAT_LABELS.get(f, f) for f in profile.formats],
        hint=completeness_hint(profile),
    )
