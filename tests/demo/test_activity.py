"""The lived-in demo: every screen a newcomer opens has content."""

from __future__ import annotations

from sqlalchemy import func, select

from mentormatch.core.models import (
    Agreement,
    CheckIn,
    Feedback,
    MatchRequest,
    MatchStatus,
    Notification,
    PairingGoal,
    User,
)
from mentormatch.core.workflow import Rules
from mentormatch.demo.services.activity import PLAN, seed_activity
from mentormatch.demo.services.seed import (
    DEMO_ADMIN_EMAIL,
    DEMO_MENTEE_EMAIL,
    DEMO_MENTOR_EMAIL,
    DEMO_PASSWORD,
    seed_demo,
)

S = MatchStatus


def by_email(session, email: str) -> User:
    return session.scalar(select(User).where(User.email == email))


def test_the_demo_has_every_state_and_an_active_demo_pairing(session):
    seed_demo(session, seed=3, mentors=40, mentees=40)
    admin, sam, dana = (
        by_email(session, e)
        for e in (DEMO_ADMIN_EMAIL, DEMO_MENTEE_EMAIL, DEMO_MENTOR_EMAIL)
    )
    done = seed_activity(session, admin=admin, mentee=sam, mentor=dana, rules=Rules())
    planned = {state.value: n for state, n in PLAN}
    # and the demo mentor's earlier pairing, ended
    assert done.counts == {**planned, S.ENDED.value: planned[S.ENDED.value] + 1}
    pair = session.scalars(
        select(MatchRequest).where(
            MatchRequest.mentee_id == sam.user_id,
            MatchRequest.mentor_id == dana.user_id,
        )
    ).one()
    assert pair.status == S.ACTIVE
    agreement = session.scalars(
        select(Agreement).where(Agreement.request_id == pair.request_id)
    ).one()
    assert agreement.accepted
    assert (
        session.scalar(
            select(func.count())
            .select_from(CheckIn)
            .where(CheckIn.request_id == pair.request_id)
        )
        == 2
    )
    assert (
        session.scalar(
            select(func.count())
            .select_from(PairingGoal)
            .where(PairingGoal.request_id == pair.request_id)
        )
        == 2
    )
    states = dict(
        session.execute(
            select(MatchRequest.status, func.count()).group_by(MatchRequest.status)
        ).all()
    )
    assert states[S.ACCEPTED] == 3 and states[S.ACTIVE] == 4 and states[S.ENDED] == 3
    assert all(states.get(state) for state, _ in PLAN)
    assert session.scalar(select(func.count()).select_from(Feedback)) == 6
    assert session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == sam.user_id)
    )


def test_the_demo_admin_lands_on_the_dashboard(app, session, client):
    seed_demo(session, seed=3, mentors=2, mentees=2)
    client.post("/login", data={"email": DEMO_ADMIN_EMAIL, "password": DEMO_PASSWORD})
    answer = client.get("/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/admin"


def test_the_demo_mentor_has_a_closed_pairing_with_its_certificate(client, session):
    seed_demo(session, seed=3, mentors=40, mentees=40)
    admin, sam, dana = (
        by_email(session, e)
        for e in (DEMO_ADMIN_EMAIL, DEMO_MENTEE_EMAIL, DEMO_MENTOR_EMAIL)
    )
    seed_activity(session, admin=admin, mentee=sam, mentor=dana, rules=Rules())
    ended = session.scalars(
        select(MatchRequest).where(
            MatchRequest.mentor_id == dana.user_id, MatchRequest.status == S.ENDED
        )
    ).one()
    assert ended.mentee_id != sam.user_id
    client.post("/login", data={"email": DEMO_MENTOR_EMAIL, "password": DEMO_PASSWORD})
    record = client.get("/programs/pdu").get_data(as_text=True)
    link = f"/programs/pdu/{ended.request_id}/certificate.pdf"
    assert link in record
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
