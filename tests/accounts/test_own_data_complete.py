"""Own data is complete: the export covers every member table; erasure leaves none."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Table, select

from mentormatch.accounts.services.erasure import delete_account
from mentormatch.accounts.services.own_data import COVERAGE, WITHHELD, export_member
from mentormatch.core import audit
from mentormatch.core.member_settings import settings_of
from mentormatch.core.models import (
    Agreement,
    CheckIn,
    Checkup,
    CheckupPrompt,
    CohortProposal,
    CohortRun,
    Feedback,
    MemberPreference,
    PairingGoal,
    PduSplit,
    PreferenceKind,
    Program,
    ProgramMember,
    SharedResource,
    utcnow,
)
from mentormatch.core.models.programs import ApplicationStatus, ProgramRole
from mentormatch.extensions import db
from mentormatch.messages.services.reports import report_message
from mentormatch.messages.services.threads import post_message
from mentormatch.pairings.services.meetings import propose_meeting
from tests.accounts.test_own_data import EMAIL, NAME, every_value, world  # noqa: F401
from tests.factories import TEST_PASSWORD

MEMBER_TABLES = {"user_account", "match_request", "profile"}
MARK = "Zqmarker"  # in everything the leaving member writes
OTHER = "Bowords"  # in everything the other member writes


def refers_to_a_member(table: Table, seen: frozenset[str] = frozenset()) -> bool:
    """A foreign key to an account, a request or a profile, directly or through one."""
    for fk in table.foreign_keys:
        target = fk.column.table
        if target.name in MEMBER_TABLES:
            return True
        if target.name not in seen and refers_to_a_member(target, seen | {table.name}):
            return True
    return False


def test_every_table_that_refers_to_a_member_is_covered_by_the_export():
    tables = [t for t in db.metadata.sorted_tables if refers_to_a_member(t)]
    assert len(tables) >= 15  # the walk finds them
    missing = [t.name for t in tables if t.name not in COVERAGE]
    assert missing == [], f"add these tables to own_data.COVERAGE: {missing}"


def test_every_covered_section_is_in_the_export(session, world):  # noqa: F811
    data = export_member(session, world["zelda"])
    for table, key in COVERAGE.items():
        assert key.startswith(WITHHELD) or key in data, table


def follow_ups(session, world: dict[str, Any]) -> None:  # noqa: F811
    """Everything a member can write, by Zelda and by Bo, in their pairing."""
    zelda, bo, ugo, admin = world["zelda"], world["bo"], world["ugo"], world["admin"]
    rid = world["paired"].request_id
    session.add_all(
        [
            Agreement(
                request_id=rid,
                goals=f"{MARK} agreement goals",
                cadence="monthly",
                starts_on=date(2026, 1, 5),
                timezone="UTC",
                confidential=True,
                proposed_by_id=zelda.user_id,
                mentee_fit=False,
            ),
            CheckIn(
                request_id=rid,
                held_on=date(2026, 2, 1),
                minutes=60,
                notes=f"{MARK} my notes",
                next_step=f"{MARK} next",
                logged_by_id=zelda.user_id,
            ),
            CheckIn(
                request_id=rid,
                held_on=date(2026, 3, 1),
                minutes=45,
                notes=f"{OTHER}: {NAME} did well",
                logged_by_id=bo.user_id,
            ),
            PairingGoal(request_id=rid, title=f"{MARK} pass PgMP"),
            SharedResource(
                request_id=rid,
                added_by_id=zelda.user_id,
                title=f"{MARK} link",
                url=f"https://example.org/{MARK}",
            ),
            SharedResource(
                request_id=rid,
                added_by_id=bo.user_id,
                title=f"{OTHER} link",
                url="https://example.org/bo",
            ),
            Feedback(request_id=rid, author_id=zelda.user_id, rating=2, comment=MARK),
            Feedback(request_id=rid, author_id=bo.user_id, rating=5, comment=OTHER),
            MemberPreference(
                member_id=zelda.user_id, other_id=ugo.user_id, kind=PreferenceKind.BLOCK
            ),
        ]
    )
    program = Program(name="Spring mentoring")
    program.members.append(
        ProgramMember(
            user_id=zelda.user_id,
            role=ProgramRole.MENTEE,
            status=ApplicationStatus.APPLIED,
            motivation=f"{MARK} why I apply",
        )
    )
    session.add(program)
    session.add(
        PduSplit(
            request_id=rid,
            user_id=zelda.user_id,
            ways_of_working=0,
            power_skills=100,
            business_acumen=0,
            description=f"{MARK} what I learned",
        )
    )
    run = CohortRun(created_by_id=admin.user_id, objective="total", mode="optimal")
    run.proposals.append(
        CohortProposal(
            mentee_id=zelda.user_id, mentor_id=bo.user_id, reasons=[f"{NAME} fits"]
        )
    )
    session.add(run)
    audit.record(session, actor=admin, action="look", who=NAME, email=EMAIL)
    world["paired"].reasons = [f"Same chapter as {NAME}"]
    session.commit()


def test_export_holds_the_pairing_follow_ups_and_wishes(session, world):  # noqa: F811
    follow_ups(session, world)
    data = export_member(session, world["zelda"])
    (paired,) = [
        r for r in data["requests"] if r["request_id"] == world["paired"].request_id
    ]
    assert paired["agreement"]["goals"] == f"{MARK} agreement goals"
    assert paired["agreement"]["your_fit_answer"] is False
    notes = {c["logged_by"]: c["notes"] for c in paired["checkins"]}
    assert notes == {"you": f"{MARK} my notes", "the other member": None}
    assert [g["title"] for g in paired["goals"]] == [f"{MARK} pass PgMP"]
    assert [link["title"] for link in paired["your_links"]] == [f"{MARK} link"]
    assert paired["your_feedback"] == [{"rating": 2, "comment": MARK}]
    assert [p["kind"] for p in data["preferences"]] == ["block"]
    assert data["cohort_proposals"][0]["role"] == "mentee"
    assert data["programs"][0]["your_motivation"] == f"{MARK} why I apply"
    assert data["pdu_splits"][0]["description"] == f"{MARK} what I learned"
    assert OTHER not in json.dumps(data)


def test_erasure_keeps_the_other_members_words(session, world):  # noqa: F811
    follow_ups(session, world)
    delete_account(session, world["zelda"], password=TEST_PASSWORD)
    values = every_value(session)
    assert f"{OTHER}: a former member did well" in values
    assert OTHER in values  # Bo's feedback
    assert f"{OTHER} link" in values
    assert session.scalar(select(CohortProposal.reasons)) == ["a former member fits"]
    assert world["zelda"].display_name == "a former member"


def conversations(session, world: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """Zelda's messages, a report, a meeting with two times, a check-up, a
    check-up prompt and her email settings, written through the services."""
    zelda, bo, paired = world["zelda"], world["bo"], world["paired"]
    mine = post_message(session, paired, by=zelda, body=f"{MARK} hello")
    theirs = post_message(session, paired, by=bo, body=f"{OTHER} hello")
    report = report_message(session, theirs, paired, by=zelda, reason=f"{MARK} rude")
    now = utcnow()
    meeting = propose_meeting(
        session,
        paired,
        by=zelda,
        starts=[now + timedelta(days=3), now + timedelta(days=4)],
        minutes=45,
        note=f"{MARK} agenda",
        now=now,
    )
    session.add_all(
        [
            Checkup(
                request_id=paired.request_id,
                author_id=zelda.user_id,
                milestone=30,
                is_working=True,
                meeting_as_agreed="yes",
                note=f"{MARK} going well",
            ),
            CheckupPrompt(
                request_id=paired.request_id, user_id=zelda.user_id, milestone=30
            ),
        ]
    )
    settings = settings_of(session, zelda)
    session.commit()
    return {"message": mine, "report": report, "meeting": meeting, "settings": settings}


def test_export_holds_the_conversations_by_their_own_ids(session, world):  # noqa: F811
    made = conversations(session, world)
    data = export_member(session, world["zelda"])["conversations"]
    json.dumps(data)  # JSON-ready
    (message,) = data["messages"]
    assert message["message_id"] == made["message"].message_id
    assert message["body"] == f"{MARK} hello"
    assert data["reports_made"][0]["report_id"] == made["report"].report_id
    (meeting,) = data["meetings_proposed"]
    assert meeting["meeting_id"] == made["meeting"].meeting_id
    assert meeting["note"] == f"{MARK} agenda"
    slots = data["meeting_slots"]
    assert len(slots) == 2
    assert {s["meeting_id"] for s in slots} == {meeting["meeting_id"]}
    assert data["checkups"][0]["note"] == f"{MARK} going well"
    assert data["checkup_prompts"][0]["user_id"] == world["zelda"].user_id
    assert data["thread_states"][0]["request_id"] == world["paired"].request_id
    (settings,) = data["email_settings"]
    assert "unsubscribe_token" not in settings and "calendar_token" not in settings
    text = json.dumps(data)
    assert made["settings"].unsubscribe_token not in text
    assert made["settings"].calendar_token not in text


def test_download_works_for_a_member_with_conversations(client, session, world, login):  # noqa: F811
    conversations(session, world)
    login(EMAIL)
    response = client.get("/me/data.json")
    assert response.status_code == 200
    data = json.loads(response.data)
    assert data["conversations"]["messages"][0]["body"] == f"{MARK} hello"
    assert OTHER not in json.dumps(data["conversations"]["messages"])


@pytest.mark.parametrize("needle", [EMAIL, NAME, MARK, "Quokka"])
@pytest.mark.parametrize(
    "write", [follow_ups, conversations], ids=["follow_ups", "conversations"]
)
def test_erasure_scan_every_column_of_every_table(session, world, write, needle):  # noqa: F811
    write(session, world)
    assert any(needle in v for v in every_value(session))  # the scan sees it
    delete_account(session, world["zelda"], password=TEST_PASSWORD)
    leftovers = [v for v in every_value(session) if needle in v]
    assert leftovers == []
