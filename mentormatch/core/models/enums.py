"""Enumerations stored as strings: request states, certification and skill relations."""

from __future__ import annotations

import enum


class MatchStatus(enum.StrEnum):
    """State of a mentorship request; ACTIVE is an approved pairing."""

    REQUESTED = "requested"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    REJECTED = "rejected"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {
            "requested": "Waiting for the mentor",
            "accepted": "Accepted, waiting for program approval",
            "active": "Active pairing",
            "rejected": "Not approved",
            "declined": "Declined by the mentor",
            "withdrawn": "Withdrawn",
            "expired": "Expired without an answer",
            "ended": "Ended",
        }[self.value]


OPEN_STATUSES: frozenset[MatchStatus] = frozenset(
    {MatchStatus.REQUESTED, MatchStatus.ACCEPTED, MatchStatus.ACTIVE}
)


class CertKind(enum.StrEnum):
    """Whether a profile holds a certification or aims for it."""

    HELD = "held"
    TARGET = "target"


class SkillKind(enum.StrEnum):
    """Whether a mentor offers a skill or a mentee wants to grow it."""

    OFFERS = "offers"
    WANTS = "wants"


class DeclineReason(enum.StrEnum):
    """Why a mentor declined a request."""

    NO_CAPACITY = "no_capacity"
    OUTSIDE_EXPERTISE = "outside_expertise"
    SCHEDULE = "schedule"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "no_capacity": "No capacity right now",
            "outside_expertise": "Outside my expertise",
            "schedule": "Our schedules do not fit",
            "other": "Other",
        }[self.value]
