"""Meetings of a pairing (proposed times, the one picked) and 30/90-day check-ups."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentormatch.core.models.types import UTCDateTime, str_enum, utcnow
from mentormatch.core.models.users import User
from mentormatch.extensions import db


class MeetingStatus(enum.StrEnum):
    """A proposal waits for the other member; a pick confirms it."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    REPLACED = "replaced"  # the other member proposed other times instead


class Meeting(db.Model):  # type: ignore[name-defined,misc]
    """One meeting of a pairing: proposed times, then the chosen start."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_status_start", "status", "starts_at"),)

    meeting_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("match_request.id", ondelete="CASCADE"), index=True
    )
    proposed_by_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus), default=MeetingStatus.PROPOSED
    )
    minutes: Mapped[int] = mapped_column(default=60)
    video_url: Mapped[str] = mapped_column(String(500), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id])
    slots: Mapped[list[MeetingSlot]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        order_by="MeetingSlot.starts_at",
    )


class MeetingSlot(db.Model):  # type: ignore[name-defined,misc]
    """One of the (at most three) proposed start times of a meeting."""

    __tablename__ = "meeting_slot"

    slot_id: Mapped[int] = mapped_column("id", primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="slots")


CHECKUP_MILESTONES = (30, 90)
"""Days into a pairing at which each member is asked the pulse."""
MEETING_ANSWERS = {"yes": "Yes", "partly": "Partly", "no": "No"}
"""Answers to "are you meeting as agreed?", stored as the keys."""


class Checkup(db.Model):  # type: ignore[name-defined,misc]
    """One member's three-question pulse at 30 or 90 days into a pairing."""

    __tablename__ = "checkup"
    __table_args__ = (UniqueConstraint("request_id", "author_id", "milestone"),)

    checkup_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("match_request.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    milestone: Mapped[int]  # days since the start: 30 or 90
    is_working: Mapped[bool]
    meeting_as_agreed: Mapped[str] = mapped_column(String(10))  # yes, partly, no
    note: Mapped[str] = mapped_column(Text, default="")
    # "Not a good fit" chosen here: the pairing ended and the pair is never suggested.
    not_a_fit: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckupPrompt(db.Model):  # type: ignore[name-defined,misc]
    """A check-up a member was already asked for (so the job asks once)."""

    __tablename__ = "checkup_prompt"
    __table_args__ = (UniqueConstraint("request_id", "user_id", "milestone"),)

    prompt_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("match_request.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    milestone: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
