"""Sign-up, log-in, log-out, account and password views."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from mentormatch.accounts.email_forms import email_form
from mentormatch.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    LoginForm,
    SignupForm,
)
from mentormatch.accounts.ratelimit import login_limits, signup_limits
from mentormatch.accounts.safety import is_safe_next
from mentormatch.accounts.services import credentials as accounts
from mentormatch.accounts.services import verification
from mentormatch.core.errors import WorkflowError
from mentormatch.core.roles import is_any_admin
from mentormatch.extensions import db

bp = Blueprint("accounts", __name__)

LOGIN_FAILED = "Email or password is wrong."


@bp.route("/signup", methods=["GET", "POST"])
@signup_limits
def signup() -> ResponseReturnValue:
    """Create an unverified account and email its link; always the same answer."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = SignupForm()
    if form.validate_on_submit():
        verification.signup(
            db.session(),
            email=form.email.data,
            password=form.password.data,
            consented=form.consent.data,
            secret=current_app.config["SECRET_KEY"],
            days=int(current_app.config["VERIFY_EMAIL_DAYS"]),
        )
        # The same answer whether or not the address had an account.
        return redirect(url_for("accounts.signup_sent"), 303)
    return render_template(
        "accounts/signup.html", form=form
    ), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@login_limits
def login() -> ResponseReturnValue:
    """Log in; follow `next` only when it points inside this site."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = accounts.authenticate(
            db.session(), email=form.email.data, password=form.password.data
        )
        if user is not None:
            # Admins (program admins too) never get the long-lived remember-me cookie.
            remember = form.remember.data and not is_any_admin(db.session(), user)
            login_user(user, remember=bool(remember))
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("main.index"))
        form.form_errors.append(LOGIN_FAILED)
    status = 400 if form.errors or form.form_errors else 200
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    """Log out; the token rotates, so a copied session cookie dies with it."""
    accounts.end_all_sessions(db.session(), current_user)
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("accounts.login"))


@bp.get("/account")
@login_required
def account() -> ResponseReturnValue:
    """Show account settings: password change and ending other sessions."""
    return render_template(
        "accounts/account.html",
        form=ChangePasswordForm(),
        email_form=ChangeEmailForm(),
        choices_form=email_form(),
    )


@bp.post("/account/password")
@login_required
def change_password() -> ResponseReturnValue:
    """Change the password; every other session ends, this one continues."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                db.session(),
                current_user,
                current=form.current.data,
                new=form.password.data,
            )
        except WorkflowError as err:
            form.current.errors.append(str(err))
        else:
            login_user(current_user._get_current_object())  # keep this session
            flash("Password changed. Other devices are logged out.", "success")
            return redirect(url_for("accounts.account"))
    return render_template(
        "accounts/account.html",
        form=form,
        email_form=ChangeEmailForm(),
        choices_form=email_form(),
    ), 400


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere() -> ResponseReturnValue:
    """End every session of this user, this one included."""
    accounts.end_all_sessions(db.session(), current_user)
    logout_user()
    flash("You are logged out on every device.", "info")
    return redirect(url_for("accounts.login"))
