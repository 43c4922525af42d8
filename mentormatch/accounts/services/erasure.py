"""Account deletion: end what is open, erase what the member wrote, keep a tombstone.

What the member wrote is removed or blanked row by row; then every text and JSON
column of every table is scrubbed of their name and email, so the rest of the
database (the other member's notes, audit details, stored match reasons) keeps
the other people's words and says "a former member" instead.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import (
    JSON,
    Enum,
    String,
    Table,
    Text,
    cast,
    delete,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from mentormatch.core import audit, workflow
from mentormatch.core.errors import NotAllowedError
from mentormatch.core.models import (
    OPEN_STATUSES,
    Agreement,
    CheckIn,
    Checkup,
    CheckupPrompt,
    DeclineReason,
    Feedback,
    MatchRequest,
    MatchStatus,
    Meeting,
    MemberPreference,
    MemberSettings,
    Message,
    Notification,
    OutboxMessage,
    PairingGoal,
    PasswordResetToken,
    PduSplit,
    ProgramMember,
    Report,
    SharedResource,
    ThreadState,
    User,
)
from mentormatch.core.models.users import FORMER_MEMBER, new_session_token

LEFT = "The member deleted their account."
UNUSABLE_PASSWORD = "!"  # never the output of a hash, so no password matches it
_CATALOGUE = frozenset({"certification", "skill"})


def _leave(session: Session, req: MatchRequest, user: User) -> None:
    """End or release one open request or pairing through the workflow."""
    if req.status == MatchStatus.ACTIVE:
        workflow.end_pairing(session, req, by=user, reason=LEFT)
    elif req.mentee_id == user.user_id:
        workflow.withdraw_request(session, req, by=user)
    elif req.status == MatchStatus.REQUESTED:
        workflow.decline_request(
            session, req, by=user, reason=DeclineReason.OTHER, note=LEFT
        )
    else:
        workflow.retract_acceptance(session, req, by=user, reason=LEFT)


def _own_words(uid: int) -> list[Any]:
    """Statements that remove or blank every row of text the member wrote."""
    as_mentee = select(MatchRequest.request_id).where(MatchRequest.mentee_id == uid)
    return [
        delete(Notification).where(Notification.user_id == uid),
        delete(PasswordResetToken).where(PasswordResetToken.user_id == uid),
        delete(OutboxMessage).where(OutboxMessage.user_id == uid),
        delete(SharedResource).where(SharedResource.added_by_id == uid),
        delete(MemberPreference).where(
            or_(MemberPreference.member_id == uid, MemberPreference.other_id == uid)
        ),
        # A pairing's goals are the mentee's own.
        delete(PairingGoal).where(PairingGoal.request_id.in_(as_mentee)),
        update(MatchRequest).where(MatchRequest.mentee_id == uid).values(message=""),
        update(MatchRequest)
        .where(MatchRequest.mentor_id == uid)
        .values(response_note=""),
        update(CheckIn)
        .where(CheckIn.logged_by_id == uid)
        .values(notes="", next_step=""),
        update(Feedback).where(Feedback.author_id == uid).values(comment=""),
        update(Agreement).where(Agreement.proposed_by_id == uid).values(goals=""),
        update(ProgramMember).where(ProgramMember.user_id == uid).values(motivation=""),
        update(PduSplit).where(PduSplit.user_id == uid).values(description=""),
        # Conversations: the member's own messages, reports and check-up answers go;
        # the other member's messages stay.
        delete(Message).where(Message.author_id == uid),
        delete(ThreadState).where(ThreadState.user_id == uid),
        update(Report).where(Report.reporter_id == uid).values(reason=""),
        update(Meeting)
        .where(Meeting.proposed_by_id == uid)
        .values(note="", location="", video_url=""),
        update(Checkup).where(Checkup.author_id == uid).values(note=""),
        delete(CheckupPrompt).where(CheckupPrompt.user_id == uid),
        delete(MemberSettings).where(MemberSettings.user_id == uid),
    ]


def _replace(value: Any, pattern: re.Pattern[str]) -> Any:
    """`value` with every match of `pattern` in its strings, nested too, replaced."""
    if isinstance(value, str):
        return pattern.sub(FORMER_MEMBER, value)
    if isinstance(value, list):
        return [_replace(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, pattern) for k, v in value.items()}
    return value


def _scrub_table(session: Session, table: Table, words: list[str]) -> None:
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words))
    columns = [
        c
        for c in table.columns
        if isinstance(c.type, String | Text | JSON) and not isinstance(c.type, Enum)
    ]
    keys = list(table.primary_key.columns)
    # JSON is stored with non-ASCII escaped, so look for the escaped spelling too.
    escaped = list(dict.fromkeys(words + [json.dumps(w)[1:-1] for w in words]))
    for column in columns:
        is_json = isinstance(column.type, JSON)
        text = cast(column, Text) if is_json else column
        needles = escaped if is_json else words
        hits = or_(*(text.contains(w, autoescape=True) for w in needles))
        for row in session.execute(select(*keys, column).where(hits)).all():
            new = _replace(row[-1], pattern)
            if new != row[-1]:
                where = [k == row[i] for i, k in enumerate(keys)]
                session.execute(update(table).where(*where).values({column.name: new}))


def scrub(session: Session, words: list[str]) -> None:
    """Replace `words` (name, email) in every text and JSON column of every table."""
    words = [w for w in dict.fromkeys(words) if len(w) >= 2]
    if not words:
        return
    for table in User.metadata.sorted_tables:  # every model's table
        if table.name not in _CATALOGUE:
            _scrub_table(session, table, words)


def _tombstone(session: Session, user: User) -> None:
    uid = user.user_id
    for stmt in _own_words(uid):
        session.execute(stmt.execution_options(synchronize_session=False))
    if user.profile is not None:
        session.delete(user.profile)
    user.email = f"deleted-{uid}@invalid"
    user.password_hash = UNUSABLE_PASSWORD
    user.session_token = new_session_token()
    user.is_active = user.is_admin = False
    user.last_login_at = user.consented_at = None
    user.email_verified_at = user.verification_sent_at = None


def delete_account(session: Session, user: User, *, password: str) -> None:
    """Delete the member's account after they re-enter their password.

    Active pairings end and open requests are withdrawn or declined through the
    workflow (so capacity counters stay right); then what the member wrote is
    erased and their name and email are scrubbed everywhere. Status history and
    audit rows keep their ids and actors.

    Raises
    ------
    NotAllowedError
        The password is wrong.
    """
    if not check_password_hash(user.password_hash, password):
        raise NotAllowedError("Your password is not right.")
    for req in session.scalars(
        select(MatchRequest).where(
            or_(
                MatchRequest.mentee_id == user.user_id,
                MatchRequest.mentor_id == user.user_id,
            ),
            MatchRequest.status.in_(OPEN_STATUSES),
        )
    ):
        _leave(session, req, user)
    session.flush()
    words = [user.display_name, user.email]
    _tombstone(session, user)
    session.flush()
    scrub(session, words)
    audit.record(
        session,
        actor=user,
        action="delete_account",
        target_type="user",
        target_id=user.user_id,
    )
    session.commit()
    session.expire_all()  # scrubbed by UPDATE statements behind the ORM's back


__all__ = ["LEFT", "delete_account"]
