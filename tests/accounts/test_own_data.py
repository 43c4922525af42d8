"""Own data: the export holds the member's data only; deletion leaves no trace."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from mentormatch.accounts.services import credentials as accounts
from mentormatch.accounts.services.erasure import delete_account
from mentormatch.accounts.services.own_data import export_member
from mentormatch.accounts.services.reset import request_reset
from mentormatch.core import workflow
from mentormatch.core.errors import NotAllowedError
from mentormatch.core.models import (
    AuditLog,
    MatchStatus,
    Profile,
    StatusChange,
    User,
)
from mentormatch.extensions import db
from tests.factories import (
    TEST_PASSWORD,
    make_mentee,
    make_mentor,
    make_profile,
    make_user,
)

RULES = workflow.Rules()
EMAIL = "zelda.quokka@example.org"
NAME = "Zelda Quokkafinch"
BIO = "Quokkabio: I coach agile teams in Lisbon."


def make_zelda(session) -> User:
    """A member who is both mentee and mentor, with a certification number."""
    user = make_user(session, email=EMAIL)
    profile = make_profile(
        session,
        user,
        display_name=NAME,
        bio=BIO,
        goals="Quokkagoal: PgMP.",
        wants_mentor=True,
        offers_mentoring=True,
        mentor_capacity=2,
        held={"PMP": 2019},
        targets=["PgMP"],
        offers=["risk management"],
        wants=["program and portfolio management"],
    )
    profile.certifications[0].number = "PMP-1234567"
    session.commit()
    return user


@pytest.fixture
def world(session) -> dict[str, Any]:
    """Zelda in an active pairing as mentee, with one new and one accepted request
    as mentor; plus Ugo, who has nothing to do with her."""
    zelda, admin = make_zelda(session), make_user(session, is_admin=True)
    bo = make_mentor(session, display_name="Bo Mentor", bio="Bobio text")
    mia = make_mentee(session, display_name="Mia Mentee", held={"PMP": 2020})
    max_ = make_mentee(session, display_name="Max Mentee", held={"PMP": 2021})
    ugo = make_mentor(session, display_name="Ugo Unrelated", bio="Ugobio text")
    paired = workflow.request_mentor(
        session, mentee=zelda, mentor=bo, message=f"Hi, I am {NAME}.", rules=RULES
    )
    workflow.accept_request(session, paired, by=bo)
    workflow.approve_match(session, paired, admin=admin, rules=RULES, note="Good fit")
    asked = workflow.request_mentor(
        session, mentee=mia, mentor=zelda, message="Please?", rules=RULES
    )
    accepted = workflow.request_mentor(
        session, mentee=max_, mentor=zelda, message="Me too", rules=RULES
    )
    workflow.accept_request(session, accepted, by=zelda)
    request_reset(session, email=EMAIL, valid_for=timedelta(hours=1))
    return {
        "zelda": zelda,
        "bo": bo,
        "ugo": ugo,
        "admin": admin,
        "paired": paired,
        "asked": asked,
        "accepted": accepted,
    }


def every_value(session) -> list[str]:
    """Every non-empty value of every column of every table, as text."""
    values = []
    for table in db.metadata.sorted_tables:
        for row in session.execute(select(table)).all():
            for value in row:
                if value is not None:
                    values.append(
                        value
                        if isinstance(value, str)
                        else json.dumps(value, default=str)
                    )
    return values


def test_export_holds_the_members_data(session, world):
    data = export_member(session, world["zelda"])
    assert data["account"]["email"] == EMAIL
    assert data["account"]["consented_at"] is None
    assert data["profile"]["display_name"] == NAME
    assert data["profile"]["bio"] == BIO
    (held,) = [c for c in data["profile"]["certifications"] if c["kind"] == "held"]
    assert (held["code"], held["number"], held["verified"]) == (
        "PMP",
        "PMP-1234567",
        False,
    )
    by_id = {r["request_id"]: r for r in data["requests"]}
    paired = by_id[world["paired"].request_id]
    assert (paired["role"], paired["status"]) == ("mentee", "active")
    assert paired["your_message"] == f"Hi, I am {NAME}."
    assert [h["to"] for h in paired["history"]] == ["requested", "accepted", "active"]
    assert [h["by"] for h in paired["history"]] == [
        "you",
        "the other member",
        "the program",
    ]
    assert by_id[world["accepted"].request_id]["role"] == "mentor"
    assert {n["kind"] for n in data["notifications"]} >= {
        "request_received",
        "match_approved",
    }
    assert {m["kind"] for m in data["emails"]} >= {"password_reset", "request_received"}
    json.dumps(data)  # serialisable as it is


def test_export_holds_nothing_of_other_members(session, world):
    text = json.dumps(export_member(session, world["zelda"]))
    zelda = world["zelda"]
    for secret in (zelda.password_hash, zelda.session_token):
        assert secret not in text
    for other in (world["bo"], world["ugo"], world["admin"]):
        assert other.email not in text
    for other_text in ("Bobio", "Ugobio", "Ugo Unrelated", "Please?", "Me too"):
        assert other_text not in text
    assert f'"user_id": {world["bo"].user_id}' not in text


def test_delete_ends_pairings_and_releases_requests(session, world):
    delete_account(session, world["zelda"], password=TEST_PASSWORD)
    statuses = {
        name: session.get(type(world[name]), world[name].request_id).status
        for name in ("paired", "asked", "accepted")
    }
    assert statuses == {
        "paired": MatchStatus.ENDED,
        "asked": MatchStatus.DECLINED,
        "accepted": MatchStatus.WITHDRAWN,
    }
    assert session.get(Profile, world["bo"].user_id).mentor_slots_used == 0


def test_delete_leaves_no_personal_field_behind(session, world):
    zelda = world["zelda"]
    assert any(NAME in v for v in every_value(session))  # the scan can see it
    delete_account(session, zelda, password=TEST_PASSWORD)
    for value in every_value(session):
        for needle in (EMAIL, NAME, "Quokka", "PMP-1234567"):
            assert needle not in value, value
    session.refresh(zelda)
    assert (zelda.email, zelda.is_active, zelda.is_admin) == (
        f"deleted-{zelda.user_id}@invalid",
        False,
        False,
    )
    assert zelda.profile is None
    assert accounts.authenticate(session, email=EMAIL, password=TEST_PASSWORD) is None


def test_delete_keeps_history_and_audit_integrity(session, world):
    zelda = world["zelda"]
    history = session.execute(
        select(StatusChange.change_id, StatusChange.actor_id)
    ).all()
    audit = session.execute(select(AuditLog.audit_id, AuditLog.actor_id)).all()
    delete_account(session, zelda, password=TEST_PASSWORD)
    after = session.execute(select(StatusChange.change_id, StatusChange.actor_id)).all()
    assert set(history) < set(after)
    assert set(audit) < set(
        session.execute(select(AuditLog.audit_id, AuditLog.actor_id)).all()
    )
    ended = session.scalars(
        select(StatusChange).where(StatusChange.to_status == MatchStatus.ENDED)
    ).one()
    assert ended.actor_id == zelda.user_id
    assert session.get(User, zelda.user_id) is not None  # tombstone


def test_delete_refused_with_wrong_password(session, world):
    zelda = world["zelda"]
    before = every_value(session)
    with pytest.raises(NotAllowedError, match="password is not right"):
        delete_account(session, zelda, password="not-my-password-1")
    session.rollback()
    assert every_value(session) == before
