"""Request hooks and template globals."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from mentormatch.core.notifications import unread_count
from mentormatch.extensions import db
from mentormatch.matching.catalog import (
    CERTIFICATIONS_BY_CODE,
    MEETING_FORMAT_LABELS,
)


def hidden_fields(form: Any) -> Markup:
    """A form's hidden fields (the CSRF token) without ids: two forms on one page
    would otherwise both carry id="csrf_token"."""
    return (
        Markup("").join(
            f(id=False) for f in form if getattr(f.widget, "input_type", "") == "hidden"
        )
        if form
        else Markup("")
    )


def register_hooks(app: Flask) -> None:
    """Expose catalogue labels, and the member's nav state, to every template."""

    app.add_template_filter(hidden_fields)

    @app.context_processor
    def catalogue_labels() -> dict[str, Any]:
        return {
            "cert_names": {c: v.name for c, v in CERTIFICATIONS_BY_CODE.items()},
            "format_labels": MEETING_FORMAT_LABELS,
        }

    @app.context_processor
    def member_nav() -> dict[str, Any]:
        """Unread notifications and mentor role for the nav (members only)."""
        if not current_user.is_authenticated:
            return {}
        try:
            unread = unread_count(db.session(), current_user.user_id)
            profile = current_user.profile
        except SQLAlchemyError:  # e.g. rendering the "database down" page
            return {}
        return {
            "unread_notifications": unread,
            "nav_is_mentor": bool(profile and profile.offers_mentoring),
        }
