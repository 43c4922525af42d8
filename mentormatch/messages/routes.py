"""Message routes: the conversations list, posting on a request or pairing, editing."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from mentormatch.core.models import MatchRequest, Message
from mentormatch.extensions import db
from mentormatch.messages.forms import EditMessageForm, MessageForm
from mentormatch.messages.services import threads
from mentormatch.messages.services.digest import thread_path
from mentormatch.messages.services.text import linkify
from mentormatch.messages.views import edit_window
from mentormatch.web.forms import ConfirmForm
from mentormatch.web.views import load_request, member, page_of

# No prefix: posting lives under the request's and the pairing's own address.
bp = Blueprint("messages", __name__)


@bp.app_template_filter("linkify")
def linkify_filter(body: str) -> Any:
    return linkify(body)


@bp.app_context_processor
def unread_messages() -> dict[str, Any]:
    """One count query per page for the navigation badge (members only)."""
    if not current_user.is_authenticated:
        return {}
    try:
        return {"unread_messages": threads.unread_total(db.session(), member().user_id)}
    except SQLAlchemyError:  # e.g. rendering the "database down" page
        return {}


@bp.get("/messages")
@login_required
def index() -> ResponseReturnValue:
    """The member's conversations, latest first, with unread counts."""
    me = member()
    page = page_of(threads.conversations(me.user_id), rows=True)
    unread = threads.unread_by_thread(db.session(), me.user_id)
    paths = {req.request_id: thread_path(req, me) for req, _ in page.items}
    return render_template(
        "messages/index.html", page=page, unread=unread, paths=paths, me=me
    )


def _post(req: MatchRequest) -> ResponseReturnValue:
    form = MessageForm()
    if not form.validate_on_submit():
        return render_template("messages/compose.html", form=form, req=req), 400
    threads.post_message(db.session(), req, by=member(), body=form.body.data)
    flash("Message sent.", "success")
    return redirect(thread_path(req, member()) + "#messages")


@bp.post("/pairings/<int:request_id>/messages")
@login_required
def post_pairing(request_id: int) -> ResponseReturnValue:
    """Write in the pairing's thread; back to the pairing page."""
    return _post(load_request(request_id))


@bp.post("/requests/<int:request_id>/messages")
@login_required
def post_request(request_id: int) -> ResponseReturnValue:
    """Write in a request's thread (a mentor can ask before accepting)."""
    return _post(load_request(request_id))


def _own_message(message_id: int) -> tuple[Message, MatchRequest]:
    message = db.get_or_404(Message, message_id)
    req = load_request(message.request_id)  # 404 to anyone outside the request
    if not threads.is_member(req, member()):
        abort(404)
    return message, req


@bp.post("/messages/<int:message_id>/edit")
@login_required
def edit(message_id: int) -> ResponseReturnValue:
    """Change the text of one's own recent message."""
    message, req = _own_message(message_id)
    form = EditMessageForm()
    if not form.validate_on_submit():
        return render_template("messages/compose.html", form=form, req=req), 400
    threads.edit_message(
        db.session(), message, by=member(), body=form.body.data, window=edit_window()
    )
    flash("Message changed.", "success")
    return redirect(thread_path(req, member()) + "#messages")


@bp.post("/messages/<int:message_id>/delete")
@login_required
def delete(message_id: int) -> ResponseReturnValue:
    """Delete one's own recent message."""
    message, req = _own_message(message_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    threads.delete_message(db.session(), message, by=member(), window=edit_window())
    flash("Message deleted.", "success")
    return redirect(thread_path(req, member()) + "#messages")
