"""Accounts, profiles and the certification and skill catalogues."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentormatch.core.models.enums import CertKind, SkillKind
from mentormatch.core.models.types import UTCDateTime, str_enum, utcnow
from mentormatch.extensions import db

if TYPE_CHECKING:
    from mentormatch.core.models.programs import Chapter
    from mentormatch.core.models.requests import MatchRequest


FORMER_MEMBER = "a former member"


def new_session_token() -> str:
    """Return a fresh random token that identifies a user's current sessions."""
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """A member account: the email is stored lower-cased, so uniqueness ignores case."""

    __tablename__ = "user_account"
    # The admin member list pages newest first; without it each page sorts everyone.
    __table_args__ = (Index("ix_user_account_created", "created_at", "id"),)

    user_id: Mapped[int] = mapped_column("id", primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Rotated on logout-everywhere, password change and deactivation; the login
    # session stores it, so every older session stops matching.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set at flush time, not commit time, so freshness is judged by core/changes.py.
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, index=True
    )
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the member agreed at sign-up that their profile is used for matching.
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the member opened the link emailed to this address; None until then
    # (an unverified account is never suggested and cannot send requests).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the last verification link went out: resending is throttled on it.
    verification_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    profile: Mapped[Profile | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False
    )
    requests_made: Mapped[list[MatchRequest]] = relationship(
        back_populates="mentee", foreign_keys="MatchRequest.mentee_id"
    )
    requests_received: Mapped[list[MatchRequest]] = relationship(
        back_populates="mentor", foreign_keys="MatchRequest.mentor_id"
    )

    def get_id(self) -> str:
        """Return the Flask-Login id "user_id:token"; rotating the token logs out."""
        return f"{self.user_id}:{self.session_token}"

    @property
    def is_deleted(self) -> bool:
        """The tombstone of an account its member deleted."""
        return not self.is_active and self.email == f"deleted-{self.user_id}@invalid"

    @property
    def display_name(self) -> str:
        if self.is_deleted:
            return FORMER_MEMBER
        if self.profile and self.profile.display_name:
            return self.profile.display_name
        return self.email.split("@", 1)[0]

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def has_profile(self) -> bool:
        return self.profile is not None and self.profile.is_complete

    def __repr__(self) -> str:
        return f"<User {self.user_id} {self.email}>"


class Certification(db.Model):  # type: ignore[name-defined,misc]
    """A PMI certification in the catalogue, keyed by its canonical code."""

    __tablename__ = "certification"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(20))


class Skill(db.Model):  # type: ignore[name-defined,misc]
    """A skill from the fixed list, grouped by PMI's talent triangle."""

    __tablename__ = "skill"

    skill_id: Mapped[int] = mapped_column("id", primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    group: Mapped[str] = mapped_column(String(40))


class Profile(db.Model):  # type: ignore[name-defined,misc]
    """What a member tells about themselves as a mentee, a mentor, or both."""

    __tablename__ = "profile"
    __table_args__ = (
        CheckConstraint("years_experience >= 0", name="years_nonneg"),
        CheckConstraint("mentor_capacity >= 0", name="capacity_nonneg"),
        CheckConstraint(
            "mentor_slots_used >= 0 AND mentor_slots_used <= mentor_capacity",
            name="slots_within_capacity",
        ),
        CheckConstraint("active_pairings >= 0", name="pairings_nonneg"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id"), primary_key=True
    )
    display_name: Mapped[str] = mapped_column(String(80))
    headline: Mapped[str] = mapped_column(String(140), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    years_experience: Mapped[int] = mapped_column(default=0)
    industry: Mapped[str] = mapped_column(String(80), default="")
    # The chapter's name, or the member's own words when the catalogue lacks it
    # (then chapter_id points at the "Other" row): filters and the engine read this.
    chapter: Mapped[str] = mapped_column(String(80), default="")
    chapter_id: Mapped[int | None] = mapped_column(ForeignKey("chapter.id"))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    formats: Mapped[list[str]] = mapped_column(JSON, default=list)
    hours_per_month: Mapped[int] = mapped_column(default=2)
    wants_mentor: Mapped[bool] = mapped_column(default=False)
    offers_mentoring: Mapped[bool] = mapped_column(default=False)
    mentor_capacity: Mapped[int] = mapped_column(default=0)
    # Counters changed only by conditional UPDATEs in the workflow service, so that
    # capacity holds under concurrent approvals on every database.
    mentor_slots_used: Mapped[int] = mapped_column(default=0)
    active_pairings: Mapped[int] = mapped_column(default=0)
    # Whom a mentor wants to mentor (empty: anyone; matching.preferences) and the
    # industries a mentee wants to move into: the profile's own "wishes" section.
    wants_career_stages: Mapped[list[str]] = mapped_column(JSON, default=list)
    wants_topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    wants_industries: Mapped[list[str]] = mapped_column(JSON, default=list)
    max_hours_month: Mapped[int | None] = mapped_column()
    target_industries: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Set at flush time, not commit time, so freshness is judged by core/changes.py.
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, index=True
    )

    user: Mapped[User] = relationship(back_populates="profile")
    certifications: Mapped[list[ProfileCertification]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )
    skills: Mapped[list[ProfileSkill]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )
    # The catalogue row `chapter_id` points at ("Other" for the member's own words).
    chapter_entry: Mapped[Chapter | None] = relationship()

    @property
    def is_complete(self) -> bool:
        return bool(self.display_name and self.languages and self.timezone) and (
            self.wants_mentor or self.offers_mentoring
        )

    @property
    def capacity_left(self) -> int:
        return max(self.mentor_capacity - self.mentor_slots_used, 0)

    def cert_codes(self, kind: CertKind) -> list[str]:
        return sorted(c.code for c in self.certifications if c.kind == kind)

    def skill_names(self, kind: SkillKind) -> list[str]:
        return sorted(s.skill.name for s in self.skills if s.kind == kind)

    def held_years(self) -> dict[str, int | None]:
        return {
            c.code: c.year_earned
            for c in self.certifications
            if c.kind == CertKind.HELD
        }

    def as_dict(self) -> dict[str, Any]:
        """Return the profile's own fields (no email) for display or export."""
        return {
            "display_name": self.display_name,
            "headline": self.headline,
            "bio": self.bio,
            "goals": self.goals,
            "years_experience": self.years_experience,
            "industry": self.industry,
            "chapter": self.chapter,
            "timezone": self.timezone,
            "languages": list(self.languages),
            "formats": list(self.formats),
            "hours_per_month": self.hours_per_month,
            "wants_mentor": self.wants_mentor,
            "offers_mentoring": self.offers_mentoring,
            "mentor_capacity": self.mentor_capacity,
            "certifications_held": self.held_years(),
            "certifications_targeted": self.cert_codes(CertKind.TARGET),
            "skills_offered": self.skill_names(SkillKind.OFFERS),
            "skills_wanted": self.skill_names(SkillKind.WANTS),
            **self.wishes(),
        }

    def wishes(self) -> dict[str, Any]:
        """Return whom the member wants to mentor and the industries they aim for."""
        return {
            "wants_career_stages": list(self.wants_career_stages or ()),
            "wants_topics": list(self.wants_topics or ()),
            "wants_industries": list(self.wants_industries or ()),
            "max_hours_month": self.max_hours_month,
            "target_industries": list(self.target_industries or ()),
        }


class ProfileCertification(db.Model):  # type: ignore[name-defined,misc]
    """A certification a profile holds (with the year earned) or targets."""

    __tablename__ = "profile_certification"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("profile.user_id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(
        ForeignKey("certification.code"), primary_key=True
    )
    kind: Mapped[CertKind] = mapped_column(
        str_enum(CertKind),
        primary_key=True,
    )
    year_earned: Mapped[int | None]
    # Entered by the member; an admin checks it and marks it verified.
    number: Mapped[str | None] = mapped_column(String(40))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    profile: Mapped[Profile] = relationship(back_populates="certifications")
    certification: Mapped[Certification] = relationship()

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class ProfileSkill(db.Model):  # type: ignore[name-defined,misc]
    """A skill a mentor offers or a mentee wants to grow."""

    __tablename__ = "profile_skill"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("profile.user_id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id"), primary_key=True)
    kind: Mapped[SkillKind] = mapped_column(
        str_enum(SkillKind),
        primary_key=True,
    )

    profile: Mapped[Profile] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship(lazy="joined")
