"""The data model: accounts, profiles, catalogues, requests, notifications, audit."""

from mentormatch.models.activity import AuditLog, Notification
from mentormatch.models.enums import (
    OPEN_STATUSES,
    CertKind,
    DeclineReason,
    MatchStatus,
    SkillKind,
)
from mentormatch.models.mail import OutboxMessage, PasswordResetToken
from mentormatch.models.requests import MatchRequest, StatusChange
from mentormatch.models.types import UTCDateTime, utcnow
from mentormatch.models.users import (
    Certification,
    Profile,
    ProfileCertification,
    ProfileSkill,
    Skill,
    User,
)

__all__ = [
    "OPEN_STATUSES",
    "AuditLog",
    "CertKind",
    "Certification",
    "DeclineReason",
    "MatchRequest",
    "MatchStatus",
    "Notification",
    "OutboxMessage",
    "PasswordResetToken",
    "Profile",
    "ProfileCertification",
    "ProfileSkill",
    "Skill",
    "SkillKind",
    "StatusChange",
    "UTCDateTime",
    "User",
    "utcnow",
]
