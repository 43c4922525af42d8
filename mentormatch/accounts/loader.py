"""Flask-Login user loader: the session id is "user_id:session_token"."""

from __future__ import annotations

from mentormatch.core.models import User
from mentormatch.extensions import db, login_manager


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Return the user whose id and current session token match, if still active."""
    user_part, _, token = session_id.partition(":")
    if not user_part.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_part))
    if user is None or not user.is_active or user.session_token != token:
        return None
    return user
