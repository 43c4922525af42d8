"""Commit-ordered change counters: what bumps them, what does not, and out-of-order
commits seen by the mentor index."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mentormatch.core import changes
from mentormatch.core.models import (
    MemberChange,
    Profile,
    ProfileSkill,
    Skill,
    SkillKind,
    utcnow,
)
from mentormatch.core.models.changes import EVERYONE
from mentormatch.extensions import db
from mentormatch.matching import Mentee
from mentormatch.suggestions.services.index_cache import IndexCache
from tests.conftest import is_postgres
from tests.factories import make_mentee, make_mentor, make_user


def rows_after(session: Session, version: int) -> set[int]:
    stmt = select(MemberChange.user_id).where(MemberChange.version > version)
    return set(session.scalars(stmt))


def test_profile_edit_numbers_its_member(session):
    mentor = make_mentor(session)
    before = changes.versions(session)
    mentor.profile.headline = "New headline"
    session.commit()
    after = changes.versions(session)
    assert after.members == before.members + 1
    assert after.chapters == before.chapters  # the chapter did not change
    assert changes.changed_members(session, before.members, after) == {mentor.user_id}


def test_chapter_change_moves_the_chapter_counter(session):
    mentor = make_mentor(session, chapter="PMI Berlin")
    before = changes.versions(session)
    mentor.profile.chapter = "PMI UK"
    session.commit()
    assert changes.versions(session).chapters == before.chapters + 1


def test_first_login_is_a_change_later_logins_are_not(session, client, login):
    mentor = make_mentor(session)
    before = changes.versions(session)
    assert login(mentor.email).status_code == 302  # "has logged in" is matched on
    assert changes.versions(session).members == before.members + 1
    client.post("/logout")
    before = changes.versions(session)
    assert login(mentor.email).status_code == 302
    assert changes.versions(session) == before


def test_login_and_unrelated_account_changes_bump_nothing(session, client, login):
    mentor = make_mentor(session)
    mentor.last_login_at = utcnow()
    session.commit()
    before = changes.versions(session)
    assert login(mentor.email).status_code == 302
    assert client.get("/profile").status_code == 200
    mentor.session_token = "rotated"
    session.commit()
    assert changes.versions(session) == before


def test_deactivation_and_skill_removal_are_changes(session):
    mentor, other = make_mentor(session), make_mentor(session)
    start = changes.versions(session).members
    mentor.is_active = False
    session.commit()
    skill = session.scalar(select(Skill).limit(1))
    other.profile.skills.append(ProfileSkill(skill=skill, kind=SkillKind.OFFERS))
    session.commit()
    other.profile.skills.clear()  # orphans are deleted inside the flush
    session.commit()
    assert changes.versions(session).members == start + 3
    assert rows_after(session, start) == {mentor.user_id, other.user_id}


def test_core_update_names_the_members_in_its_where_clause(session):
    mentor, mentee = make_mentor(session), make_mentee(session)
    start = changes.versions(session).members
    session.execute(
        update(Profile)
        .where(Profile.user_id == mentor.user_id, Profile.mentor_slots_used < 2)
        .values(mentor_slots_used=Profile.mentor_slots_used + 1)
    )
    session.execute(
        update(Profile).where(Profile.user_id.in_([mentee.user_id])).values(goals="x")
    )
    session.commit()
    assert rows_after(session, start) == {mentor.user_id, mentee.user_id}


def test_core_update_without_member_means_everyone(session):
    make_mentor(session)
    before = changes.versions(session)
    session.execute(update(Profile).values(hours_per_month=3))
    session.commit()
    after = changes.versions(session)
    assert rows_after(session, before.members) == {EVERYONE}
    assert changes.changed_members(session, before.members, after) is None
    assert after.chapters == before.chapters + 1


def test_rolled_back_changes_are_not_numbered(session):
    mentor = make_mentor(session)
    before = changes.versions(session)
    mentor.profile.headline = "never saved"
    session.flush()
    session.rollback()
    make_user(session)  # an account without a profile is no matching change
    assert changes.versions(session) == before


def test_pruned_rows_make_a_stale_reader_reload_everyone(session):
    mentor = make_mentor(session)
    seen = changes.versions(session).members
    mentor.profile.headline = "edited"
    session.commit()
    assert changes.prune(session, before=utcnow()) >= 1
    assert changes.changed_members(session, seen, changes.versions(session)) is None
    current = changes.versions(session)
    assert changes.changed_members(session, current.members, current) == set()


def test_index_refresh_follows_counter_and_chapters_survive_logins(
    session, client, login
):
    keep, stop = make_mentor(session, chapter="PMI UK"), make_mentor(session)
    mentee = make_mentee(session)
    cache = IndexCache()
    index = cache.get(session)
    assert {keep.user_id, stop.user_id} <= set(index.row_of_)
    chapters = cache.chapters(session)
    assert login(mentee.email).status_code == 302
    assert cache.chapters(session) is chapters  # not queried again after a login
    stop.profile.offers_mentoring = False
    session.commit()
    assert stop.user_id not in cache.get(session).row_of_
    assert cache.chapters(session) is not chapters


def ranked_ids(cache: IndexCache, session: Session, mentee_id: int) -> set[int]:
    query = Mentee(id=mentee_id, languages=("English",), formats=("video",))
    return {s.mentor_id for s in cache.get(session).rank(query, k=50)}


@pytest.mark.skipif(not is_postgres(), reason="needs two real connections")
def test_change_committed_out_of_order_is_picked_up(app, session):
    """T1 flushes first and commits last: a worker that refreshed in between must
    still see T1's change (a mentor stopping mentoring) after T1 commits."""
    stopping, other = make_mentor(session), make_mentor(session)
    mentee = make_mentee(session)
    session.commit()
    cache = IndexCache()
    worker, t1, t2 = Session(db.engine), Session(db.engine), Session(db.engine)
    try:
        assert stopping.user_id in ranked_ids(cache, worker, mentee.user_id)
        worker.commit()
        t1.get(Profile, stopping.user_id).offers_mentoring = False
        t1.flush()  # updated_at is set now, before T2's
        t2.get(Profile, other.user_id).headline = "T2 edit"
        t2.commit()
        assert stopping.user_id in ranked_ids(cache, worker, mentee.user_id)
        worker.commit()
        t1.commit()
        assert stopping.user_id not in ranked_ids(cache, worker, mentee.user_id)
    finally:
        for s in (worker, t1, t2):
            s.rollback()
            s.close()


def test_lock_order_row_locks_are_not_changes(session):
    """Workflow's no-op UPDATEs only lock the mentee's and mentor's rows: a request
    must not renumber them (nor take the counter's lock on every request)."""
    from mentormatch.core import workflow

    mentee, mentor = make_mentee(session), make_mentor(session)
    before = changes.versions(session)
    workflow.request_mentor(
        session, mentee=mentee, mentor=mentor, message="Hi", rules=workflow.Rules()
    )
    assert changes.versions(session) == before
    session.execute(
        update(Profile).where(Profile.user_id == mentor.user_id).values(headline="x")
    )
    session.commit()  # the same statement without the option is a change
    assert changes.versions(session).members == before.members + 1
