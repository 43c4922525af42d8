"""Member admin: list and search, one member's page, status, rights, certificates."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from mentormatch.admin.member_forms import MemberFilterForm
from mentormatch.admin.routes import bp
from mentormatch.admin.services import members
from mentormatch.core import queries
from mentormatch.core.errors import WorkflowError
from mentormatch.core.models import User
from mentormatch.core.roles import in_scope
from mentormatch.extensions import db
from mentormatch.web.decorators import admin_required
from mentormatch.web.forms import ConfirmForm
from mentormatch.web.scoping import PROGRAM_ARG, admin_area_required, scope
from mentormatch.web.views import link_args, member, page_of

CODE = "<string(maxlength=16):code>"


@bp.get("/members", endpoint="members")
@admin_area_required
def members_list() -> ResponseReturnValue:
    """Every member, newest first, searchable by email or name, filtered."""
    filters = MemberFilterForm(formdata=request.args)
    valid = filters.validate()
    stmt = members.member_search(
        text=filters.q.data or "" if valid else "",
        role=filters.role.data if valid else "",
        active=filters.active_flag if valid else None,
        programs=scope(),
    )
    page = page_of(stmt, options=queries.USER_OPTIONS)
    args = link_args(filters, PROGRAM_ARG)
    return render_template(
        "admin/members.html", page=page, filters=filters, args=args
    ), (200 if valid else 400)


def _load(user_id: int) -> User:
    user = members.get_member(db.session(), user_id)
    if user is None or not in_scope(db.session(), user.user_id, scope()):
        abort(404)
    return user


def _member_page(user: User, status: int = 200) -> ResponseReturnValue:
    return render_template(
        "admin/member.html", user=user, me=member(), form=ConfirmForm()
    ), status


@bp.get("/members/<int:user_id>")
@admin_area_required
def member_detail(user_id: int) -> ResponseReturnValue:
    """One member: account state, admin right, certificate numbers to verify."""
    return _member_page(_load(user_id))


def _act(
    user_id: int, change: Callable[[User], object], done: str
) -> ResponseReturnValue:
    """Check the confirmation form, apply one member service, PRG back."""
    user, form = _load(user_id), ConfirmForm()
    if user.is_admin and not member().is_admin:
        abort(403)  # a program admin never acts on a platform admin's account
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return _member_page(user, 400)
    try:
        change(user)
    except WorkflowError as err:
        db.session.rollback()
        flash(str(err), "error")
        return _member_page(user, err.status_code)
    flash(done.format(email=user.email), "success")
    return redirect(url_for("admin.member_detail", user_id=user_id))


def _status(active: bool) -> Callable[[User], object]:
    return lambda user: members.set_active(
        db.session(), user, admin=member(), active=active
    )


def _right(granted: bool) -> Callable[[User], object]:
    return lambda user: members.set_admin(
        db.session(), user, admin=member(), granted=granted
    )


def _check(code: str, verified: bool) -> Callable[[User], object]:
    return lambda user: members.set_verified(
        db.session(), user, code, admin=member(), verified=verified
    )


@bp.post("/members/<int:user_id>/deactivate")
@admin_area_required
def deactivate(user_id: int) -> ResponseReturnValue:
    """Deactivate a member: they are logged out everywhere and cannot log in."""
    return _act(user_id, _status(False), "Deactivated {email}; their sessions ended.")


@bp.post("/members/<int:user_id>/reactivate")
@admin_area_required
def reactivate(user_id: int) -> ResponseReturnValue:
    """Reactivate a deactivated member."""
    return _act(user_id, _status(True), "Reactivated {email}.")


@bp.post("/members/<int:user_id>/grant-admin")
@admin_required
def grant_admin(user_id: int) -> ResponseReturnValue:
    """Give a member the platform admin right (platform admins only)."""
    return _act(user_id, _right(True), "{email} is now an admin.")


@bp.post("/members/<int:user_id>/remove-admin")
@admin_required
def remove_admin(user_id: int) -> ResponseReturnValue:
    """Take the admin right away from another admin (never from yourself)."""
    return _act(user_id, _right(False), "{email} is no longer an admin.")


@bp.post(f"/members/<int:user_id>/certs/{CODE}/verify")
@admin_area_required
def verify_cert(user_id: int, code: str) -> ResponseReturnValue:
    """Mark the member's certificate number for `code` as checked."""
    return _act(user_id, _check(code, True), f"Verified {code} of {{email}}.")


@bp.post(f"/members/<int:user_id>/certs/{CODE}/unverify")
@admin_area_required
def unverify_cert(user_id: int, code: str) -> ResponseReturnValue:
    """Withdraw the verification of a certificate."""
    return _act(
        user_id, _check(code, False), f"{code} of {{email}} is no longer verified."
    )
