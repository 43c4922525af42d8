"""Account services: sign-up, authentication, password change, session rotation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from mentormatch.accounts.services import credentials as accounts
from mentormatch.accounts.services.credentials import DuplicateEmailError
from mentormatch.core.errors import NotAllowedError, ValidationError
from mentormatch.core.models import User
from tests.factories import TEST_PASSWORD, make_user


def count_users(session) -> int:
    return session.scalar(select(func.count()).select_from(User))


def test_create_user_lower_cases_trims_and_hashes(session):
    user = accounts.create_user(
        session, email="  Ada.Lovelace@Example.ORG ", password="s3cret-pass!"
    )
    session.expire_all()
    stored = session.get(User, user.user_id)
    assert stored.email == "ada.lovelace@example.org"
    assert stored.password_hash != "s3cret-pass!"
    assert check_password_hash(stored.password_hash, "s3cret-pass!")
    assert (stored.is_admin, stored.is_active) == (False, True)
    assert stored.session_token


def test_create_user_admin_flag(session):
    user = accounts.create_user(
        session, email="boss@example.org", password="s3cret-pass!", is_admin=True
    )
    assert user.is_admin


@pytest.mark.parametrize(
    "email", ["taken@example.org", "TAKEN@EXAMPLE.ORG", " Taken@Example.org "]
)
def test_create_user_duplicate_in_any_case_refused(session, email):
    make_user(session, email="taken@example.org")
    with pytest.raises(DuplicateEmailError, match="already exists"):
        accounts.create_user(session, email=email, password="s3cret-pass!")
    assert count_users(session) == 1


def test_duplicate_email_error_is_a_validation_error():
    assert issubclass(DuplicateEmailError, ValidationError)
    assert DuplicateEmailError.status_code == 400


def test_find_user_ignores_case(session):
    user = make_user(session, email="bo@example.org")
    assert accounts.find_user(session, "BO@Example.org ") == user
    assert accounts.find_user(session, "nobody@example.org") is None


def test_authenticate_right_password_stamps_last_login(session):
    user = make_user(session, email="ada@example.org")
    assert user.last_login_at is None
    found = accounts.authenticate(
        session, email="ADA@example.org", password=TEST_PASSWORD
    )
    assert found == user
    session.expire_all()
    assert session.get(User, user.user_id).last_login_at is not None


@pytest.mark.parametrize(
    ("email", "password", "active"),
    [
        pytest.param("ada@example.org", "wrong-password-1", True, id="wrong-password"),
        pytest.param("nobody@example.org", TEST_PASSWORD, True, id="unknown-email"),
        pytest.param("ada@example.org", TEST_PASSWORD, False, id="inactive"),
        pytest.param("ada@example.org", "", True, id="empty-password"),
    ],
)
def test_authenticate_refusals_return_none(session, email, password, active):
    user = make_user(session, email="ada@example.org", is_active=active)
    assert accounts.authenticate(session, email=email, password=password) is None
    session.expire_all()
    assert session.get(User, user.user_id).last_login_at is None


def test_change_password_sets_hash_and_rotates_session_token(session):
    user = make_user(session)
    old_token, old_id = user.session_token, user.get_id()
    accounts.change_password(session, user, current=TEST_PASSWORD, new="n3w-pass-word")
    session.expire_all()
    stored = session.get(User, user.user_id)
    assert stored.session_token != old_token
    assert stored.get_id() != old_id
    assert check_password_hash(stored.password_hash, "n3w-pass-word")
    assert not check_password_hash(stored.password_hash, TEST_PASSWORD)
    assert (
        accounts.authenticate(session, email=stored.email, password="n3w-pass-word")
        == stored
    )


def test_change_password_wrong_current_changes_nothing(session):
    user = make_user(session)
    token, password_hash = user.session_token, user.password_hash
    with pytest.raises(NotAllowedError):
        accounts.change_password(session, user, current="not-it-123", new="n3w-pass")
    session.commit()  # a half-made change would be saved now
    session.expire_all()
    stored = session.get(User, user.user_id)
    assert (stored.session_token, stored.password_hash) == (token, password_hash)


def test_end_all_sessions_rotates_token_only(session):
    user = make_user(session)
    token, password_hash = user.session_token, user.password_hash
    accounts.end_all_sessions(session, user)
    session.expire_all()
    stored = session.get(User, user.user_id)
    assert stored.session_token != token
    assert stored.password_hash == password_hash
