"""The only bridge to the matching engine: ORM rows in, ranked users out."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, String, or_, select, type_coerce
from sqlalchemy.orm import Session, contains_eager, selectinload

from mentormatch.core.id_lists import any_id
from mentormatch.core.models import (
    OPEN_STATUSES,
    Agreement,
    CertKind,
    Checkup,
    LearnedWeights,
    MatchRequest,
    MatchStatus,
    MemberPreference,
    PreferenceKind,
    Profile,
    ProfileCertification,
    ProfileSkill,
    Skill,
    SkillKind,
    User,
    utcnow,
)
from mentormatch.core.roles import outside_programs
from mentormatch.core.workflow import Rules, Suggested
from mentormatch.matching import Mentee, Mentor, RankFilters, Suggestion
from mentormatch.matching.availability import rerank_by_availability, with_availability
from mentormatch.matching.pair import explain_pair_for

if TYPE_CHECKING:  # the cache reads its rows through this module
    from mentormatch.suggestions.services.index_cache import IndexCache

# The account comes from the join every query here makes anyway (no extra query).
_LOAD = (
    selectinload(Profile.certifications),
    selectinload(Profile.skills).joinedload(ProfileSkill.skill),
    contains_eager(Profile.user),
)


def mentor_from_profile(profile: Profile) -> Mentor:
    """Describe a mentor's profile for the engine."""
    return _mentor(
        profile,
        is_active=profile.user.is_active and profile.user.is_verified,
        has_logged_in=profile.user.last_login_at is not None,
        certifications=profile.cert_codes(CertKind.HELD),
        skills=profile.skill_names(SkillKind.OFFERS),
    )


def _mentor(
    profile: Profile | Row,
    *,
    is_active: bool,
    has_logged_in: bool,
    certifications: list[str],
    skills: list[str],
) -> Mentor:
    """A Mentor from a Profile or a row of the profile table's columns."""
    return Mentor(
        id=profile.user_id,
        certifications=certifications,
        skills=skills,
        expertise="\n".join(x for x in (profile.headline, profile.bio) if x),
        years_experience=profile.years_experience,
        chapter=profile.chapter,
        timezone=profile.timezone,
        languages=tuple(profile.languages),
        formats=tuple(profile.formats),
        capacity_left=max(profile.mentor_capacity - profile.mentor_slots_used, 0),
        active=is_active and profile.offers_mentoring,
        has_logged_in=has_logged_in,
        capacity_total=profile.mentor_capacity,
        wants_career_stages=tuple(profile.wants_career_stages or ()),
        wants_topics=tuple(profile.wants_topics or ()),
        wants_industries=tuple(profile.wants_industries or ()),
        max_hours_month=profile.max_hours_month,
    )


_MENTOR_COLUMNS = (
    Profile.user_id,
    Profile.headline,
    Profile.bio,
    Profile.years_experience,
    Profile.chapter,
    Profile.timezone,
    # raw JSON text, parsed once per distinct value (a few hundred, not 100k)
    type_coerce(Profile.languages, String),
    type_coerce(Profile.formats, String),
    Profile.mentor_capacity,
    Profile.mentor_slots_used,
    Profile.offers_mentoring,
    # Listed: active and with a confirmed email address (else never suggested).
    (User.is_active & User.email_verified_at.is_not(None)).label("listed"),
    User.last_login_at,
    # whom the mentor wants to mentor (mostly empty lists: few distinct values)
    type_coerce(Profile.wants_career_stages, String),
    type_coerce(Profile.wants_topics, String),
    type_coerce(Profile.wants_industries, String),
    Profile.max_hours_month,
)


@lru_cache(maxsize=4096)
def _parsed(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


def _names(value: object) -> tuple[str, ...]:
    """A JSON list column as a tuple (drivers that decode JSON give a list)."""
    if isinstance(value, str):
        return _parsed(value)
    return tuple(value) if isinstance(value, list | tuple) else ()


def all_mentors(session: Session, only: Collection[int] | None = None) -> list[Mentor]:
    """Every profile offering mentoring (or those of `only`) as engine mentors, read
    as plain rows.

    Same result as `mentor_from_profile` over the ORM profiles, without building
    an ORM object per profile, certification and skill (seconds at 10k mentors),
    reading only the columns a Mentor needs, as positional tuples.
    """
    mentoring: list[Any] = [Profile.offers_mentoring]
    if only is not None:
        mentoring.append(Profile.user_id.in_(only))
    ids = select(Profile.user_id).where(*mentoring)
    held = select(ProfileCertification.user_id, ProfileCertification.code).where(
        ProfileCertification.kind == CertKind.HELD,
        ProfileCertification.user_id.in_(ids),
    )
    offers = (
        select(ProfileSkill.user_id, Skill.name)
        .join(ProfileSkill.skill)
        .where(ProfileSkill.kind == SkillKind.OFFERS, ProfileSkill.user_id.in_(ids))
    )
    certs: dict[int, list[str]] = defaultdict(list)
    skills: dict[int, list[str]] = defaultdict(list)
    for found, stmt in ((certs, held), (skills, offers)):
        for user_id, name in session.execute(stmt):
            found[user_id].append(name)
    columns = select(*_MENTOR_COLUMNS).join(Profile.user)
    return [
        Mentor(
            id=uid,
            certifications=sorted(certs[uid]),
            skills=sorted(skills[uid]),
            expertise="\n".join(x for x in (headline, bio) if x),
            years_experience=years,
            chapter=chapter,
            timezone=zone,
            languages=_names(langs),
            formats=_names(fmts),
            capacity_left=max(cap - used, 0),
            active=active and offers,
            has_logged_in=last_login is not None,
            capacity_total=cap,
            wants_career_stages=_names(stages),
            wants_topics=_names(topics),
            wants_industries=_names(industries),
            max_hours_month=max_hours,
        )
        for (
            uid,
            headline,
            bio,
            years,
            chapter,
            zone,
            langs,
            fmts,
            cap,
            used,
            offers,
            active,
            last_login,
            stages,
            topics,
            industries,
            max_hours,
        ) in session.execute(columns.where(*mentoring))
    ]


def mentee_from_profile(profile: Profile, exclude_ids: Iterable[int] = ()) -> Mentee:
    """Describe a mentee's profile for the engine."""
    return Mentee(
        id=profile.user_id,
        certifications=profile.cert_codes(CertKind.HELD),
        target_certifications=profile.cert_codes(CertKind.TARGET),
        skills_wanted=profile.skill_names(SkillKind.WANTS),
        # goals first: the engine reads the first goal stated as the main one
        goals="\n".join(x for x in (profile.goals, profile.headline) if x),
        years_experience=profile.years_experience,
        chapter=profile.chapter,
        timezone=profile.timezone,
        languages=tuple(profile.languages),
        formats=tuple(profile.formats),
        exclude_ids=frozenset(exclude_ids),
        # where they work and where they want to go, for the mentors' wishes
        industries=tuple(
            dict.fromkeys(
                x for x in (profile.industry, *(profile.target_industries or ())) if x
            )
        ),
        hours_month=profile.hours_per_month,
    )


_MENTEE_COLUMNS = (
    Profile.user_id,
    Profile.goals,
    Profile.headline,
    Profile.years_experience,
    Profile.chapter,
    Profile.timezone,
    type_coerce(Profile.languages, String),
    type_coerce(Profile.formats, String),
    Profile.industry,
    type_coerce(Profile.target_industries, String),
    Profile.hours_per_month,
)


def load_mentees(
    session: Session, ids: Collection[int], excluded: dict[int, set[int]]
) -> list[Mentee]:
    """``mentee_from_profile`` for many profiles, read as plain rows (no ORM
    objects): the columns a Mentee needs, certifications and wanted skills; in
    the order of `ids`; `excluded` gives each one's ``exclude_ids``."""
    held: dict[int, list[str]] = defaultdict(list)
    target: dict[int, list[str]] = defaultdict(list)
    wants: dict[int, list[str]] = defaultdict(list)
    rows: dict[int, Row] = {}
    id_list = list(ids)
    for start in range(0, len(id_list), _CHUNK):
        chunk = id_list[start : start + _CHUNK]
        certs = select(
            ProfileCertification.user_id,
            ProfileCertification.kind,
            ProfileCertification.code,
        ).where(any_id(session, ProfileCertification.user_id, chunk))
        for user_id, kind, code in session.execute(certs):
            (held if kind == CertKind.HELD else target)[user_id].append(code)
        skills = (
            select(ProfileSkill.user_id, Skill.name)
            .join(ProfileSkill.skill)
            .where(
                ProfileSkill.kind == SkillKind.WANTS,
                any_id(session, ProfileSkill.user_id, chunk),
            )
        )
        for user_id, name in session.execute(skills):
            wants[user_id].append(name)
        stmt = select(*_MENTEE_COLUMNS).where(any_id(session, Profile.user_id, chunk))
        rows.update((row[0], row) for row in session.execute(stmt))
    out = []
    for uid in id_list:
        _, goals, headline, years, chapter, zone, langs, fmts, industry, aims, hours = (
            rows[uid]
        )
        out.append(
            Mentee(
                id=uid,
                certifications=sorted(held[uid]),
                target_certifications=sorted(target[uid]),
                skills_wanted=sorted(wants[uid]),
                goals="\n".join(x for x in (goals, headline) if x),
                years_experience=years,
                chapter=chapter,
                timezone=zone,
                languages=_names(langs),
                formats=_names(fmts),
                exclude_ids=frozenset(excluded.get(uid, ())),
                industries=tuple(
                    dict.fromkeys(x for x in (industry, *_names(aims)) if x)
                ),
                hours_month=hours,
            )
        )
    return out


_CHUNK = 2000  # ids per query (an IN list; one array parameter on PostgreSQL)


def excluded_mentor_ids(
    session: Session, mentee_id: int, cooldown_days: int
) -> set[int]:
    """Mentors never to suggest: open requests or pairings, recent declines, blocks
    in either direction, and pairings called "not a good fit"."""
    return excluded_pairs(session, [mentee_id], cooldown_days)[mentee_id]


# Pairings either member called "not a good fit" (fit check or check-up).
_not_a_fit = select(Agreement.request_id).where(
    or_(Agreement.mentee_fit.is_(False), Agreement.mentor_fit.is_(False))
)
_not_a_fit_checkup = select(Checkup.request_id).where(Checkup.not_a_fit.is_(True))


def excluded_pairs(
    session: Session, mentee_ids: Collection[int], cooldown_days: int
) -> dict[int, set[int]]:
    """``excluded_mentor_ids`` for many mentees at once: {mentee_id: mentor ids}."""
    out: dict[int, set[int]] = {int(i): set() for i in mentee_ids}
    since = utcnow() - timedelta(days=cooldown_days)
    stmt = select(MatchRequest.mentee_id, MatchRequest.mentor_id).where(
        any_id(session, MatchRequest.mentee_id, out),
        or_(
            MatchRequest.status.in_(OPEN_STATUSES),
            (MatchRequest.status == MatchStatus.DECLINED)
            & (MatchRequest.responded_at >= since),
            MatchRequest.request_id.in_(_not_a_fit),  # for good, whoever said it
            MatchRequest.request_id.in_(_not_a_fit_checkup),
        ),
    )
    blocks = select(MemberPreference.member_id, MemberPreference.other_id).where(
        MemberPreference.kind == PreferenceKind.BLOCK,
        or_(
            any_id(session, MemberPreference.member_id, out),
            any_id(session, MemberPreference.other_id, out),
        ),
    )
    for mentee_id, mentor_id in session.execute(stmt):
        out[mentee_id].add(mentor_id)
    for member_id, other_id in session.execute(blocks):
        for a, b in ((member_id, other_id), (other_id, member_id)):
            if a in out:
                out[a].add(b)
    for mentee_id, outside in outside_programs(session, list(out)).items():
        out[mentee_id] |= outside  # programs: only mentors of the mentee's own
    return out


def adopted_weights(session: Session) -> tuple[int | None, dict[str, float] | None]:
    """The newest learned weights that passed the offline check (id, weights), or
    (None, None) while the named default weights apply."""
    row = session.scalars(
        select(LearnedWeights)
        .where(LearnedWeights.is_adopted)
        .order_by(LearnedWeights.created_at.desc(), LearnedWeights.weights_id.desc())
        .limit(1)
    ).first()
    return (row.weights_id, dict(row.weights)) if row else (None, None)


def _mentor_profiles(session: Session, *conds: Any) -> list[Profile]:
    stmt = select(Profile).join(Profile.user).options(*_LOAD).where(*conds)
    return list(session.scalars(stmt).unique())


def load_profiles(session: Session, *conds: object) -> list[Profile]:
    """Profiles matching `conds` (on Profile and User), with what the engine reads."""
    return _mentor_profiles(session, *conds)


@dataclass(frozen=True, slots=True)
class Ranked:
    """A suggestion joined with the mentor's user row and profile."""

    user: User
    profile: Profile
    suggestion: Suggestion


def _mentee(session: Session, mentee: User, rules: Rules) -> Mentee | None:
    if mentee.profile is None:
        return None
    excluded = excluded_mentor_ids(session, mentee.user_id, rules.decline_cooldown_days)
    return mentee_from_profile(mentee.profile, excluded)


def suggest(
    session: Session,
    cache: IndexCache,
    *,
    mentee: User,
    rules: Rules,
    k: int = 10,
    offset: int = 0,
    filters: RankFilters | None = None,
    audience: str = "mentee",
) -> list[Ranked]:
    """Rank mentors for a member and load their profiles, best first; ``audience``
    ("mentee", "mentor", "admin") is who reads the reasons.

    Returns
    -------
    list of Ranked
        At most `k`; empty when the member has no profile.
    """
    query = _mentee(session, mentee, rules)
    if query is None:
        return []
    found = cache.get(session).rank(
        query, k=k, offset=offset, filters=filters, audience=audience
    )
    ids = [s.mentor_id for s in found]
    profiles = {
        p.user_id: p for p in _mentor_profiles(session, Profile.user_id.in_(ids))
    }
    hours = {i: p.hours_per_month for i, p in profiles.items()}
    found = rerank_by_availability(
        found,
        mentee.profile.hours_per_month,  # type: ignore[union-attr]
        hours,
        audience=audience,
    )
    return [
        Ranked(profiles[s.mentor_id].user, profiles[s.mentor_id], s)
        for s in found
        if s.mentor_id in profiles
    ]


def suggestion_for(
    session: Session,
    cache: IndexCache,
    *,
    mentee: User,
    mentor: User,
    rules: Rules,
    audience: str = "mentee",
) -> Suggested:
    """Score and reasons of one pair as the engine sees it (zero when forbidden);
    ``audience`` ("mentee", "mentor", "admin") is who reads ``reasons``, and
    ``readers`` holds the reasons phrased for the two others."""
    query = _mentee(session, mentee, rules)
    if query is None:
        return Suggested()
    found = explain_pair_for(cache.get(session), query, mentor.user_id)
    if found is None or mentor.profile is None or mentee.profile is None:
        return Suggested()
    said = {
        reader: with_availability(
            s,
            mentee.profile.hours_per_month,
            mentor.profile.hours_per_month,
            audience=reader,
        )
        for reader, s in found.items()
    }
    own = said[audience]
    readers = {a: tuple(s.reasons) for a, s in said.items() if a != audience}
    return Suggested(own.score, tuple(own.reasons), dict(own.parts), readers)


def mentor_chapters(session: Session) -> list[str]:
    """Chapters that have at least one mentor, for the filter list."""
    stmt = (
        select(Profile.chapter)
        .where(Profile.offers_mentoring, Profile.chapter != "")
        .distinct()
        .order_by(Profile.chapter)
    )
    return list(session.scalars(stmt))
