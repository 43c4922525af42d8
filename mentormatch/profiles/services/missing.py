"""What a profile still lacks before the engine can suggest mentors for it."""

from __future__ import annotations

from mentormatch.core.models import CertKind, Profile, SkillKind


def missing_for_matching(profile: Profile | None) -> list[str]:
    """Return the missing pieces, in words, or an empty list when ready."""
    if profile is None:
        return ["your profile (name, languages, time zone)"]
    missing = []
    if not profile.wants_mentor:
        missing.append('"I want a mentor" in your roles')
    if not profile.languages:
        missing.append("the languages you speak")
    if not profile.timezone:
        missing.append("your time zone")
    if not (
        profile.cert_codes(CertKind.TARGET)
        or profile.skill_names(SkillKind.WANTS)
        or profile.goals.strip()
    ):
        missing.append("a target certification, a skill to grow, or your goals")
    return missing
