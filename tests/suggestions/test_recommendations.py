"""The mentor index cache: full fit from plain rows, incremental refresh, chapters."""

from __future__ import annotations

from mentormatch.core.models import Profile
from mentormatch.matching import MentorIndex
from mentormatch.suggestions.services.index_cache import IndexCache
from mentormatch.suggestions.services.recommendations import (
    _mentor_profiles,
    all_mentors,
    mentor_from_profile,
)
from tests.factories import make_mentee, make_mentor


def test_all_mentors_same_as_orm_profiles(session):
    make_mentor(
        session,
        held={"PMP": 2012, "CAPM": 2009},
        offers=["kanban", "change management"],
    )
    make_mentor(session, mentor_capacity=1, mentor_slots_used=1, bio="")
    make_mentor(session, chapter="PMI UK", languages=["English", "French"])
    make_mentor(session).is_active = False
    make_mentee(session)
    session.commit()

    orm = [
        mentor_from_profile(p)
        for p in _mentor_profiles(session, Profile.offers_mentoring)
    ]
    rows = all_mentors(session)
    assert len(rows) == 4
    assert sorted(rows, key=lambda m: m.id) == sorted(orm, key=lambda m: m.id)


def test_index_cache_refresh_reencodes_only_changed_profiles(session, monkeypatch):
    first, second, third = (make_mentor(session) for _ in range(3))
    cache = IndexCache()
    cache.get(session)
    updated: list[int] = []
    update_many = MentorIndex.update_many

    def spy(index, mentors):
        mentors = list(mentors)
        updated.extend(m.id for m in mentors)
        return update_many(index, mentors)

    monkeypatch.setattr(MentorIndex, "update_many", spy)
    for n, mentor in enumerate((first, second, third)):
        mentor.profile.headline = f"Edited {n}"
        session.commit()
        updated.clear()
        cache.get(session)
    # the newest earlier edit may be read again (ties at the stamp), older ones not
    assert third.user_id in updated
    assert first.user_id not in updated


def test_index_cache_chapters_follow_profile_changes(session):
    mentor = make_mentor(session, chapter="PMI Berlin")
    cache = IndexCache()
    assert cache.chapters(session) == ["PMI Berlin"]
    mentor.profile.chapter = "PMI UK"
    session.commit()
    assert cache.chapters(session) == ["PMI UK"]
