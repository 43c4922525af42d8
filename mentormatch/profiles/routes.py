"""Profile pages: your own, editing it, and other members' public profiles."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from mentormatch.core.chapters import all_chapters
from mentormatch.extensions import db
from mentormatch.profiles.forms import (
    SECTION_TITLES,
    SECTIONS,
    ProfileForm,
    initial_data,
    keep_saved,
    validate_section,
)
from mentormatch.profiles.services import profiles
from mentormatch.profiles.services.profiles import ProfileFieldError

bp = Blueprint("profiles", __name__)


@bp.get("/profile")
@login_required
def me() -> ResponseReturnValue:
    """Show the member's own profile, or lead them to create one."""
    profile = profiles.get_profile(db.session(), current_user.user_id)
    if profile is None:
        flash("Complete your profile so we can suggest mentors and mentees.", "info")
        return redirect(url_for("profiles.edit"))
    card = profiles.profile_card(profile)
    return render_template("profiles/me.html", card=card)


@bp.route("/profile/edit", methods=["GET", "POST"])
@login_required
def edit() -> ResponseReturnValue:
    """Create or edit the logged-in member's own profile (never anyone else's)."""
    profile = profiles.get_profile(db.session(), current_user.user_id)
    form = ProfileForm(data=None if request.method == "POST" else initial_data(profile))
    form.set_chapters(all_chapters(db.session()))
    # Editing, each section saves only its own fields; creating saves them all.
    section = request.form.get("section") if profile is not None else None
    if section is not None:
        if section not in SECTIONS:
            abort(400)
        keep_saved(form, initial_data(profile), section)
    if form.is_submitted() and validate_section(form, section):
        try:
            member = current_user._get_current_object()
            profiles.save_profile(db.session(), user=member, data=form.to_data())
        except ProfileFieldError as err:
            db.session.rollback()
            form[err.field].errors.append(str(err))
        else:
            if section is None:
                flash("Your profile is saved.", "success")
                return redirect(url_for("profiles.me"))
            flash(f"{SECTION_TITLES[section]}: saved.", "success")
            return redirect(url_for("profiles.edit", _anchor=section))
    status = 400 if form.errors else 200
    return render_template(
        "profiles/edit.html",
        form=form,
        creating=profile is None,
    ), status


@bp.get("/people/<int:user_id>")
@login_required
def detail(user_id: int) -> ResponseReturnValue:
    """Show another member's public profile (no email)."""
    profile = profiles.get_public_profile(db.session(), user_id)
    if profile is None:
        abort(404)
    card = profiles.profile_card(profile)
    return render_template("profiles/detail.html", card=card)
