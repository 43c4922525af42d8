"""Check-ups at 30 and 90 days: due dates, answers, not-a-fit exclusion, prompts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from mentormatch.core.errors import InvalidTransitionError, NotAllowedError
from mentormatch.core.models import Checkup, MatchStatus, Notification, utcnow
from mentormatch.pairings.jobs import checkup_prompts
from mentormatch.pairings.services import checkups
from mentormatch.suggestions.services.recommendations import excluded_mentor_ids
from tests.factories import make_match_request, make_mentee, make_mentor, make_user
from tests.web.flow_helpers import client_as, count, flashes

DAY = timedelta(days=1)


def pairing(session, days: int):
    return make_match_request(
        session,
        mentee=make_mentee(session, display_name="Mia Mentee"),
        mentor=make_mentor(session, display_name="Otto Mentor"),
        status=MatchStatus.ACTIVE,
        started_at=utcnow() - days * DAY,
    )


def answer(session, req, by, **kw):
    values = {"is_working": True, "meeting_as_agreed": "yes", "note": ""} | kw
    return checkups.answer_checkup(session, req, by=by, **values)


def test_checkup_due_at_30_then_90_days_once_each(session):
    req = pairing(session, 95)
    now = utcnow()
    assert checkups.due_milestone(session, req, req.mentee, now) == 30
    answer(session, req, req.mentee)
    assert checkups.due_milestone(session, req, req.mentee, now) == 90
    answer(session, req, req.mentee, meeting_as_agreed="partly")
    assert checkups.due_milestone(session, req, req.mentee, now) is None
    with pytest.raises(InvalidTransitionError, match="No check-up"):
        answer(session, req, req.mentee)
    assert checkups.due_milestone(session, req, req.mentor, now) == 30


def test_checkup_not_due_early_or_for_outsiders(session):
    req = pairing(session, 10)
    with pytest.raises(InvalidTransitionError):
        answer(session, req, req.mentee)
    with pytest.raises(NotAllowedError):
        answer(session, pairing(session, 40), make_user(session, is_admin=True))
    assert count(session, Checkup) == 0


def test_not_working_without_ending_keeps_the_pairing(session):
    req = pairing(session, 31)
    checkup = answer(session, req, req.mentor, is_working=False, note="Slow start")
    assert not checkup.is_working and not checkup.not_a_fit
    assert req.status == MatchStatus.ACTIVE
    req.status = MatchStatus.ENDED  # ended later for another reason: no exclusion
    session.commit()
    assert req.mentor_id not in excluded_mentor_ids(session, req.mentee_id, 90)


def test_not_a_fit_ends_and_keeps_mentor_out_of_suggestions(session):
    req = pairing(session, 31)
    answer(session, req, req.mentee, is_working=False, end_not_fit=True)
    session.expire_all()
    assert req.status == MatchStatus.ENDED
    assert req.mentor_id in excluded_mentor_ids(session, req.mentee_id, 90)
    note = session.scalars(
        select(Notification).where(
            Notification.user_id == req.mentee_id, Notification.kind == "fit_rematch"
        )
    ).one()
    assert "We will not suggest Otto Mentor to you again" in note.text


def test_prompt_job_asks_each_member_once(session):
    req = pairing(session, 31)
    now = utcnow()
    assert checkup_prompts(session, now=now, config={}).startswith("2 ")
    assert checkup_prompts(session, now=now, config={}).startswith("0 ")
    asked = session.scalars(
        select(Notification.user_id).where(
            Notification.kind == "checkup_due",
            Notification.link == f"/pairings/{req.request_id}#checkup",
        )
    ).all()
    assert sorted(asked) == sorted([req.mentee_id, req.mentor_id])


def test_checkup_form_on_the_page_and_answer_with_not_a_fit(app, session):
    req = pairing(session, 31)
    mentee = client_as(app, req.mentee)
    page = mentee.get(f"/pairings/{req.request_id}").get_data(as_text=True)
    assert 'id="checkup"' in page and "30-day check-up" in page
    bad = mentee.post(f"/pairings/{req.request_id}/checkup", data={"working": "maybe"})
    assert bad.status_code == 400
    sent = mentee.post(
        f"/pairings/{req.request_id}/checkup",
        data={"working": "no", "meeting": "no", "note": "", "end_not_fit": "y"},
    )
    assert sent.status_code == 302
    said = [text for _, text in flashes(mentee)]
    assert any(
        "Otto Mentor will not be suggested to Mia Mentee again" in t for t in said
    )
