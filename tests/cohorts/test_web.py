"""Admin cohort screens: run, review, send proposals to the approval queue."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from mentormatch.core.models import (
    CohortProposal,
    CohortRun,
    MatchRequest,
    MatchStatus,
    MemberPreference,
    PreferenceKind,
    Profile,
    ProposalStatus,
)
from tests.factories import make_mentee, make_mentor, make_user
from tests.web.flow_helpers import client_as, count, flashes, statements


@pytest.fixture
def admin_user(session):
    return make_user(session, is_admin=True)


@pytest.fixture
def admin(app, admin_user):
    return client_as(app, admin_user)


def start_run(admin, **data):
    form = {"chapter": "", "objective": "total_score", "mode": "optimal"}
    form["min_score"] = "0"
    return admin.post("/admin/cohort", data={**form, **data})


def run_id_of(response) -> int:
    return int(re.search(r"/admin/cohort/(\d+)$", response.headers["Location"])[1])


@pytest.fixture
def people(session):
    mentor = make_mentor(session, mentor_capacity=1, display_name="Otto Mentor")
    mentee = make_mentee(session, display_name="Mia Mentee")
    return mentee, mentor


def test_cohort_start_page_offers_stable_only_with_shortlists(admin, session, people):
    page = admin.get("/admin/cohort")
    assert page.status_code == 200 and 'value="stable"' not in page.text
    mentee, mentor = people
    session.add(
        MemberPreference(
            member_id=mentee.user_id,
            other_id=mentor.user_id,
            kind=PreferenceKind.SHORTLIST,
        )
    )
    session.commit()
    assert 'value="stable"' in admin.get("/admin/cohort").text


def test_cohort_run_shows_proposals_figures_and_waiting_list(admin, session, people):
    make_mentee(session, display_name="Jun Japanese", languages=["Japanese"])
    response = start_run(admin)
    assert response.status_code == 302
    run_id = run_id_of(response)
    assert flashes(admin)[-1] == ("success", f"Cohort run #{run_id}: 1 proposals.")
    page = admin.get(f"/admin/cohort/{run_id}").text
    assert "Mia Mentee with Otto Mentor" in page
    assert "over greedy" in page and "1 of 2 mentees" in page
    assert "Jun Japanese</a>: No mentor with a free place speaks Japanese." in page


def test_accepted_proposal_reaches_the_queue_and_approval_activates_it(
    admin, session, people
):
    mentee, mentor = people
    run_id = run_id_of(start_run(admin))
    (proposal,) = session.scalars(select(CohortProposal)).all()
    response = admin.post(
        f"/admin/cohort/{run_id}/accept", data={"proposal_ids": [proposal.proposal_id]}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/cohort/{run_id}"
    assert ("success", "Sent 1 of 1 proposals to the approval queue.") in flashes(admin)
    req = session.scalars(select(MatchRequest)).one()
    assert (req.status, req.source) == (MatchStatus.ACCEPTED, "cohort")
    queue = admin.get("/admin/queue").text
    assert f'data-request-id="{req.request_id}"' in queue
    assert (
        admin.post(
            f"/admin/queue/{req.request_id}/approve", data={"sure": "y"}
        ).status_code
        == 302
    )
    session.expire_all()
    assert session.get(MatchRequest, req.request_id).status == MatchStatus.ACTIVE
    assert session.get(Profile, mentor.user_id).mentor_slots_used == 1
    assert session.get(Profile, mentee.user_id).active_pairings == 1


def test_accept_all_and_discard(admin, session, people):
    make_mentor(session, mentor_capacity=1)
    make_mentee(session)
    run_id = run_id_of(start_run(admin))
    first, second = session.scalars(select(CohortProposal)).all()
    discard = admin.post(
        f"/admin/cohort/{run_id}/discard", data={"proposal_ids": [first.proposal_id]}
    )
    assert discard.status_code == 302
    assert ("info", "Discarded 1 proposal.") in flashes(admin)
    assert admin.post(f"/admin/cohort/{run_id}/accept-all").status_code == 302
    session.expire_all()
    assert (first.status, second.status) == (
        ProposalStatus.DISCARDED,
        ProposalStatus.ACCEPTED,
    )
    assert count(session, MatchRequest) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"min_score": "2"}, "Enter a number from 0 to 1."),
        ({"min_score": "abc"}, "Not a valid float value."),
        ({"min_score": ""}, "Enter a minimum score between 0 and 1."),
        ({"objective": "fastest"}, "Not a valid choice."),
        ({"mode": "stable"}, "Not a valid choice."),
        ({"chapter": "Atlantis"}, "Not a valid choice."),
    ],
)
def test_cohort_run_rejects_bad_input(admin, session, people, data, message):
    response = start_run(admin, **data)
    assert response.status_code == 400
    assert message in response.text
    assert count(session, CohortRun) == 0


def test_cohort_run_without_waiting_mentees_is_a_clear_error(admin, session):
    make_mentor(session)
    response = start_run(admin)
    assert response.status_code == 409
    assert "No mentee is waiting for a mentor." in response.text


@pytest.mark.parametrize("path", ["accept", "discard"])
@pytest.mark.parametrize("ids", [[], ["abc"]])
def test_proposal_actions_reject_bad_selection(admin, session, people, path, ids):
    run_id = run_id_of(start_run(admin))
    response = admin.post(f"/admin/cohort/{run_id}/{path}", data={"proposal_ids": ids})
    assert response.status_code == 400
    assert session.scalars(select(CohortProposal)).one().status == (
        ProposalStatus.PROPOSED
    )


def test_unknown_run_is_404(admin):
    assert admin.get("/admin/cohort/999").status_code == 404
    assert admin.post("/admin/cohort/999/accept-all").status_code == 404


ROUTES = [
    ("get", "/admin/cohort"),
    ("post", "/admin/cohort"),
    ("get", "/admin/cohort/{run}"),
    ("post", "/admin/cohort/{run}/accept"),
    ("post", "/admin/cohort/{run}/accept-all"),
    ("post", "/admin/cohort/{run}/discard"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_cohort_routes_need_an_admin(app, admin, session, people, method, path):
    run_id = run_id_of(start_run(admin))
    url = path.format(run=run_id)
    anonymous = getattr(client_as(app, None), method)(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    member = client_as(app, people[0])
    assert getattr(member, method)(url).status_code == 403
    assert count(session, CohortRun) == 1 and count(session, MatchRequest) == 0


def test_cohort_run_needs_csrf(app, admin_user, people):
    app.config["WTF_CSRF_ENABLED"] = True
    response = start_run(client_as(app, admin_user))
    assert response.status_code == 400


@pytest.mark.parametrize("run_id", [0, 2**31, 10**30])
def test_out_of_range_run_ids_are_404(admin, run_id):
    assert admin.get(f"/admin/cohort/{run_id}").status_code == 404
    assert admin.post(f"/admin/cohort/{run_id}/discard").status_code == 404


def test_cohort_result_page_shows_what_the_run_proved(admin, session, people):
    response = start_run(admin)
    page = admin.get(f"/admin/cohort/{run_id_of(response)}").text
    run = session.scalars(select(CohortRun)).one()
    assert run.proof == "optimal"
    assert 'id="cohort-proof"' in page
    assert "Proven optimal over every feasible pair" in page


def proposal_ids_on(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-proposal-id="(\d+)"', page)]


def test_run_page_shows_proposals_a_page_at_a_time_and_keeps_the_page(
    app, admin, session, people, monkeypatch
):
    monkeypatch.setitem(app.config, "PER_PAGE", 2)
    for _ in range(2):
        make_mentor(session, mentor_capacity=1)
        make_mentee(session)
    run_id = run_id_of(start_run(admin))
    first = admin.get(f"/admin/cohort/{run_id}").text
    second = admin.get(f"/admin/cohort/{run_id}?page=2").text
    ids = sorted(p.proposal_id for p in session.scalars(select(CohortProposal)))
    assert proposal_ids_on(first) == ids[:2] and proposal_ids_on(second) == ids[2:]
    assert "Page 1 of 2" in first and "Proposals 3–3 of 3." in second
    assert "Send all 3 open proposals" in first
    # an action on page 2 comes back to page 2
    done = admin.post(
        f"/admin/cohort/{run_id}/discard?page=2", data={"proposal_ids": [ids[2]]}
    )
    assert done.headers["Location"].endswith(f"/admin/cohort/{run_id}?page=2")
    discarded = admin.get(f"/admin/cohort/{run_id}?show=discarded").text
    assert proposal_ids_on(discarded) == [ids[2]]
    assert "Discarded (1)" in discarded and "Open (2)" in discarded
    assert (
        proposal_ids_on(admin.get(f"/admin/cohort/{run_id}?show=open").text)
        == (ids[:2])
    )
    assert (
        "No proposal of this run is in this list."
        in admin.get(f"/admin/cohort/{run_id}?show=sent").text
    )


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=-3", "?page=99999999999999999999999", "?show=x"]
)
def test_run_page_survives_bad_page_and_filter_values(admin, session, people, query):
    run_id = run_id_of(start_run(admin))
    page = admin.get(f"/admin/cohort/{run_id}{query}")
    assert page.status_code == 200
    assert "Mia Mentee with Otto Mentor" in page.text


def test_run_page_lists_the_first_waiting_mentees_and_counts_the_rest(
    admin, session, people, monkeypatch
):
    from mentormatch.cohorts import routes

    monkeypatch.setattr(routes, "WAITING_SHOWN", 1)
    for name in ("Jun Japanese", "Aki Japanese"):
        make_mentee(session, display_name=name, languages=["Japanese"])
    page = admin.get(f"/admin/cohort/{run_id_of(start_run(admin))}").text
    assert page.count("No mentor with a free place speaks Japanese.") == 1
    assert "… and 1 more mentee waiting (only the first 1 are listed here)." in page


def test_first_view_explains_its_page_without_reloading_people(
    app, admin, session, people
):
    for _ in range(5):
        make_mentor(session, mentor_capacity=1)
        make_mentee(session)
    run_id = run_id_of(start_run(admin))
    admin.get("/admin/cohort")  # warm caches (catalogue, user, index)

    def statements_of_a_view() -> list[str]:
        with statements() as seen:
            page = admin.get(f"/admin/cohort/{run_id}")
        assert page.status_code == 200 and len(proposal_ids_on(page.text)) == 6
        return seen

    first, later = statements_of_a_view(), statements_of_a_view()
    # the first view also reads what the reasons need and stores them (a few
    # statements whatever the page size), not a reload of both people of each
    # of its six proposals (37 more statements before)
    assert len(first) - len(later) <= 6, first
    assert all(p.reasons for p in session.scalars(select(CohortProposal)))
