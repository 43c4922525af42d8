"""Chapters, programs, who takes part in a program (and how), PDU claim splits."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentormatch.core.models.types import UTCDateTime, str_enum, utcnow
from mentormatch.core.models.users import User
from mentormatch.extensions import db

# The catalogue row that keeps a profile's free text we could not map to a chapter.
OTHER_CHAPTER = "Other"


class Chapter(db.Model):  # type: ignore[name-defined,misc]
    """A PMI chapter in the catalogue (platform admins add more)."""

    __tablename__ = "chapter"

    chapter_id: Mapped[int] = mapped_column("id", primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    region: Mapped[str] = mapped_column(String(40), default="")
    country: Mapped[str] = mapped_column(String(60), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")

    @property
    def is_other(self) -> bool:
        return self.name == OTHER_CHAPTER


class ProgramRole(enum.StrEnum):
    """How someone takes part in a program."""

    MENTEE = "mentee"
    MENTOR = "mentor"
    ADMIN = "admin"


class ApplicationStatus(enum.StrEnum):
    """Where an application to a program stands after screening."""

    APPLIED = "applied"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"


class Program(db.Model):  # type: ignore[name-defined,misc]
    """A mentoring program run by a chapter or an organisation, in cycles."""

    __tablename__ = "program"
    __table_args__ = (
        CheckConstraint("pairing_weeks > 0", name="pairing_weeks_pos"),
        CheckConstraint("default_capacity >= 0", name="capacity_nonneg"),
    )

    program_id: Mapped[int] = mapped_column("id", primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    chapter_id: Mapped[int | None] = mapped_column(ForeignKey("chapter.id"))
    organisation: Mapped[str] = mapped_column(String(120), default="")
    applications_open: Mapped[date | None] = mapped_column(Date)
    applications_close: Mapped[date | None] = mapped_column(Date)
    matching_open: Mapped[date | None] = mapped_column(Date)
    matching_close: Mapped[date | None] = mapped_column(Date)
    pairing_weeks: Mapped[int] = mapped_column(default=26)
    mentor_certs: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentor_min_years: Mapped[int] = mapped_column(default=0)
    mentee_certs: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentee_min_years: Mapped[int] = mapped_column(default=0)
    membership_required: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(40), default="")
    default_capacity: Mapped[int] = mapped_column(default=2)
    # False: only cohort matching proposes pairs; members cannot ask themselves.
    self_request: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    chapter: Mapped[Chapter | None] = relationship()
    members: Mapped[list[ProgramMember]] = relationship(
        back_populates="program", cascade="all, delete-orphan"
    )

    @property
    def provider(self) -> str:
        """Who runs it, as PMI's CCR system asks for the provider."""
        owner = self.chapter.name if self.chapter else self.organisation
        return f"{self.name} ({owner})" if owner else self.name


class ProgramMember(db.Model):  # type: ignore[name-defined,misc]
    """An application to (or an admin seat in) a program, with its screening."""

    __tablename__ = "program_member"
    __table_args__ = (UniqueConstraint("program_id", "user_id", "role"),)

    member_id: Mapped[int] = mapped_column("id", primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[ProgramRole] = mapped_column(str_enum(ProgramRole))
    status: Mapped[ApplicationStatus] = mapped_column(
        str_enum(ApplicationStatus), default=ApplicationStatus.APPLIED
    )
    motivation: Mapped[str] = mapped_column(Text, default="")
    hours_per_month: Mapped[int] = mapped_column(default=2)
    membership_confirmed: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    program: Mapped[Program] = relationship(back_populates="members")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class PduSplit(db.Model):  # type: ignore[name-defined,misc]
    """A member's own description and talent-triangle split of a pairing's hours."""

    __tablename__ = "pdu_split"
    __table_args__ = (
        CheckConstraint(
            "ways_of_working + power_skills + business_acumen = 100",
            name="split_is_100",
        ),
    )

    request_id: Mapped[int] = mapped_column(
        ForeignKey("match_request.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id"), primary_key=True
    )
    ways_of_working: Mapped[int] = mapped_column(default=0)
    power_skills: Mapped[int] = mapped_column(default=100)
    business_acumen: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(Text, default="")
