"""The data model: accounts, profiles, catalogues, requests, notifications, audit."""

from mentormatch.core.models.activity import AuditLog, Notification
from mentormatch.core.models.changes import DataVersion, MemberChange
from mentormatch.core.models.cohort import (
    CohortProposal,
    CohortRun,
    LearnedWeights,
    MemberPreference,
    PreferenceKind,
    ProposalStatus,
)
from mentormatch.core.models.enums import (
    OPEN_STATUSES,
    CertKind,
    DeclineReason,
    MatchStatus,
    SkillKind,
)
from mentormatch.core.models.followups import (
    Agreement,
    CheckIn,
    Feedback,
    GoalStatus,
    OverdueFlag,
    PairingGoal,
    SharedResource,
)
from mentormatch.core.models.jobs import JobEffect, JobRun
from mentormatch.core.models.mail import OutboxMessage, PasswordResetToken
from mentormatch.core.models.meetings import (
    CHECKUP_MILESTONES,
    MEETING_ANSWERS,
    Checkup,
    CheckupPrompt,
    Meeting,
    MeetingSlot,
    MeetingStatus,
)
from mentormatch.core.models.messages import (
    MESSAGE_EMAIL_CHOICES,
    MemberSettings,
    Message,
    Report,
    ThreadState,
)
from mentormatch.core.models.programs import (
    OTHER_CHAPTER,
    ApplicationStatus,
    Chapter,
    PduSplit,
    Program,
    ProgramMember,
    ProgramRole,
)
from mentormatch.core.models.requests import MatchRequest, StatusChange
from mentormatch.core.models.types import UTCDateTime, utcnow
from mentormatch.core.models.users import (
    Certification,
    Profile,
    ProfileCertification,
    ProfileSkill,
    Skill,
    User,
)

__all__ = [
    "MESSAGE_EMAIL_CHOICES",
    "OPEN_STATUSES",
    "OTHER_CHAPTER",
    "ApplicationStatus",
    "Chapter",
    "PduSplit",
    "Program",
    "ProgramMember",
    "ProgramRole",
    "Agreement",
    "AuditLog",
    "CertKind",
    "Certification",
    "CheckIn",
    "CHECKUP_MILESTONES",
    "MEETING_ANSWERS",
    "Checkup",
    "CheckupPrompt",
    "CohortProposal",
    "DataVersion",
    "CohortRun",
    "DeclineReason",
    "Feedback",
    "GoalStatus",
    "JobEffect",
    "JobRun",
    "LearnedWeights",
    "MatchRequest",
    "MatchStatus",
    "MemberChange",
    "Meeting",
    "MeetingSlot",
    "MeetingStatus",
    "MemberPreference",
    "MemberSettings",
    "Message",
    "Notification",
    "OutboxMessage",
    "OverdueFlag",
    "PairingGoal",
    "PasswordResetToken",
    "PreferenceKind",
    "Report",
    "Profile",
    "ProfileCertification",
    "ProfileSkill",
    "ProposalStatus",
    "SharedResource",
    "Skill",
    "SkillKind",
    "StatusChange",
    "ThreadState",
    "UTCDateTime",
    "User",
    "utcnow",
]
