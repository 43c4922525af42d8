"""The development mailbox: email the app would have sent, readable in a browser.

Only with DEV_MAILBOX on and ENV_NAME not production (``make run`` turns it on
when no SMTP server is configured); otherwise every page here is a 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from mentormatch.core.mail import MailSettings, build_message
from mentormatch.core.models import OutboxMessage
from mentormatch.extensions import db

bp = Blueprint("mailbox", __name__, url_prefix="/dev")
SHOWN = 50


def mailbox_enabled() -> bool:
    """Whether this app shows the development mailbox."""
    config = current_app.config
    return bool(config.get("DEV_MAILBOX")) and config.get("ENV_NAME") != "production"


@bp.before_request
def only_in_development() -> None:
    if not mailbox_enabled():
        abort(404)


@bp.get("/mailbox")
def index() -> ResponseReturnValue:
    """The newest emails, as their recipients would read them."""
    settings = MailSettings.from_config(current_app.config)
    rows = db.session.scalars(
        select(OutboxMessage)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.message_id.desc())
        .limit(SHOWN)
    ).all()
    messages = [(row, build_message(row, settings).get_content()) for row in rows]
    return render_template("notifications/mailbox.html", messages=messages)
