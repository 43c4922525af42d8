"""The request workflow service: every allowed transition and every refusal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentormatch.core import workflow
from mentormatch.core.errors import (
    CapacityError,
    DuplicateRequestError,
    InvalidTransitionError,
    NotAllowedError,
    WorkflowError,
)
from mentormatch.core.models import (
    AuditLog,
    DeclineReason,
    MatchRequest,
    MatchStatus,
    Notification,
    Profile,
    StatusChange,
    User,
    utcnow,
)
from mentormatch.core.workflow import TRANSITIONS, Rules, Suggested
from tests.factories import make_match_request, make_mentee, make_mentor, make_user

S = MatchStatus
RULES = Rules(max_open_requests=3, max_active_pairings=1, decline_cooldown_days=90)


@dataclass
class Cast:
    mentee: User
    mentor: User
    admin: User
    outsider: User


@pytest.fixture
def cast(session: Session) -> Cast:
    return Cast(
        mentee=make_mentee(session),
        mentor=make_mentor(session),
        admin=make_user(session, is_admin=True),
        outsider=make_mentee(session),
    )


def count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def snapshot(session: Session) -> dict[str, Any]:
    """Everything a refused action must leave as it was, read fresh from the DB."""
    table = MatchRequest.__table__
    return {
        "requests": session.execute(select(table).order_by(table.c.id)).all(),
        "changes": count(session, StatusChange),
        "notifications": count(session, Notification),
        "audit": count(session, AuditLog),
        "profiles": session.execute(
            select(
                Profile.user_id, Profile.mentor_slots_used, Profile.active_pairings
            ).order_by(Profile.user_id)
        ).all(),
    }


def history(session: Session, req: MatchRequest) -> list[tuple[Any, ...]]:
    rows = session.scalars(
        select(StatusChange)
        .where(StatusChange.request_id == req.request_id)
        .order_by(StatusChange.change_id)
    )
    return [(c.from_status, c.to_status, c.actor_id, c.reason) for c in rows]


def notices(session: Session) -> list[tuple[int, str]]:
    rows = session.scalars(select(Notification))
    return sorted((n.user_id, n.kind) for n in rows)


def audits(session: Session) -> list[tuple[Any, ...]]:
    rows = session.scalars(select(AuditLog).order_by(AuditLog.audit_id))
    return [(a.actor_id, a.action, a.target_type, a.target_id, a.detail) for a in rows]


def counters(session: Session, user: User) -> tuple[int, int]:
    profile = session.get(Profile, user.user_id)
    session.refresh(profile)
    return profile.mentor_slots_used, profile.active_pairings


def stamped(value: datetime | None, since: datetime) -> bool:
    return value is not None and since <= value <= utcnow()


def open_request(session: Session, c: Cast, status: S, **kw: Any) -> MatchRequest:
    return make_match_request(
        session, mentee=c.mentee, mentor=c.mentor, status=status, **kw
    )


def active_pairing(session: Session, cast: Cast) -> MatchRequest:
    """An ACTIVE request whose places are taken, as approve_match leaves them."""
    for user, column in (
        (cast.mentor, "mentor_slots_used"),
        (cast.mentee, "active_pairings"),
    ):
        setattr(session.get(Profile, user.user_id), column, 1)
    session.commit()
    return open_request(session, cast, S.ACTIVE, started_at=utcnow())


# --- allowed transitions -----------------------------------------------------


def test_transitions_table_is_the_documented_one():
    allowed = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert allowed == {
        (S.REQUESTED, S.ACCEPTED),
        (S.REQUESTED, S.DECLINED),
        (S.REQUESTED, S.WITHDRAWN),
        (S.REQUESTED, S.EXPIRED),
        (S.ACCEPTED, S.ACTIVE),
        (S.ACCEPTED, S.REJECTED),
        (S.ACCEPTED, S.WITHDRAWN),
        (S.ACTIVE, S.ENDED),
    }
    assert set(TRANSITIONS) == set(MatchStatus)


def test_request_mentor_creates_request_with_history_and_notice(session, cast):
    suggested = Suggested(score=0.8, reasons=("PgMP holder",), parts={"skills": 0.5})
    req = workflow.request_mentor(
        session,
        mentee=cast.mentee,
        mentor=cast.mentor,
        message="Hi",
        rules=RULES,
        suggested=suggested,
    )
    assert (req.status, req.mentee_id, req.mentor_id) == (
        S.REQUESTED,
        cast.mentee.user_id,
        cast.mentor.user_id,
    )
    assert (req.message, req.score, req.reasons) == ("Hi", 0.8, ["PgMP holder"])
    assert req.score_parts == {"skills": 0.5}
    assert history(session, req) == [(None, S.REQUESTED, cast.mentee.user_id, "")]
    assert notices(session) == [(cast.mentor.user_id, "request_received")]
    assert counters(session, cast.mentor) == (0, 0)


def test_accept_request_stamps_and_notifies_mentee(session, cast):
    req, since = open_request(session, cast, S.REQUESTED), utcnow()
    workflow.accept_request(session, req, by=cast.mentor)
    assert req.status == S.ACCEPTED and stamped(req.responded_at, since)
    assert req.decided_at is None and req.started_at is None
    assert history(session, req) == [(S.REQUESTED, S.ACCEPTED, cast.mentor.user_id, "")]
    assert notices(session) == [(cast.mentee.user_id, "request_accepted")]
    assert audits(session) == []
    assert counters(session, cast.mentor) == (0, 0)


def test_accept_request_withdraws_the_mentees_other_pending_requests(session, cast):
    req = open_request(session, cast, S.REQUESTED)
    other_mentors = [make_mentor(session), make_mentor(session)]
    others = [
        make_match_request(session, mentee=cast.mentee, mentor=m) for m in other_mentors
    ]
    declined = make_match_request(session, mentee=cast.mentee, status=S.DECLINED)
    unrelated = make_match_request(
        session, mentee=cast.outsider, mentor=other_mentors[0]
    )
    workflow.accept_request(session, req, by=cast.mentor)
    reason = "matched with another mentor"
    for other in others:
        session.refresh(other)
        assert other.status == S.WITHDRAWN
        assert history(session, other) == [(S.REQUESTED, S.WITHDRAWN, None, reason)]
    session.refresh(declined), session.refresh(unrelated)
    assert (declined.status, unrelated.status) == (S.DECLINED, S.REQUESTED)
    assert notices(session) == sorted(
        [(cast.mentee.user_id, "request_accepted")]
        + [(m.user_id, "request_withdrawn") for m in other_mentors]
    )


def test_decline_request_records_reason_and_note(session, cast):
    req, since = open_request(session, cast, S.REQUESTED), utcnow()
    reason = DeclineReason.OUTSIDE_EXPERTISE
    workflow.decline_request(session, req, by=cast.mentor, reason=reason, note="Ask Bo")
    assert req.status == S.DECLINED and stamped(req.responded_at, since)
    assert (req.decline_reason, req.response_note) == ("outside_expertise", "Ask Bo")
    assert history(session, req) == [
        (S.REQUESTED, S.DECLINED, cast.mentor.user_id, "Outside my expertise")
    ]
    assert notices(session) == [(cast.mentee.user_id, "request_declined")]
    note = session.scalar(select(Notification))
    assert "outside my expertise" in note.text


@pytest.mark.parametrize("status", [S.REQUESTED, S.ACCEPTED])
def test_withdraw_request_by_mentee_notifies_mentor(session, cast, status):
    req = open_request(session, cast, status)
    workflow.withdraw_request(session, req, by=cast.mentee)
    assert req.status == S.WITHDRAWN
    assert history(session, req) == [
        (status, S.WITHDRAWN, cast.mentee.user_id, "Withdrawn by the mentee.")
    ]
    assert notices(session) == [(cast.mentor.user_id, "request_withdrawn")]
    assert counters(session, cast.mentor) == (0, 0)


def test_retract_acceptance_by_mentor_tells_mentee(session, cast):
    req = open_request(session, cast, S.ACCEPTED)
    workflow.retract_acceptance(session, req, by=cast.mentor, reason="Too busy")
    assert req.status == S.WITHDRAWN
    assert history(session, req) == [
        (S.ACCEPTED, S.WITHDRAWN, cast.mentor.user_id, "Too busy")
    ]
    assert notices(session) == [(cast.mentee.user_id, "request_declined")]
    assert counters(session, cast.mentor) == (0, 0)


def test_approve_match_starts_pairing_and_takes_both_places(session, cast):
    req, since = open_request(session, cast, S.ACCEPTED), utcnow()
    workflow.approve_match(session, req, admin=cast.admin, rules=RULES, note="Good fit")
    assert req.status == S.ACTIVE
    assert stamped(req.decided_at, since) and req.started_at == req.decided_at
    assert (req.decided_by_id, req.decision_note) == (cast.admin.user_id, "Good fit")
    assert history(session, req) == [
        (S.ACCEPTED, S.ACTIVE, cast.admin.user_id, "Good fit")
    ]
    assert audits(session) == [
        (
            cast.admin.user_id,
            "approve_match",
            "match_request",
            req.request_id,
            {"note": "Good fit"},
        ),
    ]
    assert notices(session) == sorted(
        [
            (cast.mentee.user_id, "match_approved"),
            (cast.mentor.user_id, "match_approved"),
        ]
    )
    assert counters(session, cast.mentor) == (1, 0)
    assert counters(session, cast.mentee) == (0, 1)


def test_reject_match_records_reason_and_keeps_places(session, cast):
    req, since = open_request(session, cast, S.ACCEPTED), utcnow()
    workflow.reject_match(session, req, admin=cast.admin, reason="Same employer")
    assert req.status == S.REJECTED and stamped(req.decided_at, since)
    assert (req.decided_by_id, req.decision_note) == (
        cast.admin.user_id,
        "Same employer",
    )
    assert req.started_at is None
    assert history(session, req) == [
        (S.ACCEPTED, S.REJECTED, cast.admin.user_id, "Same employer")
    ]
    assert audits(session) == [
        (
            cast.admin.user_id,
            "reject_match",
            "match_request",
            req.request_id,
            {"reason": "Same employer"},
        ),
    ]
    assert notices(session) == sorted(
        [
            (cast.mentee.user_id, "match_rejected"),
            (cast.mentor.user_id, "match_rejected"),
        ]
    )
    assert counters(session, cast.mentor) == (0, 0)
    assert counters(session, cast.mentee) == (0, 0)


@pytest.mark.parametrize("who", ["mentee", "mentor", "admin"])
def test_end_pairing_frees_both_places_and_notifies(session, cast, who):
    req = active_pairing(session, cast)
    by, since = getattr(cast, who), utcnow()
    workflow.end_pairing(session, req, by=by, reason="Goals met")
    assert req.status == S.ENDED and stamped(req.ended_at, since)
    assert history(session, req) == [(S.ACTIVE, S.ENDED, by.user_id, "Goals met")]
    assert counters(session, cast.mentor) == (0, 0)
    assert counters(session, cast.mentee) == (0, 0)
    members = {cast.mentee.user_id, cast.mentor.user_id}
    told = sorted((uid, "pairing_ended") for uid in members - {by.user_id})
    assert notices(session) == told
    expected_audit = (
        [
            (
                by.user_id,
                "end_pairing",
                "match_request",
                req.request_id,
                {"reason": "Goals met"},
            ),
        ]
        if who == "admin"
        else []
    )
    assert audits(session) == expected_audit


def test_end_pairing_twice_is_an_invalid_transition(session, cast):
    req = active_pairing(session, cast)
    workflow.end_pairing(session, req, by=cast.mentee)
    before = snapshot(session)
    with pytest.raises(InvalidTransitionError):
        workflow.end_pairing(session, req, by=cast.mentor)
    assert snapshot(session) == before
    assert counters(session, cast.mentor) == (0, 0)


def test_full_lifecycle_keeps_counters_and_history(session, cast):
    req = workflow.request_mentor(
        session, mentee=cast.mentee, mentor=cast.mentor, message="", rules=RULES
    )
    workflow.accept_request(session, req, by=cast.mentor)
    workflow.approve_match(session, req, admin=cast.admin, rules=RULES)
    assert counters(session, cast.mentor) == (1, 0)
    assert counters(session, cast.mentee) == (0, 1)
    workflow.end_pairing(session, req, by=cast.mentor)
    assert [h[:3] for h in history(session, req)] == [
        (None, S.REQUESTED, cast.mentee.user_id),
        (S.REQUESTED, S.ACCEPTED, cast.mentor.user_id),
        (S.ACCEPTED, S.ACTIVE, cast.admin.user_id),
        (S.ACTIVE, S.ENDED, cast.mentor.user_id),
    ]
    assert counters(session, cast.mentor) == (0, 0)
    assert counters(session, cast.mentee) == (0, 0)


# --- expiry ------------------------------------------------------------------


def test_expire_requests_expires_only_old_requested_ones(session, cast):
    now = utcnow()
    old = open_request(session, cast, S.REQUESTED, created_at=now - timedelta(days=15))
    fresh = make_match_request(session, created_at=now - timedelta(days=13))
    accepted = make_match_request(
        session, status=S.ACCEPTED, created_at=now - timedelta(days=40)
    )
    assert workflow.expire_requests(session, days=14, now=now) == 1
    for req in (old, fresh, accepted):
        session.refresh(req)
    assert (old.status, fresh.status, accepted.status) == (
        S.EXPIRED,
        S.REQUESTED,
        S.ACCEPTED,
    )
    assert history(session, old) == [
        (S.REQUESTED, S.EXPIRED, None, "No answer in 14 days.")
    ]
    assert notices(session) == [(cast.mentee.user_id, "request_expired")]


def test_expire_requests_measures_age_from_the_given_now(session, cast):
    req = open_request(session, cast, S.REQUESTED)
    later = utcnow() + timedelta(days=14)
    assert (
        workflow.expire_requests(session, days=14, now=later - timedelta(hours=1)) == 0
    )
    assert (
        workflow.expire_requests(session, days=14, now=later + timedelta(hours=1)) == 1
    )
    session.refresh(req)
    assert req.status == S.EXPIRED


# --- forbidden: wrong state (driven from TRANSITIONS) --------------------------


@dataclass(frozen=True)
class Action:
    """A workflow service, the actor keyword it takes and the role allowed to act."""

    target: MatchStatus
    service: Callable[..., object]
    keyword: str
    role: str
    extra: dict[str, Any] = field(default_factory=dict)
    only_from: frozenset[MatchStatus] | None = None

    def allowed_from(self) -> set[MatchStatus]:
        froms = {s for s in MatchStatus if self.target in TRANSITIONS[s]}
        return froms & self.only_from if self.only_from else froms

    def __call__(
        self, session: Session, req: MatchRequest, cast: Cast, role: str = ""
    ) -> object:
        actor = getattr(cast, role or self.role)
        return self.service(session, req, **{self.keyword: actor}, **self.extra)


ACTIONS: dict[str, Action] = {
    "accept": Action(S.ACCEPTED, workflow.accept_request, "by", "mentor"),
    "decline": Action(
        S.DECLINED,
        workflow.decline_request,
        "by",
        "mentor",
        {"reason": DeclineReason.SCHEDULE},
    ),
    "withdraw": Action(S.WITHDRAWN, workflow.withdraw_request, "by", "mentee"),
    "retract": Action(
        S.WITHDRAWN,
        workflow.retract_acceptance,
        "by",
        "mentor",
        only_from=frozenset({S.ACCEPTED}),
    ),
    "approve": Action(
        S.ACTIVE, workflow.approve_match, "admin", "admin", {"rules": RULES}
    ),
    "reject": Action(
        S.REJECTED, workflow.reject_match, "admin", "admin", {"reason": "No"}
    ),
    "end": Action(S.ENDED, workflow.end_pairing, "by", "mentee"),
}


def state_table(allowed: bool) -> list[Any]:
    return [
        pytest.param(status, name, id=f"{name}-from-{status.value}")
        for status in MatchStatus
        for name, action in ACTIONS.items()
        if (status in action.allowed_from()) == allowed
    ]


def test_every_transition_target_has_an_action_under_test():
    targets = set().union(*TRANSITIONS.values())
    assert targets == {a.target for a in ACTIONS.values()} | {S.EXPIRED}


@pytest.mark.parametrize(("status", "name"), state_table(allowed=True))
def test_action_from_allowed_state_moves_to_its_target(session, cast, status, name):
    req = open_request(session, cast, status)
    ACTIONS[name](session, req, cast)
    assert req.status == ACTIONS[name].target
    assert history(session, req)[-1][:2] == (status, ACTIONS[name].target)


@pytest.mark.parametrize(("status", "name"), state_table(allowed=False))
def test_action_from_wrong_state_is_refused_and_changes_nothing(
    session, cast, status, name
):
    req = open_request(session, cast, status)
    before = snapshot(session)
    with pytest.raises(InvalidTransitionError):
        ACTIONS[name](session, req, cast)
    assert snapshot(session) == before


@pytest.mark.parametrize(
    "status", [s for s in MatchStatus if S.EXPIRED not in TRANSITIONS[s]]
)
def test_expire_requests_leaves_other_states_alone(session, cast, status):
    open_request(session, cast, status, created_at=utcnow() - timedelta(days=60))
    before = snapshot(session)
    assert workflow.expire_requests(session, days=14) == 0
    assert snapshot(session) == before


# --- forbidden: wrong actor --------------------------------------------------

WRONG_ACTOR = [
    pytest.param(S.REQUESTED, "accept", "mentee", id="mentee-accepts"),
    pytest.param(S.REQUESTED, "accept", "admin", id="admin-accepts"),
    pytest.param(S.REQUESTED, "decline", "outsider", id="other-member-declines"),
    pytest.param(S.REQUESTED, "decline", "mentee", id="mentee-declines"),
    pytest.param(S.REQUESTED, "withdraw", "mentor", id="mentor-withdraws"),
    pytest.param(S.ACCEPTED, "withdraw", "outsider", id="other-member-withdraws"),
    pytest.param(S.ACCEPTED, "retract", "mentee", id="mentee-retracts"),
    pytest.param(S.ACCEPTED, "retract", "admin", id="admin-retracts"),
    pytest.param(S.ACCEPTED, "approve", "mentor", id="mentor-approves"),
    pytest.param(S.ACCEPTED, "approve", "outsider", id="member-approves"),
    pytest.param(S.ACCEPTED, "reject", "mentee", id="mentee-rejects"),
    pytest.param(S.ACTIVE, "end", "outsider", id="outsider-ends"),
]


@pytest.mark.parametrize(("status", "name", "role"), WRONG_ACTOR)
def test_action_by_wrong_actor_is_refused_and_changes_nothing(
    session, cast, status, name, role
):
    req = open_request(session, cast, status)
    before = snapshot(session)
    with pytest.raises(NotAllowedError):
        ACTIONS[name](session, req, cast, role)
    assert snapshot(session) == before


# --- forbidden: request rules --------------------------------------------------


def _self(s: Session, c: Cast) -> tuple[User, User]:
    both = make_mentor(s, wants_mentor=True)
    return both, both


def _inactive_mentor(s: Session, c: Cast) -> tuple[User, User]:
    c.mentor.is_active = False
    s.commit()
    return c.mentee, c.mentor


def _full_mentor(s: Session, c: Cast) -> tuple[User, User]:
    return c.mentee, make_mentor(s, mentor_capacity=1, mentor_slots_used=1)


def _open_pair(status: S) -> Callable[[Session, Cast], tuple[User, User]]:
    def setup(s: Session, c: Cast) -> tuple[User, User]:
        open_request(s, c, status)
        return c.mentee, c.mentor

    return setup


def _too_many_open(s: Session, c: Cast) -> tuple[User, User]:
    for status in (S.REQUESTED, S.REQUESTED, S.ACCEPTED):
        make_match_request(s, mentee=c.mentee, status=status)
    return c.mentee, c.mentor


def _paired(s: Session, c: Cast) -> tuple[User, User]:
    return make_mentee(s, active_pairings=1), c.mentor


def _declined(days_ago: int) -> Callable[[Session, Cast], tuple[User, User]]:
    def setup(s: Session, c: Cast) -> tuple[User, User]:
        when = utcnow() - timedelta(days=days_ago)
        open_request(s, c, S.DECLINED, responded_at=when, created_at=when)
        return c.mentee, c.mentor

    return setup


REQUEST_REFUSALS = [
    pytest.param(_self, NotAllowedError, id="self"),
    pytest.param(lambda s, c: (c.mentee, c.outsider), NotAllowedError, id="non-mentor"),
    pytest.param(_inactive_mentor, NotAllowedError, id="inactive-mentor"),
    pytest.param(
        lambda s, c: (c.mentor, make_mentor(s)),
        NotAllowedError,
        id="requester-wants-no-mentor",
    ),
    pytest.param(lambda s, c: (make_user(s), c.mentor), WorkflowError, id="no-profile"),
    pytest.param(_full_mentor, CapacityError, id="mentor-full"),
    pytest.param(_open_pair(S.REQUESTED), DuplicateRequestError, id="dup-requested"),
    pytest.param(_open_pair(S.ACCEPTED), DuplicateRequestError, id="dup-accepted"),
    pytest.param(_open_pair(S.ACTIVE), DuplicateRequestError, id="dup-active"),
    pytest.param(_too_many_open, CapacityError, id="max-open-requests"),
    pytest.param(_paired, CapacityError, id="max-active-pairings"),
    pytest.param(_declined(10), DuplicateRequestError, id="decline-cooldown"),
]


@pytest.mark.parametrize(("setup", "error"), REQUEST_REFUSALS)
def test_request_mentor_refusals_change_nothing(session, cast, setup, error):
    mentee, mentor = setup(session, cast)
    before = snapshot(session)
    with pytest.raises(error):
        workflow.request_mentor(
            session, mentee=mentee, mentor=mentor, message="Hi", rules=RULES
        )
    assert snapshot(session) == before


@pytest.mark.parametrize(
    "setup",
    [_declined(91), *map(_open_pair, (S.WITHDRAWN, S.EXPIRED, S.REJECTED, S.ENDED))],
    ids=[
        "after-cooldown",
        "after-withdrawn",
        "after-expired",
        "after-rejected",
        "after-ended",
    ],
)
def test_request_mentor_again_after_a_closed_request(session, cast, setup):
    mentee, mentor = setup(session, cast)
    req = workflow.request_mentor(
        session, mentee=mentee, mentor=mentor, message="Again", rules=RULES
    )
    assert req.status == S.REQUESTED
    assert count(session, MatchRequest) == 2


# --- forbidden: capacity at accept and approve ---------------------------------


def test_accept_refused_when_accepted_requests_fill_capacity(session, cast):
    mentor = make_mentor(session, mentor_capacity=1)
    make_match_request(session, mentor=mentor, status=S.ACCEPTED)
    req = make_match_request(session, mentee=cast.mentee, mentor=mentor)
    assert workflow.free_capacity(session, mentor) == 0
    before = snapshot(session)
    with pytest.raises(CapacityError):
        workflow.accept_request(session, req, by=mentor)
    assert snapshot(session) == before


def test_accept_refused_when_active_pairings_fill_capacity(session, cast):
    mentor = make_mentor(session, mentor_capacity=2, mentor_slots_used=2)
    req = make_match_request(session, mentee=cast.mentee, mentor=mentor)
    before = snapshot(session)
    with pytest.raises(CapacityError):
        workflow.accept_request(session, req, by=mentor)
    assert snapshot(session) == before


def test_free_capacity_counts_active_places_and_accepted_requests(session):
    mentor = make_mentor(session, mentor_capacity=4, mentor_slots_used=1)
    for status in (S.ACCEPTED, S.REQUESTED, S.DECLINED):
        make_match_request(session, mentor=mentor, status=status)
    assert workflow.free_capacity(session, mentor) == 2


@pytest.mark.parametrize("full", ["mentor", "mentee"])
def test_approve_refused_at_capacity_rolls_everything_back(session, cast, full):
    mentor = make_mentor(
        session, mentor_capacity=1, mentor_slots_used=int(full == "mentor")
    )
    mentee = make_mentee(session, active_pairings=int(full == "mentee"))
    req = make_match_request(session, mentee=mentee, mentor=mentor, status=S.ACCEPTED)
    before = snapshot(session)
    with pytest.raises(CapacityError):
        workflow.approve_match(session, req, admin=cast.admin, rules=RULES)
    assert snapshot(session) == before
    session.refresh(req)
    assert req.status == S.ACCEPTED


def test_rules_read_from_config():
    config = {
        "MAX_OPEN_REQUESTS": "5",
        "MAX_ACTIVE_PAIRINGS_PER_MENTEE": 2,
        "DECLINE_COOLDOWN_DAYS": 30,
    }
    assert Rules.from_config(config) == Rules(5, 2, 30)
