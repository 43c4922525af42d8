"""Each reader reads a request's reasons from their own side."""

from __future__ import annotations

from sqlalchemy import select

from mentormatch.cohorts.services import proposals
from mentormatch.cohorts.services.runs import CohortParams, run_cohort
from mentormatch.core.models import MatchRequest, MatchStatus, utcnow
from mentormatch.core.workflow import Rules
from mentormatch.suggestions.services.index_cache import IndexCache
from mentormatch.suggestions.services.recommendations import suggest
from tests.factories import make_match_request, make_mentee, make_mentor, make_user
from tests.web.flow_helpers import client_as

MENTEE_SAYS = "Holds PgMP, which you are aiming for"
MENTOR_SAYS = "Aims for PgMP, which you hold"
ADMIN_SAYS = "Mentor holds PgMP, which the mentee is aiming for"
NEVER_LOGGED_IN = "Has never logged in (imported profile), so ranked a little lower"


def logged_in(session, user):
    user.last_login_at = utcnow()
    session.commit()
    return user


def test_request_reasons_are_phrased_for_each_reader(app, session):
    mentee, mentor = make_mentee(session), logged_in(session, make_mentor(session))
    admin = make_user(session, is_admin=True)
    sent = client_as(app, mentee).post(
        f"/matches/request/{mentor.user_id}", data={"message": "Hello"}
    )
    assert sent.status_code == 302
    req = session.scalars(select(MatchRequest)).one()
    assert MENTEE_SAYS in req.reasons
    assert MENTOR_SAYS in req.reader_reasons["mentor"]
    assert ADMIN_SAYS in req.reader_reasons["admin"]

    as_mentor = client_as(app, mentor)
    for page in ("/requests", f"/requests/{req.request_id}"):
        text = as_mentor.get(page).get_data(as_text=True)
        assert MENTOR_SAYS in text and "which you are aiming for" not in text
    assert as_mentor.post(f"/requests/{req.request_id}/accept").status_code == 302

    as_admin = client_as(app, admin)
    for page in ("/admin/queue", f"/admin/queue/{req.request_id}"):
        text = as_admin.get(page).get_data(as_text=True)
        assert ADMIN_SAYS in text and MENTOR_SAYS not in text
    looking_in = as_admin.get(f"/requests/{req.request_id}").get_data(as_text=True)
    assert ADMIN_SAYS in looking_in


def test_requests_stored_before_readers_fall_back_to_the_stored_reasons(session):
    old = make_match_request(session, reasons=["Same chapter"])
    assert old.reader_reasons == {}
    assert old.reasons_for("mentor") == old.reasons_for("admin") == ["Same chapter"]


def cohort_of_one(session):
    """A run over one mentee and one imported mentor (never logged in)."""
    admin = make_user(session, is_admin=True)
    mentee = make_mentee(session, display_name="Mia Mentee")
    mentor = make_mentor(session, mentor_capacity=1)
    index = IndexCache().get(session)
    run = run_cohort(session, index, admin=admin, params=CohortParams(), rules=Rules())
    return admin, mentee, mentor, run


def test_cohort_proposals_read_for_admins_and_requests_for_each_side(app, session):
    admin, mentee, mentor, run = cohort_of_one(session)
    rules = Rules()
    (proposal,) = run.proposals
    assert proposal.reasons == []  # worked out when first shown or sent on
    page = (
        client_as(app, admin).get(f"/admin/cohort/{run.run_id}").get_data(as_text=True)
    )
    assert ADMIN_SAYS in page and NEVER_LOGGED_IN in page
    session.refresh(proposal)  # the page stored them
    assert ADMIN_SAYS in proposal.reasons
    assert NEVER_LOGGED_IN in proposal.reasons

    proposals.accept_proposals(session, run, admin=admin, rules=rules)
    req = session.scalars(select(MatchRequest)).one()
    assert (req.mentee_id, req.mentor_id) == (mentee.user_id, mentor.user_id)
    assert req.status == MatchStatus.ACCEPTED
    assert MENTEE_SAYS in req.reasons and NEVER_LOGGED_IN not in req.reasons
    assert MENTOR_SAYS in req.reasons_for("mentor")
    assert NEVER_LOGGED_IN in req.reasons_for("admin")


def test_imported_mentor_never_logged_in_ranks_below_an_active_one(session, app):
    imported = make_mentor(session)  # same fit, lower id: first on a tie
    active = logged_in(session, make_mentor(session))
    mentee = make_mentee(session)
    cache = IndexCache()
    for_admin = suggest(session, cache, mentee=mentee, rules=Rules(), audience="admin")
    ids = [r.user.user_id for r in for_admin]
    assert ids == [active.user_id, imported.user_id]
    said = {r.user.user_id: r.suggestion.reasons for r in for_admin}
    assert NEVER_LOGGED_IN in said[imported.user_id]
    assert NEVER_LOGGED_IN not in said[active.user_id]
    assert ADMIN_SAYS in said[active.user_id]
    for_mentee = suggest(session, cache, mentee=mentee, rules=Rules())
    assert [r.user.user_id for r in for_mentee] == ids
    assert not any(NEVER_LOGGED_IN in r.suggestion.reasons for r in for_mentee)


def test_cohort_proposal_sent_on_unread_still_carries_each_readers_reasons(session):
    admin, mentee, mentor, run = cohort_of_one(session)
    proposals.accept_proposals(session, run, admin=admin, rules=Rules())
    req = session.scalars(select(MatchRequest)).one()
    assert (req.mentee_id, req.mentor_id) == (mentee.user_id, mentor.user_id)
    assert MENTEE_SAYS in req.reasons and MENTOR_SAYS in req.reasons_for("mentor")
    assert NEVER_LOGGED_IN in req.reasons_for("admin")
