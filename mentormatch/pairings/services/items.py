"""What the two members keep in a pairing: goals, shared links, closing feedback."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from mentormatch.core import workflow
from mentormatch.core.errors import (
    DuplicateRequestError,
    InvalidTransitionError,
    NotAllowedError,
    ValidationError,
)
from mentormatch.core.models import (
    Feedback,
    GoalStatus,
    MatchRequest,
    MatchStatus,
    PairingGoal,
    SharedResource,
    User,
)
from mentormatch.core.roles import Scope
from mentormatch.pairings.services.followups import require_active, role_of

URL_MAX = 500
CLOSED_REASON = "closed with feedback"
FEEDBACK_TWICE = "You already left feedback on this pairing. Thank you!"


class DuplicateFeedbackError(DuplicateRequestError):
    """The member already left their feedback on this pairing."""


def is_web_url(value: str) -> bool:
    """Tell whether `value` is an absolute http(s) URL with a host and no spaces."""
    if not value or len(value) > URL_MAX or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)


def add_goal(
    session: Session, req: MatchRequest, *, by: User, title: str
) -> PairingGoal:
    """The mentee adds a goal to work on.

    Raises
    ------
    NotAllowedError, InvalidTransitionError
        Not the mentee, or the pairing is not active.
    """
    if require_active(req, by) != "mentee":
        raise NotAllowedError("Only the mentee adds goals; update them together.")
    goal = PairingGoal(request_id=req.request_id, title=title)
    session.add(goal)
    session.commit()
    return goal


def update_goal(
    session: Session,
    req: MatchRequest,
    goal: PairingGoal,
    *,
    by: User,
    status: GoalStatus,
    progress: int,
) -> PairingGoal:
    """Either member sets a goal's status and progress (done means 100 %).

    Raises
    ------
    NotAllowedError, InvalidTransitionError
        Not a member, not active, or the goal belongs to another pairing.
    """
    require_active(req, by)
    if goal.request_id != req.request_id:
        raise NotAllowedError("This goal belongs to another pairing.")
    goal.status = status
    goal.progress = 100 if status == GoalStatus.DONE else progress
    session.commit()
    return goal


def add_resource(
    session: Session, req: MatchRequest, *, by: User, title: str, url: str
) -> SharedResource:
    """Share a link with the other member.

    Raises
    ------
    NotAllowedError, InvalidTransitionError
        Not a member, or the pairing is not active.
    ValidationError
        The link is not an http(s) URL.
    """
    require_active(req, by)
    if not is_web_url(url):
        raise ValidationError("Give a web link starting with http:// or https://.")
    resource = SharedResource(
        request_id=req.request_id, added_by_id=by.user_id, title=title, url=url
    )
    session.add(resource)
    session.commit()
    return resource


def remove_resource(
    session: Session, req: MatchRequest, resource: SharedResource, *, by: User
) -> None:
    """Remove a link the member shared themselves.

    Raises
    ------
    NotAllowedError
        Not a member, or someone else shared it.
    """
    role_of(req, by)
    if resource.request_id != req.request_id or resource.added_by_id != by.user_id:
        raise NotAllowedError("You can remove only the links you shared.")
    session.delete(resource)
    session.commit()


def feedback_of(session: Session, req: MatchRequest, user: User) -> Feedback | None:
    """The member's feedback on the pairing, if they left it."""
    return session.scalar(
        select(Feedback).where(
            Feedback.request_id == req.request_id, Feedback.author_id == user.user_id
        )
    )


def _add_feedback(
    session: Session, req: MatchRequest, by: User, rating: int, comment: str
) -> Feedback:
    role_of(req, by)
    if feedback_of(session, req, by) is not None:
        raise DuplicateFeedbackError(FEEDBACK_TWICE)
    feedback = Feedback(
        request_id=req.request_id, author_id=by.user_id, rating=rating, comment=comment
    )
    session.add(feedback)
    try:
        session.flush()
    except IntegrityError as err:  # the same member submitted twice at once
        session.rollback()
        raise DuplicateFeedbackError(FEEDBACK_TWICE) from err
    return feedback


def close_pairing(
    session: Session, req: MatchRequest, *, by: User, rating: int, comment: str = ""
) -> MatchRequest:
    """A member ends the active pairing and leaves their feedback at once.

    Raises
    ------
    NotAllowedError
        Not a member.
    InvalidTransitionError
        The pairing is not active (for example, ended already).
    """
    require_active(req, by)
    _add_feedback(session, req, by, rating, comment)
    return workflow.end_pairing(session, req, by=by, reason=CLOSED_REASON)


def leave_feedback(
    session: Session, req: MatchRequest, *, by: User, rating: int, comment: str = ""
) -> Feedback:
    """A member leaves feedback on an ended pairing (once).

    Raises
    ------
    NotAllowedError
        Not a member.
    InvalidTransitionError
        The pairing has not ended.
    DuplicateFeedbackError
        The member left feedback already.
    """
    role_of(req, by)
    if req.status != MatchStatus.ENDED:
        raise InvalidTransitionError("Close the pairing to leave feedback.")
    feedback = _add_feedback(session, req, by, rating, comment)
    session.commit()
    return feedback


def recent_feedback(programs: Scope = None) -> Select[Any]:
    """Feedback with its author and pairing, newest first (admin page).

    With `programs`, only feedback on pairings of those programs (None: all).
    """
    stmt = select(Feedback)
    if programs is not None:
        stmt = stmt.join(
            MatchRequest, MatchRequest.request_id == Feedback.request_id
        ).where(MatchRequest.program_id.in_(programs))
    return stmt.options(
        joinedload(Feedback.author).joinedload(User.profile),
        joinedload(Feedback.match_request).joinedload(MatchRequest.mentee),
        joinedload(Feedback.match_request).joinedload(MatchRequest.mentor),
    ).order_by(Feedback.created_at.desc(), Feedback.feedback_id.desc())
