"""Forms of the messages feature: write a message, edit one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from mentormatch.messages.services.threads import BODY_MAX
from mentormatch.web.forms import no_control_chars, note_field, strip_filter


def _body() -> TextAreaField:
    return TextAreaField(
        "Message",
        filters=[strip_filter],
        validators=[
            DataRequired("Write a message first."),
            Length(
                max=BODY_MAX,
                message=f"Keep a message to {BODY_MAX} characters or fewer.",
            ),
            no_control_chars,
        ],
        render_kw={"rows": 3, "maxlength": BODY_MAX},
    )


class MessageForm(FlaskForm):
    """A new message in a thread."""

    body = _body()


class EditMessageForm(FlaskForm):
    """The new text of one's own message."""

    body = _body()


class ReportForm(FlaskForm):
    """Why a message or a member is reported."""

    reason = note_field("What is wrong?", required="Tell the admins what happened.")
