"""The wishes section of your own profile, edited and saved on its own page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from mentormatch.core.models import Profile
from mentormatch.extensions import db
from mentormatch.profiles.routes import bp
from mentormatch.profiles.services import profiles
from mentormatch.profiles.services.profiles import ProfileFieldError
from mentormatch.profiles.services.wishes import WishCard, save_wishes, wish_card
from mentormatch.profiles.wish_forms import WishesForm


@bp.route("/profile/wishes", methods=["GET", "POST"])
@login_required
def wishes() -> ResponseReturnValue:
    """Edit whom you want to mentor and the industries you aim for (your own)."""
    profile = profiles.get_profile(db.session(), current_user.user_id)
    if profile is None:
        flash("Create your profile first; then you can add your wishes.", "info")
        return redirect(url_for("profiles.edit"))
    form = WishesForm(data=None if request.method == "POST" else profile.wishes())
    if form.validate_on_submit():
        try:
            save_wishes(db.session(), profile, form.to_data())
        except ProfileFieldError as err:
            db.session.rollback()
            form[err.field].errors.append(str(err))
        else:
            flash("Your wishes are saved.", "success")
            return redirect(url_for("profiles.me"))
    status = 400 if form.errors else 200
    return render_template("profiles/wishes.html", form=form, profile=profile), status


@bp.app_template_global()
def profile_wishes(profile: Profile) -> WishCard:
    """The wishes a profile page shows (templates/profiles/_wishes.html)."""
    return wish_card(profile)
