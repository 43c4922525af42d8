"""Messages between the two members of a request or pairing, and who read what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentormatch.core.models.types import UTCDateTime, utcnow
from mentormatch.core.models.users import User, new_session_token
from mentormatch.extensions import db

# How a member hears of new messages by email.
MESSAGE_EMAIL_CHOICES: dict[str, str] = {
    "immediately": "Right away (at most one email per conversation an hour)",
    "hourly": "An hourly digest",
    "daily": "A daily digest",
    "off": "No emails about messages",
}


class Message(db.Model):  # type: ignore[name-defined,misc]
    """One plain-text message in the thread of a request (and later its pairing)."""

    __tablename__ = "message"
    __table_args__ = (Index("ix_message_thread", "request_id", "id"),)

    message_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("match_request.id", ondelete="CASCADE")
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A deleted message keeps its place in the thread ("message deleted"), not its text.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ThreadState(db.Model):  # type: ignore[name-defined,misc]
    """One member's place in one thread: read up to, emailed up to, last email."""

    __tablename__ = "thread_state"
    __table_args__ = (UniqueConstraint("request_id", "user_id"),)

    state_id: Mapped[int] = mapped_column("id", primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("match_request.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # Message ids grow, so "read up to id N" is one integer, and unread is id > N.
    read_through: Mapped[int] = mapped_column(default=0)
    emailed_through: Mapped[int] = mapped_column(default=0)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MemberSettings(db.Model):  # type: ignore[name-defined,misc]
    """A member's email choices and the secret behind their unsubscribe links."""

    __tablename__ = "member_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    message_email: Mapped[str] = mapped_column(String(20), default="hourly")
    # Email kinds (notifications.KINDS) the member turned off.
    email_off: Mapped[str] = mapped_column(String(200), default="")
    # Secret in one-click unsubscribe links; also rotated to void old links.
    unsubscribe_token: Mapped[str] = mapped_column(
        String(64), default=new_session_token, unique=True
    )
    # Secret in the member's private calendar feed address; resetting voids the old.
    calendar_token: Mapped[str] = mapped_column(
        String(64), default=new_session_token, unique=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    def is_off(self, kind: str) -> bool:
        return kind in self.email_off.split()


class Report(db.Model):  # type: ignore[name-defined,misc]
    """A member's report of a message or of a member, until an admin resolves it."""

    __tablename__ = "report"
    __table_args__ = (Index("ix_report_status_created", "status", "created_at"),)

    report_id: Mapped[int] = mapped_column("id", primary_key=True)
    reporter_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    reported_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("message.id", ondelete="SET NULL")
    )
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("match_request.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(Text)
    # open, then dismissed / warned / deactivated / ended (the admin's decision)
    status: Mapped[str] = mapped_column(String(20), default="open")
    resolution: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    reported: Mapped[User] = relationship(foreign_keys=[reported_id])
    message: Mapped[Message | None] = relationship()
