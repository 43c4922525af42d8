"""Follow-ups of a pairing: agreement, check-ins, goals, resources, feedback."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentormatch.core.models.requests import MatchRequest
from mentormatch.core.models.types import UTCDateTime, str_enum, utcnow
from mentormatch.core.models.users import User
from mentormatch.extensions import db

_PAIRING_FK = "match_request.id"


class GoalStatus(enum.StrEnum):
    """How far the mentee is with one goal of the pairing."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"open": "Open", "in_progress": "In progress", "done": "Done"}[
            self.value
        ]


class Agreement(db.Model):  # type: ignore[name-defined,misc]
    """The mentoring agreement of one pairing; both people accept it."""

    __tablename__ = "agreement"

    agreement_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey(_PAIRING_FK, ondelete="CASCADE"), unique=True
    )
    goals: Mapped[str] = mapped_column(Text, default="")
    cadence: Mapped[str] = mapped_column(String(20))
    duration_months: Mapped[int] = mapped_column(default=6)
    starts_on: Mapped[date] = mapped_column(Date)
    checkin_time: Mapped[time | None] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    confidential: Mapped[bool] = mapped_column(default=False)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    mentee_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentor_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "Is this a good fit?" after the first check-in: None until answered.
    mentee_fit: Mapped[bool | None]
    mentor_fit: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    @property
    def accepted(self) -> bool:
        return bool(self.mentee_accepted_at and self.mentor_accepted_at)


class CheckIn(db.Model):  # type: ignore[name-defined,misc]
    """A check-in the pair held: when, how long (for PDUs), notes, next step."""

    __tablename__ = "checkin"

    checkin_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey(_PAIRING_FK, ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int]
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    logged_by: Mapped[User | None] = relationship()


class OverdueFlag(db.Model):  # type: ignore[name-defined,misc]
    """A scheduled check-in already flagged overdue (so it is flagged only once)."""

    __tablename__ = "overdue_flag"
    __table_args__ = (UniqueConstraint("request_id", "due_on"),)

    flag_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey(_PAIRING_FK, ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column(Date)
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PairingGoal(db.Model):  # type: ignore[name-defined,misc]
    """One goal the mentee works on in the pairing, with status and progress."""

    __tablename__ = "pairing_goal"

    goal_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey(_PAIRING_FK, ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[GoalStatus] = mapped_column(
        str_enum(GoalStatus), default=GoalStatus.OPEN
    )
    progress: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )


class SharedResource(db.Model):  # type: ignore[name-defined,misc]
    """A link one member shares with the other (title and http(s) URL)."""

    __tablename__ = "shared_resource"

    resource_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey(_PAIRING_FK, ondelete="CASCADE"), index=True
    )
    added_by_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    added_by: Mapped[User] = relationship()


class Feedback(db.Model):  # type: ignore[name-defined,misc]
    """One member's rating and comment on a pairing (at most one per person)."""

    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("request_id", "author_id"),
        Index("ix_feedback_created", "created_at"),
    )

    feedback_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey(_PAIRING_FK, ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    rating: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship()
    match_request: Mapped[MatchRequest] = relationship()
