"""Program rules: who may ask whom, application windows, eligibility, the funnel."""

from __future__ import annotations

from datetime import date

import pytest

from mentormatch.core.errors import NotAllowedError, ValidationError
from mentormatch.core.models import ProgramRole
from mentormatch.core.roles import outside_programs, program_for_request
from mentormatch.programs.services import programs
from mentormatch.programs.services.dashboard import program_figures
from tests.factories import make_mentee, make_mentor
from tests.programs.helpers import make_program_cast


def test_cohort_only_program_refuses_self_requests_but_takes_proposals(session):
    cast = make_program_cast(session)
    cast.program.self_request = False
    session.commit()
    with pytest.raises(NotAllowedError, match="cohort matching"):
        program_for_request(session, cast.mentee, cast.mentor)
    pid = program_for_request(session, cast.mentee, cast.mentor, cohort=True)
    assert pid == cast.program.program_id


def test_members_outside_any_program_still_pair_freely(session):
    mentee, mentor = make_mentee(session), make_mentor(session)
    assert program_for_request(session, mentee, mentor) is None
    cast = make_program_cast(session)
    excluded = outside_programs(session, [mentee.user_id, cast.mentee.user_id])
    assert cast.mentor.user_id in excluded[mentee.user_id]
    assert mentor.user_id not in excluded[mentee.user_id]
    assert excluded[cast.mentee.user_id] >= {mentor.user_id}
    assert cast.mentor.user_id not in excluded[cast.mentee.user_id]


def test_closed_window_and_missing_certification_are_refused(session):
    cast = make_program_cast(session)
    program = cast.program
    program.applications_close = date(2026, 1, 31)
    program.mentor_certs = ["PfMP"]
    session.commit()
    mentor = make_mentor(session)

    def apply(today: date) -> None:
        programs.apply(
            session,
            program,
            user=mentor,
            role=ProgramRole.MENTOR,
            motivation="x",
            hours_per_month=2,
            membership_confirmed=False,
            today=today,
        )

    with pytest.raises(ValidationError, match="closed"):
        apply(date(2026, 2, 1))
    with pytest.raises(ValidationError, match="hold PfMP"):
        apply(date(2026, 1, 15))


def test_funnel_counts_applications_and_pairings(session):
    cast = make_program_cast(session)
    figures = program_figures(session, cast.program)
    assert figures.funnel[:3] == [("applied", 2), ("accepted", 2), ("matched", 0)]
    assert figures.days_to_match is None and figures.cadence_kept == (0, 0)
