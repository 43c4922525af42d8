"""Check-up (pulse) results on the program dashboard: counts, answers, follow-ups."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from mentormatch.core.models import Checkup, MatchStatus, utcnow
from mentormatch.pairings.services import followups
from mentormatch.programs.services.dashboard import figures_csv, program_figures
from tests.factories import make_match_request, make_mentee, make_mentor
from tests.pairings.helpers import agree
from tests.programs.helpers import make_program_cast
from tests.web.flow_helpers import client_as

DAY = timedelta(days=1)


def pairing(session, program, days, *, mentee=None, mentor=None, **kw):
    return make_match_request(
        session,
        mentee=mentee or make_mentee(session),
        mentor=mentor or make_mentor(session),
        status=kw.pop("status", MatchStatus.ACTIVE),
        started_at=utcnow() - days * DAY,
        program_id=program.program_id,
        **kw,
    )


def pulse(session, req, by, milestone=30, **kw):
    values = {"is_working": True, "meeting_as_agreed": "yes", "note": ""} | kw
    row = Checkup(
        request_id=req.request_id, author_id=by.user_id, milestone=milestone, **values
    )
    session.add(row)
    session.commit()
    return row


@pytest.fixture
def world(session):
    """Program A: a 95-day pairing (both answered at 30, one "not working"), a
    10-day one (nothing due) and one ended "not a good fit" at 40 days. Program B
    has a flagged check-up of its own that A never shows."""
    a, b = make_program_cast(session, "A"), make_program_cast(session, "B")
    a.mentee.profile.display_name, a.mentor.profile.display_name = "Mia", "Otto"
    long = pairing(session, a.program, 95, mentee=a.mentee, mentor=a.mentor)
    pulse(session, long, long.mentee)
    pulse(
        session,
        long,
        long.mentor,
        is_working=False,
        meeting_as_agreed="no",
        note="=HYPERLINK(1) We never meet",
    )
    pairing(session, a.program, 10)
    ended = pairing(
        session,
        a.program,
        60,
        status=MatchStatus.ENDED,
        ended_at=utcnow() - 20 * DAY,
    )
    pulse(
        session,
        ended,
        ended.mentee,
        is_working=False,
        meeting_as_agreed="partly",
        not_a_fit=True,
    )
    other = pairing(session, b.program, 40, mentee=b.mentee, mentor=b.mentor)
    pulse(session, other, other.mentee, is_working=False, note="B's secret")
    return a, b, long, ended


def test_pulse_counts_due_and_answered_per_milestone(session, world):
    a, _, _, _ = world
    m30, m90 = program_figures(session, a.program).pulse.milestones
    # 30 days: the 95-day and the ended (40 days long) pairings, two members each.
    assert (m30.days, m30.due, m30.answered) == (30, 4, 3)
    assert m30.working == [("Yes", 1), ("No", 2)]
    assert m30.meeting == [("Yes", 1), ("Partly", 1), ("No", 1)]
    # 90 days: only the 95-day pairing ran that long; nobody answered yet.
    assert (m90.due, m90.answered, m90.working) == (2, 0, [("Yes", 0), ("No", 0)])


def test_pulse_lists_flagged_pairings_of_this_program_only(session, world):
    a, _, long, ended = world
    rows = program_figures(session, a.program).pulse.follow_up
    got = {(f.request_id, f.who, f.flag) for f in rows}
    assert got == {
        (long.request_id, "mentor", "not working"),
        (ended.request_id, "mentee", "not a good fit (pairing ended)"),
    }
    assert not [f for f in rows if "secret" in f.note]


def test_fit_check_not_a_good_fit_is_listed(session):
    a = make_program_cast(session, "Fit")
    req = pairing(session, a.program, 20, mentee=a.mentee, mentor=a.mentor)
    agree(session, req)
    followups.log_checkin(
        session, req, by=req.mentee, held_on=date(2026, 1, 5), minutes=30
    )
    followups.answer_fit(session, req, by=req.mentor, good=False)
    [row] = program_figures(session, a.program).pulse.follow_up
    assert (row.request_id, row.who, row.when, row.flag) == (
        req.request_id,
        "mentor",
        "fit check",
        "not a good fit",
    )


def test_pulse_csv_rows_with_formulas_guarded(session, world):
    a = world[0]
    body = figures_csv(a.program, program_figures(session, a.program))
    rows = list(csv.reader(io.StringIO(body)))
    assert ["pulse 30 days", "check-ups answered", "3", "of 4 due"] in rows
    assert ["pulse 30 days", "working: No", "2", ""] in rows
    assert ["pulse 90 days", "meeting as agreed: Yes", "0", ""] in rows
    [flag] = [r for r in rows if r[0] == "follow up" and r[2] == "not working"]
    assert flag[3] == "mentor, 30-day check-up: =HYPERLINK(1) We never meet"
    assert "B's secret" not in body


def test_csv_cells_that_look_like_formulas_get_an_apostrophe(session):
    a = make_program_cast(session, "Formula")
    a.mentee.profile.display_name = "=cmd|' /C calc'!A0"
    req = pairing(session, a.program, 31, mentee=a.mentee, mentor=a.mentor)
    pulse(session, req, req.mentee, meeting_as_agreed="no")
    body = figures_csv(a.program, program_figures(session, a.program))
    [flag] = [r for r in csv.reader(io.StringIO(body)) if r[0] == "follow up"]
    assert flag[1].startswith("'=cmd")


def test_dashboard_shows_pulse_and_links_flagged_pairings(app, session, world):
    a, _, long, ended = world
    page = client_as(app, a.admin).get(f"/programs/{a.program.program_id}/admin")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-milestone="30"' in html and "3 of 4 due" in html
    assert f'href="/pairings/{long.request_id}"' in html
    assert f'href="/pairings/{ended.request_id}"' in html
    assert "=HYPERLINK(1) We never meet" in html  # the note to the program
    assert "B&#39;s secret" not in html and "B's secret" not in html


def test_dashboard_pulse_empty_states(app, session):
    a = make_program_cast(session, "Empty")
    html = (
        client_as(app, a.admin)
        .get(f"/programs/{a.program.program_id}/admin")
        .get_data(as_text=True)
    )
    assert "No check-ups are due yet" in html
    assert "No pairing was flagged" in html


def test_program_admin_opens_the_flagged_pairing_without_private_parts(
    app, session, world
):
    a, b, long, _ = world
    agree(session, long)  # confidential (the default)
    followups.log_checkin(
        session,
        long,
        by=long.mentee,
        held_on=date(2026, 1, 5),
        minutes=45,
        notes="Private talk about my manager",
    )
    page = client_as(app, a.admin).get(f"/pairings/{long.request_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Mia and Otto" in html
    assert "Private talk about my manager" not in html
    assert "Notes are confidential to the pair." in html
    # The program's admin may end it (as on the admin pages); B's admin may not.
    assert "End the pairing" in html
    assert client_as(app, b.admin).get(f"/pairings/{long.request_id}").status_code == (
        404
    )
    ended = client_as(app, b.admin).post(
        f"/pairings/{long.request_id}/end", data={"sure": "y"}
    )
    assert ended.status_code == 404
    session.expire_all()
    assert long.status == MatchStatus.ACTIVE
