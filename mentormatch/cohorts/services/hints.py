"""Why a mentee has no possible mentor in a cohort run, in words an admin acts on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentormatch.core.models import CertKind, Profile

if TYPE_CHECKING:
    from mentormatch.cohorts.services.runs import Cohort


def no_candidate_hint(mentee: Profile, cohort: Cohort) -> str:
    """Name the hard rule that leaves `mentee` without any mentor.

    Checks, in order: nobody has a free place; no mentor with a free place shares
    a language; every such mentor is excluded (a block, a recent decline or an open
    request). Adds whether any of them holds a certification the mentee targets.
    """
    if not cohort.mentors:
        return "No mentor has a free place right now."
    wanted = {lang.casefold() for lang in mentee.languages}
    speakers = [
        m
        for m in cohort.mentors
        if wanted & {lang.casefold() for lang in m.languages}
        and m.user_id != mentee.user_id
    ]
    if not speakers:
        spoken = ", ".join(mentee.languages) or "no language (none given)"
        return f"No mentor with a free place speaks {spoken}."
    excluded = cohort.excluded.get(mentee.user_id, set())
    allowed = [m for m in speakers if m.user_id not in excluded]
    if not allowed:
        return (
            f"All {len(speakers)} mentor(s) with a free place who share a language "
            "were blocked, declined recently or already have a request."
        )
    return _target_note(mentee, allowed)


def _target_note(mentee: Profile, mentors: list[Profile]) -> str:
    targets = set(mentee.cert_codes(CertKind.TARGET))
    base = "No mentor meets this mentee's hard requirements."
    if targets and not any(targets & set(m.cert_codes(CertKind.HELD)) for m in mentors):
        codes = ", ".join(sorted(targets))
        return f"{base} No mentor with a free place holds {codes}."
    return base
