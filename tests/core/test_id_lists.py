"""Id lists in queries: the same rows as an IN list, on either database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.id_lists import any_id
from mentormatch.core.models import Profile
from tests.factories import make_mentee, make_mentor


def test_any_id_selects_the_rows_an_in_list_selects(session: Session) -> None:
    ids = [make_mentor(session).user_id for _ in range(3)]
    ids.append(make_mentee(session).user_id)
    for wanted in ([], [ids[0]], ids[1:], [*ids, 10**9], (i for i in ids[:2])):
        wanted = list(wanted)
        stmt = select(Profile.user_id).where(any_id(session, Profile.user_id, wanted))
        got = set(session.scalars(stmt))
        assert got == set(ids) & set(wanted)
        plain = select(Profile.user_id).where(Profile.user_id.in_(wanted))
        assert got == set(session.scalars(plain))


def test_any_id_is_one_array_parameter_on_postgresql(session: Session) -> None:
    """The statement's text does not depend on the list's length there."""
    stmt = select(Profile.user_id)
    texts = {
        str(
            stmt.where(any_id(session, Profile.user_id, range(n))).compile(
                bind=session.get_bind()
            )
        )
        for n in (1, 50)
    }
    if session.get_bind().dialect.name == "postgresql":
        assert len(texts) == 1 and "ANY" in texts.pop()
    else:
        assert all("IN" in t for t in texts)
