"""Report a message or a member (members); the admins' queue is in admin/."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_login import login_required

from mentormatch.core.models import Message, User
from mentormatch.extensions import db
from mentormatch.messages.forms import ReportForm
from mentormatch.messages.routes import bp
from mentormatch.messages.services import reports
from mentormatch.messages.services.digest import thread_path
from mentormatch.web.views import load_request, member

THANKS = "Thank you. A program admin will review the report."


@bp.post("/messages/<int:message_id>/report")
@login_required
def report_message(message_id: int) -> ResponseReturnValue:
    """Report a message written to the member."""
    message = db.get_or_404(Message, message_id)
    req = load_request(message.request_id)
    if not req.involves(member()):
        abort(404)
    form = ReportForm()
    if not form.validate_on_submit():
        return render_template("messages/report.html", form=form), 400
    reports.report_message(
        db.session(), message, req, by=member(), reason=form.reason.data
    )
    flash(THANKS, "success")
    return redirect(thread_path(req, member()) + "#messages")


@bp.post("/messages/members/<int:user_id>/report")
@login_required
def report_member(user_id: int) -> ResponseReturnValue:
    """Report a member one is matched with."""
    other = db.get_or_404(User, user_id)
    form = ReportForm()
    if not form.validate_on_submit():
        return render_template("messages/report.html", form=form), 400
    reports.report_member(db.session(), other, by=member(), reason=form.reason.data)
    flash(THANKS, "success")
    return redirect("/messages")
