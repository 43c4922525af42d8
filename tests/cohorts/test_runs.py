"""Cohort runs from the database and their proposals through the workflow."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.cohorts.services import proposals
from mentormatch.cohorts.services.runs import (
    CohortParams,
    explain_proposals,
    run_cohort,
)
from mentormatch.core import workflow
from mentormatch.core.errors import (
    NotAllowedError,
    ValidationError,
    WorkflowError,
)
from mentormatch.core.models import (
    CohortRun,
    MatchRequest,
    MatchStatus,
    MemberPreference,
    PreferenceKind,
    Profile,
    ProposalStatus,
    StatusChange,
    User,
    utcnow,
)
from mentormatch.core.workflow import Rules
from mentormatch.suggestions.services.index_cache import IndexCache
from mentormatch.suggestions.services.recommendations import excluded_mentor_ids
from tests.factories import make_match_request, make_mentee, make_mentor, make_user

RULES = Rules(max_open_requests=3, max_active_pairings=1, decline_cooldown_days=90)


def run(session: Session, admin: User, **params: object) -> CohortRun:
    index = IndexCache().get(session)
    return run_cohort(
        session, index, admin=admin, params=CohortParams(**params), rules=RULES
    )


def prefer(session: Session, member: User, other: User, kind: PreferenceKind) -> None:
    session.add(
        MemberPreference(member_id=member.user_id, other_id=other.user_id, kind=kind)
    )
    session.commit()


@pytest.fixture
def admin(session: Session) -> User:
    return make_user(session, is_admin=True)


def test_run_cohort_never_breaks_capacity_or_hard_rules(
    session: Session, admin: User
) -> None:
    full = make_mentor(session, mentor_capacity=1)
    make_match_request(session, mentor=full, status=MatchStatus.ACCEPTED)
    one = make_mentor(session, mentor_capacity=1)
    two = make_mentor(session, mentor_capacity=2)
    mentees = [make_mentee(session) for _ in range(5)]
    prefer(session, two, mentees[0], PreferenceKind.BLOCK)  # mentor blocks mentee
    prefer(session, mentees[1], one, PreferenceKind.BLOCK)  # mentee blocks mentor
    declined = make_match_request(
        session,
        mentee=mentees[2],
        mentor=one,
        status=MatchStatus.DECLINED,
        responded_at=utcnow() - timedelta(days=3),
    )
    result = run(session, admin, objective="most_matched")
    pairs = {(p.mentee_id, p.mentor_id) for p in result.proposals}
    per_mentor = Counter(m for _, m in pairs)
    assert per_mentor[one.user_id] <= 1 and per_mentor[two.user_id] <= 2
    assert full.user_id not in per_mentor  # its only place waits for approval
    assert (mentees[0].user_id, two.user_id) not in pairs
    assert (mentees[1].user_id, one.user_id) not in pairs
    assert (declined.mentee_id, one.user_id) not in pairs
    assert result.matched_count == 3 == len(pairs)
    assert result.mentee_count == 5 and len(result.waiting) == 2  # 3 places
    assert all(p.score > 0 and not p.reasons for p in result.proposals)
    # reasons are worked out when proposals are read or sent on, once
    index = IndexCache().get(session)
    assert explain_proposals(session, index, result.proposals) == 3
    assert all(p.reasons and p.score_parts for p in result.proposals)
    assert all(set(p.reader_reasons) == {"mentee", "mentor"} for p in result.proposals)
    assert explain_proposals(session, index, result.proposals) == 0


def test_run_cohort_skips_busy_mentees_and_filters_by_chapter(
    session: Session, admin: User
) -> None:
    make_mentor(session, mentor_capacity=3)
    busy = make_mentee(session)
    make_match_request(session, mentee=busy)
    lisbon = make_mentee(session, chapter="Lisbon")
    make_mentee(session, chapter="Berlin")
    result = run(session, admin, chapter=" lisbon ")
    assert result.mentee_count == 1
    assert [p.mentee_id for p in result.proposals] == [lisbon.user_id]
    with pytest.raises(WorkflowError, match="No mentee is waiting"):
        run(session, admin, chapter="Nowhere")


def test_run_cohort_explains_a_mentee_without_candidates(
    session: Session, admin: User
) -> None:
    make_mentor(session, mentor_capacity=2)
    loner = make_mentee(session, languages=["Japanese"])
    result = run(session, admin)
    (waiting,) = result.waiting
    assert waiting["mentee_id"] == loner.user_id
    assert waiting["reason"] == "no_candidates"
    assert waiting["message"] == "No mentor with a free place speaks Japanese."


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"objective": "fastest"}, "Choose an objective"),
        ({"mode": "random"}, "Choose a mode"),
        ({"min_score": 1.5}, "between 0 and 1"),
        ({"mode": "stable"}, "nobody in this cohort gave one"),
    ],
)
def test_run_cohort_refuses_bad_settings(
    session: Session, admin: User, params: dict, message: str
) -> None:
    make_mentor(session)
    make_mentee(session)
    with pytest.raises(ValidationError, match=message):
        run(session, admin, **params)
    assert session.scalars(select(CohortRun)).first() is None


def test_run_cohort_stable_mode_follows_shortlists(
    session: Session, admin: User
) -> None:
    first = make_mentor(session, mentor_capacity=1)
    second = make_mentor(session, mentor_capacity=1, years_experience=30)
    mentee = make_mentee(session)
    prefer(session, mentee, first, PreferenceKind.SHORTLIST)
    result = run(session, admin, mode="stable")
    assert [(p.mentee_id, p.mentor_id) for p in result.proposals] == [
        (mentee.user_id, first.user_id)
    ]
    assert result.rank_stats is not None
    assert result.rank_stats["mentee_mean"] == 1.0
    assert second.user_id not in {p.mentor_id for p in result.proposals}


def test_run_cohort_needs_an_admin(session: Session) -> None:
    make_mentor(session)
    member = make_mentee(session)
    with pytest.raises(NotAllowedError):
        run(session, member)


def test_accepted_proposal_waits_for_approval_then_becomes_active(
    session: Session, admin: User
) -> None:
    mentor = make_mentor(session, mentor_capacity=1)
    mentee = make_mentee(session)
    result = run(session, admin)
    sent = proposals.accept_proposals(session, result, admin=admin, rules=RULES)
    (request_id,) = sent.accepted
    req = session.get(MatchRequest, request_id)
    assert req is not None and req.status == MatchStatus.ACCEPTED
    assert req.source == "cohort" and req.reasons and req.score > 0
    history = session.scalars(
        select(StatusChange).where(StatusChange.request_id == request_id)
    ).all()
    assert [h.to_status for h in history] == [MatchStatus.REQUESTED, S_ACCEPTED]
    assert f"cohort run #{result.run_id}" in history[0].reason
    assert "on behalf of the program" in history[1].reason
    assert result.proposals[0].status == ProposalStatus.ACCEPTED
    workflow.approve_match(session, req, admin=admin, rules=RULES)
    assert req.status == MatchStatus.ACTIVE
    assert session.get(Profile, mentor.user_id).mentor_slots_used == 1
    assert session.get(Profile, mentee.user_id).active_pairings == 1


S_ACCEPTED = MatchStatus.ACCEPTED


def test_accept_proposals_reports_a_mentor_who_filled_up(
    session: Session, admin: User
) -> None:
    mentor = make_mentor(session, mentor_capacity=1)
    make_mentee(session)
    result = run(session, admin)
    make_match_request(session, mentor=mentor, status=MatchStatus.ACCEPTED)
    sent = proposals.accept_proposals(session, result, admin=admin, rules=RULES)
    assert sent.accepted == []
    ((proposal, message),) = sent.failures
    assert "no free place" in message
    assert proposal.status == ProposalStatus.PROPOSED and "no free place" in (
        proposal.note
    )
    cohort_requests = select(MatchRequest).where(MatchRequest.source == "cohort")
    assert session.scalars(cohort_requests).first() is None


def test_accept_proposals_refuses_a_pair_blocked_after_the_run(
    session: Session, admin: User
) -> None:
    mentor = make_mentor(session)
    mentee = make_mentee(session)
    result = run(session, admin)
    prefer(session, mentor, mentee, PreferenceKind.BLOCK)
    sent = proposals.accept_proposals(session, result, admin=admin, rules=RULES)
    assert sent.accepted == [] and "not available" in sent.failures[0][1]


def test_discard_proposals_only_touches_open_ones(
    session: Session, admin: User
) -> None:
    make_mentor(session, mentor_capacity=2)
    make_mentee(session)
    make_mentee(session)
    result = run(session, admin)
    first, second = result.proposals
    proposals.accept_proposals(
        session, result, admin=admin, rules=RULES, proposal_ids=[first.proposal_id]
    )
    ids = [first.proposal_id, second.proposal_id]
    assert (
        proposals.discard_proposals(session, result, admin=admin, proposal_ids=ids) == 1
    )
    assert (first.status, second.status) == (
        ProposalStatus.ACCEPTED,
        ProposalStatus.DISCARDED,
    )


def test_excluded_mentor_ids_include_blocks_both_ways(session: Session) -> None:
    mentee = make_mentee(session)
    blocked_by_me, blocking_me, free = (make_mentor(session) for _ in range(3))
    prefer(session, mentee, blocked_by_me, PreferenceKind.BLOCK)
    prefer(session, blocking_me, mentee, PreferenceKind.BLOCK)
    prefer(session, mentee, free, PreferenceKind.SHORTLIST)
    assert excluded_mentor_ids(session, mentee.user_id, 90) == {
        blocked_by_me.user_id,
        blocking_me.user_id,
    }


def test_request_mentor_refuses_a_blocked_pair(session: Session) -> None:
    mentee, mentor = make_mentee(session), make_mentor(session)
    prefer(session, mentor, mentee, PreferenceKind.BLOCK)
    with pytest.raises(NotAllowedError, match="not available"):
        workflow.request_mentor(
            session, mentee=mentee, mentor=mentor, message="Hi", rules=RULES
        )


def test_match_cohort_command_summarises_and_accepts(session, runner) -> None:
    make_user(session, is_admin=True)
    make_mentor(session, mentor_capacity=1)
    make_mentee(session)
    make_mentee(session, languages=["Japanese"])
    result = runner.invoke(
        args=["match-cohort", "--objective", "most_matched", "--accept"]
    )
    assert result.exit_code == 0, result.output
    assert "1 of 2 mentees matched" in result.output
    assert "over greedy" in result.output
    assert "No mentor with a free place speaks Japanese." in result.output
    assert "Sent 1 proposals to the approval queue." in result.output
    assert re.search(
        r"Matched in \d+\.\d\d s, after \d+\.\d\d s getting", result.output
    )
    req = session.scalars(select(MatchRequest)).one()
    assert (req.status, req.source) == (MatchStatus.ACCEPTED, "cohort")


def test_match_cohort_command_reports_refusals(session, runner) -> None:
    assert runner.invoke(args=["match-cohort"]).exit_code == 1  # no admin yet
    make_user(session, is_admin=True)
    make_mentor(session)
    result = runner.invoke(args=["match-cohort", "--chapter", "Oslo"])
    assert result.exit_code == 1
    assert "No mentee is waiting for a mentor in chapter Oslo." in result.output
    bad = runner.invoke(args=["match-cohort", "--min-score", "3"])
    assert bad.exit_code == 2 and "--min-score" in bad.output


def test_shortlists_of_many_members_read_at_once_match_the_chunked_read(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentormatch.cohorts.services import runs as cohort_runs

    mentors = [make_mentor(session) for _ in range(3)]
    mentees = [make_mentee(session) for _ in range(3)]
    for mentee in mentees[:2]:
        for mentor in reversed(mentors):
            prefer(session, mentee, mentor, PreferenceKind.SHORTLIST)
    asked = [m.user_id for m in mentees[1:]]
    chunked = cohort_runs.shortlists(session, asked)
    monkeypatch.setattr(cohort_runs, "CHUNK", 0)  # every list counts as many
    assert cohort_runs.shortlists(session, asked) == chunked
    assert chunked == {mentees[1].user_id: [m.user_id for m in reversed(mentors)]}


def test_runs_hold_the_garbage_collector_and_give_it_back(
    session: Session, admin: User, monkeypatch
) -> None:
    import gc

    from mentormatch.cohorts.services import runs as cohort_runs

    seen = []
    build = cohort_runs.build_problem

    def spying(*args, **kwargs):
        seen.append(gc.isenabled())
        return build(*args, **kwargs)

    monkeypatch.setattr(cohort_runs, "build_problem", spying)
    make_mentor(session, mentor_capacity=1)
    make_mentee(session)
    assert gc.isenabled()
    run(session, admin)
    assert seen == [False] and gc.isenabled()
    gc.disable()  # a caller who disabled it keeps it disabled
    try:
        with cohort_runs.paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), cohort_runs.paused_gc():
        raise RuntimeError("a failed run")
    assert gc.isenabled()
