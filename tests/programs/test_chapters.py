"""The chapter catalogue: profiles pick from it, unknown text is kept under Other."""

from __future__ import annotations

import pytest

from mentormatch.core.chapters import SEED_CHAPTERS, assign_chapter, chapter_key
from mentormatch.core.models import Chapter, Profile
from mentormatch.extensions import db
from mentormatch.profiles import ProfileData, apply_profile
from tests.factories import make_user


@pytest.mark.parametrize(
    ("typed", "name", "catalogue"),
    [
        ("PMI UK", "PMI UK", "PMI UK"),
        ("  pmi uk chapter ", "PMI UK", "PMI UK"),
        ("The PMI Netherlands Chapter", "PMI Netherlands", "PMI Netherlands"),
        ("Friends of Agile Leeds", "Friends of Agile Leeds", "Other"),
        ("", "", None),
    ],
)
def test_assign_chapter_maps_known_names_and_keeps_unknown_text(
    session, typed, name, catalogue
):
    profile = Profile(display_name="x")
    assign_chapter(session, profile, typed)
    chapter = session.get(Chapter, profile.chapter_id) if profile.chapter_id else None
    assert profile.chapter == name
    assert (chapter.name if chapter else None) == catalogue


def test_seed_names_are_unique_after_normalising():
    keys = [chapter_key(name) for name, *_ in SEED_CHAPTERS]
    assert len(keys) == len(set(keys)) >= 30


def test_saving_a_profile_points_it_at_the_catalogue(session):
    user = make_user(session)
    apply_profile(
        session,
        user=user,
        data=ProfileData(
            display_name="Ann", chapter="pmi chicagoland", wants_mentor=True
        ),
    )
    db.session.flush()
    assert user.profile.chapter == "PMI Chicagoland"
    assert user.profile.chapter_id == session.scalar(
        db.select(Chapter.chapter_id).where(Chapter.name == "PMI Chicagoland")
    )
