"""Mentorship requests (an ACTIVE one is a pairing) and their status history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentormatch.core.models.enums import OPEN_STATUSES, MatchStatus
from mentormatch.core.models.types import UTCDateTime, str_enum, utcnow
from mentormatch.core.models.users import User
from mentormatch.extensions import db

_OPEN_SQL = "status IN ({})".format(
    ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATUSES, key=lambda s: s.value))
)


class MatchRequest(db.Model):  # type: ignore[name-defined,misc]
    """A mentee's request to a mentor, through acceptance and approval to pairing."""

    __tablename__ = "match_request"
    __table_args__ = (
        # At most one open request or pairing per pair, on SQLite and PostgreSQL alike.
        Index(
            "uq_match_request_open_pair",
            "mentee_id",
            "mentor_id",
            unique=True,
            sqlite_where=text(_OPEN_SQL),
            postgresql_where=text(_OPEN_SQL),
        ),
        Index("ix_match_request_status_created", "status", "created_at"),
    )

    request_id: Mapped[int] = mapped_column("id", primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[MatchStatus] = mapped_column(
        str_enum(MatchStatus), default=MatchStatus.REQUESTED
    )
    # The program the pairing runs in; NULL only for rows made outside any program.
    program_id: Mapped[int | None] = mapped_column(ForeignKey("program.id"), index=True)
    source: Mapped[str] = mapped_column(String(20), default="mentee")
    message: Mapped[str] = mapped_column(Text, default="")
    # Score, reasons and parts as the engine gave them when the request was made.
    score: Mapped[float] = mapped_column(default=0.0)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    score_parts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The same reasons phrased for the mentor and the admin ({"mentor": [...]});
    # `reasons` stays the mentee's wording.
    reader_reasons: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    decline_reason: Mapped[str | None] = mapped_column(String(30))
    response_note: Mapped[str] = mapped_column(Text, default="")
    decision_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    mentee: Mapped[User] = relationship(
        back_populates="requests_made", foreign_keys=[mentee_id]
    )
    mentor: Mapped[User] = relationship(
        back_populates="requests_received", foreign_keys=[mentor_id]
    )
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="match_request",
        cascade="all, delete-orphan",
        order_by="StatusChange.change_id",
    )

    def reasons_for(self, reader: str) -> list[str]:
        """The reasons phrased for `reader` ("mentee", "mentor", "admin"); requests
        made before reasons were stored per reader fall back to the mentee's."""
        if reader != "mentee":
            said = (self.reader_reasons or {}).get(reader)
            if said:
                return list(said)
        return list(self.reasons or ())

    def involves(self, user: User) -> bool:
        return user.user_id in (self.mentee_id, self.mentor_id)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status == MatchStatus.ACTIVE

    def other(self, user: User) -> User:
        return self.mentor if user.user_id == self.mentee_id else self.mentee


class StatusChange(db.Model):  # type: ignore[name-defined,misc]
    """One step of a request's history: from, to, who, when and why."""

    __tablename__ = "status_change"

    change_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("match_request.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[MatchStatus | None] = mapped_column(str_enum(MatchStatus))
    to_status: Mapped[MatchStatus] = mapped_column(str_enum(MatchStatus))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    match_request: Mapped[MatchRequest] = relationship(back_populates="history")
    actor: Mapped[User | None] = relationship()
