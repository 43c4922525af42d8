"""What the request and pairing pages show of a thread (used by those features)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, request, url_for

from mentormatch.core.models import MatchRequest, MatchStatus, utcnow
from mentormatch.extensions import db
from mentormatch.messages.forms import EditMessageForm, MessageForm
from mentormatch.messages.services.threads import is_member, thread_page
from mentormatch.web.forms import strict_int
from mentormatch.web.views import member


def edit_window() -> timedelta:
    return timedelta(minutes=int(current_app.config["MESSAGE_EDIT_MINUTES"]))


def post_url(req: MatchRequest) -> str:
    """Where the thread's form posts: the pairing address once paired."""
    if req.status in (MatchStatus.ACTIVE, MatchStatus.ENDED):
        return url_for("messages.post_pairing", request_id=req.request_id)
    return url_for("messages.post_request", request_id=req.request_id)


def thread_context(
    req: MatchRequest, form: MessageForm | None = None
) -> dict[str, Any]:
    """Template values for `messages/_thread.html` on a request or pairing page.

    Only the two members get the thread; an admin sees that it is private.
    """
    viewer = member()
    if not is_member(req, viewer):
        return {"thread": None}
    page = thread_page(
        db.session(),
        req,
        viewer=viewer,
        page=request.args.get("mpage", 1, type=strict_int) or 1,
        per_page=int(current_app.config["MESSAGES_PER_PAGE"]),
        mark_read=request.method == "GET",
    )
    since = utcnow() - edit_window()
    editable = {
        m.message_id
        for m in page.messages
        if m.author_id == viewer.user_id and not m.is_deleted and m.created_at >= since
    }
    return {
        "thread": page,
        "thread_req": req,
        "thread_other": req.other(viewer),
        "message_form": form or MessageForm(formdata=None),
        "edit_form": EditMessageForm(formdata=None),
        "editable_ids": editable,
        "message_post_url": post_url(req),
        "edit_minutes": int(current_app.config["MESSAGE_EDIT_MINUTES"]),
    }
