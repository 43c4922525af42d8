"""Commit-ordered change counters: what changed for matching, and in which commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, BigInteger, String, event
from sqlalchemy.orm import Mapped, mapped_column

from mentormatch.core.models.types import UTCDateTime, utcnow
from mentormatch.extensions import db

MEMBERS = "members"  # any profile or account change the mentor index reads
CHAPTERS = "chapters"  # a profile's chapter or mentor flag: the chapter lists
PRUNED = "pruned"  # member_change rows up to this version were deleted
COUNTERS = (MEMBERS, CHAPTERS, PRUNED)
EVERYONE = 0  # member_change.user_id meaning "reload every member"


class DataVersion(db.Model):  # type: ignore[name-defined,misc]
    """One counter per kind of change, bumped by the committing transaction.

    The bump is an UPDATE of this row, so it holds the row lock until commit:
    transactions that bump it commit in the order of the numbers they got, and a
    reader that sees version V has every change numbered up to V.
    """

    __tablename__ = "data_version"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class MemberChange(db.Model):  # type: ignore[name-defined,misc]
    """A member whose matching data changed in the commit numbered `version`."""

    __tablename__ = "member_change"

    version: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# create_all (tests, init-db on a new database) starts every counter at zero; the
# migration inserts the same rows, and the tests' table reset runs this again.
COUNTERS_AT_ZERO = DDL(
    "INSERT INTO data_version (name, version) VALUES "
    + ", ".join(f"('{name}', 0)" for name in COUNTERS)
)
event.listen(DataVersion.__table__, "after_create", COUNTERS_AT_ZERO)
