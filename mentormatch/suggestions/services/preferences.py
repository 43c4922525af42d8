"""Members' shortlists (people they would like) and blocks (never match us)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from mentormatch.core.errors import NotAllowedError, ValidationError
from mentormatch.core.models import MemberPreference, PreferenceKind, Profile, User

SHORTLIST_MAX = 10
MAX_ID = 2**31 - 1  # largest INTEGER primary key on PostgreSQL


def list_preferences(
    session: Session, member: User
) -> dict[PreferenceKind, list[MemberPreference]]:
    """The member's shortlist (first choice first) and blocks, with the people."""
    stmt = (
        select(MemberPreference)
        .where(MemberPreference.member_id == member.user_id)
        .options(selectinload(MemberPreference.other).selectinload(User.profile))
        .order_by(MemberPreference.position, MemberPreference.preference_id)
    )
    out: dict[PreferenceKind, list[MemberPreference]] = {k: [] for k in PreferenceKind}
    for pref in session.scalars(stmt):
        out[pref.kind].append(pref)
    return out


def _fits_shortlist(me: Profile | None, them: Profile) -> bool:
    """A mentee shortlists mentors, a mentor shortlists mentees."""
    if me is None:
        return False
    return (me.wants_mentor and them.offers_mentoring) or (
        me.offers_mentoring and them.wants_mentor
    )


def _check_other(session: Session, member: User, other_id: int) -> User:
    other = session.get(User, other_id)
    if other is None or not other.is_active or other.profile is None:
        raise ValidationError("No member has this number.")
    if other.user_id == member.user_id:
        raise ValidationError("You cannot list yourself.")
    return other


def add_preference(
    session: Session, *, member: User, other_id: int, kind: PreferenceKind
) -> MemberPreference:
    """Shortlist or block another member (a new choice replaces an earlier one).

    A block is a hard rule: the pair is never suggested nor matched, both ways.

    Raises
    ------
    ValidationError
        Unknown or inactive member, yourself, someone on the same side for a
        shortlist, or a full shortlist.
    """
    other = _check_other(session, member, other_id)
    if kind == PreferenceKind.SHORTLIST and not _fits_shortlist(
        member.profile,
        other.profile,  # type: ignore[arg-type]
    ):
        raise ValidationError(
            "Shortlist mentors if you look for a mentor, mentees if you mentor."
        )
    mine = MemberPreference.member_id == member.user_id
    pref = session.scalars(
        select(MemberPreference).where(mine, MemberPreference.other_id == other_id)
    ).first() or MemberPreference(member_id=member.user_id, other_id=other_id)
    count = session.scalar(
        select(func.count()).where(mine, MemberPreference.kind == kind)
    )
    if kind == PreferenceKind.SHORTLIST and pref.kind != kind:
        if (count or 0) >= SHORTLIST_MAX:
            raise ValidationError(f"A shortlist holds at most {SHORTLIST_MAX} people.")
    pref.kind, pref.position = kind, int(count or 0) + 1
    session.add(pref)
    session.commit()
    return pref


def remove_preference(session: Session, *, member: User, preference_id: int) -> None:
    """Delete one of the member's own shortlist or block entries.

    Raises
    ------
    NotAllowedError
        The entry does not exist or belongs to someone else.
    """
    in_range = 0 < preference_id <= MAX_ID
    pref = session.get(MemberPreference, preference_id) if in_range else None
    if pref is None or pref.member_id != member.user_id:
        raise NotAllowedError("This entry is not yours.")
    session.delete(pref)
    session.commit()
