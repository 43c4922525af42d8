"""Click commands added to `flask --app mentormatch`."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.datastructures import MultiDict

from mentormatch.accounts.forms import CredentialsForm
from mentormatch.admin.services.admins import ensure_admin
from mentormatch.config import is_development
from mentormatch.core.errors import WorkflowError
from mentormatch.demo.services.seed import (
    DEFAULT_SEED,
    DEMO_ADMIN_EMAIL,
    DEMO_MENTEE_EMAIL,
    DEMO_MENTOR_EMAIL,
    DEMO_PASSWORD,
    DEMO_PROGRAM_ADMIN_EMAIL,
    AlreadySeededError,
    seed_demo,
)
from mentormatch.extensions import db


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Migrate the database to the newest schema."""
    upgrade()
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")


def check_credentials(email: str, password: str) -> None:
    """Apply the signup form's email and password rules, or stop with its messages."""
    form = CredentialsForm(
        formdata=MultiDict({"email": email, "password": password, "confirm": password}),
        meta={"csrf": False},
    )
    if not form.validate():
        raise click.ClickException(
            " ".join(
                f"{form[name].label.text}: {errors[0]}"
                for name, errors in form.errors.items()
            )
        )


@click.command("create-admin")
@with_appcontext
@click.argument("email")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Password for a new account (prompted, hidden, when omitted). "
    "An existing member keeps their password.",
)
def create_admin(email: str, password: str) -> None:
    """Create an admin account EMAIL, or promote the member who has it."""
    check_credentials(email, password)
    try:
        user, created = ensure_admin(db.session(), email=email, password=password)
    except WorkflowError as err:
        raise click.ClickException(str(err)) from err
    verb = "Created admin" if created else "Promoted existing member to admin:"
    click.echo(f"{verb} {user.email}")


@click.command("seed-demo")
@with_appcontext
@click.option(
    "--seed",
    default=DEFAULT_SEED,
    show_default=True,
    type=int,
    help="Same seed, same demo people.",
)
@click.option(
    "--mentors",
    default=300,
    show_default=True,
    type=click.IntRange(min=0),
    help="Mentors to generate.",
)
@click.option(
    "--mentees",
    default=300,
    show_default=True,
    type=click.IntRange(min=0),
    help="Mentees to generate.",
)
@click.option(
    "--allow-production",
    is_flag=True,
    help="Seed outside development (the password is public).",
)
def seed_demo_command(
    seed: int, mentors: int, mentees: int, allow_production: bool
) -> None:
    """Fill an EMPTY database with demo members; does nothing when members exist."""
    if not (allow_production or is_development(current_app)):
        raise click.ClickException(
            "Refusing to create demo accounts with a published password outside "
            "development. Set MENTORMATCH_ENV_NAME=development or pass "
            "--allow-production."
        )
    started = time.perf_counter()
    try:
        with ExitStack() as stack:
            progress = _lazy_bar(stack, mentors + mentees + 1)
            result = seed_demo(
                db.session(),
                seed=seed,
                mentors=mentors,
                mentees=mentees,
                on_progress=progress,
            )
    except AlreadySeededError as err:
        click.echo(str(err))
        if _demo_seeded():  # a restart of `make run` shows the logins again
            _echo_logins()
        return
    except WorkflowError as err:
        raise click.ClickException(str(err)) from err
    activity, program = _seed_activity()
    click.echo(
        f"Seeded {result.members} members ({result.mentors} mentors, "
        f"{result.mentees} mentees) in {time.perf_counter() - started:.1f} s."
    )
    click.echo(
        "Demo activity: "
        + ", ".join(f"{n} {state}" for state, n in activity.counts.items())
        + f"; {DEMO_MENTEE_EMAIL} is paired with {DEMO_MENTOR_EMAIL}."
    )
    click.echo(
        f"Demo program: {program.program.name}, {program.accepted} accepted, "
        f"{program.waitlisted} waitlisted, {program.applied} to screen."
    )
    _echo_logins()


def _seed_activity() -> tuple[Any, Any]:
    """Requests in every state, pairings with follow-ups, feedback (see
    activity), and the chapter program the demo volunteer runs."""
    from mentormatch.core.models import User, utcnow
    from mentormatch.core.workflow import Rules
    from mentormatch.demo.services.activity import seed_activity
    from mentormatch.demo.services.program import seed_program

    session = db.session()
    emails = (
        DEMO_ADMIN_EMAIL,
        DEMO_MENTEE_EMAIL,
        DEMO_MENTOR_EMAIL,
        DEMO_PROGRAM_ADMIN_EMAIL,
    )
    by_email = {
        u.email: u
        for u in session.scalars(db.select(User).where(User.email.in_(emails)))
    }
    admin, mentee, mentor = (by_email[e] for e in emails[:3])
    activity = seed_activity(
        session,
        admin=admin,
        mentee=mentee,
        mentor=mentor,
        rules=Rules.from_config(current_app.config),
    )
    program = seed_program(
        session,
        admin=admin,
        program_admin=by_email[DEMO_PROGRAM_ADMIN_EMAIL],
        mentee=mentee,
        mentor=mentor,
        today=utcnow().date(),
    )
    return activity, program


def _demo_seeded() -> bool:
    from mentormatch.core.models import User

    found = db.session.scalar(
        db.select(User.user_id).where(User.email == DEMO_ADMIN_EMAIL)
    )
    return found is not None


def _echo_logins() -> None:
    """The demo logins, on every start (the database may have been seeded before)."""
    click.echo(f"Admin login:  {DEMO_ADMIN_EMAIL} / {DEMO_PASSWORD}")
    click.echo(f"Mentee login: {DEMO_MENTEE_EMAIL} / {DEMO_PASSWORD}")
    click.echo(f"Mentor login: {DEMO_MENTOR_EMAIL} / {DEMO_PASSWORD}")
    click.echo(
        f"Program admin login (a chapter volunteer): {DEMO_PROGRAM_ADMIN_EMAIL} / "
        f"{DEMO_PASSWORD}"
    )
    click.echo(f"Every demo member shares the password {DEMO_PASSWORD}.")


def _lazy_bar(stack: ExitStack, length: int) -> Callable[[int], None]:
    """Return a progress callback that shows the bar only once work starts."""
    bars: list[Any] = []

    def update(done: int) -> None:
        if not bars:
            label = "Seeding demo members"
            bars.append(
                stack.enter_context(click.progressbar(length=length, label=label))
            )
        bars[0].update(done)

    return update


def register_commands(app: Flask) -> None:
    """Add every command to the app's CLI."""
    from mentormatch.admin.commands import COMMANDS as ADMIN_COMMANDS
    from mentormatch.cohorts.commands import match_cohort, retrain_weights
    from mentormatch.core.mail_commands import send_mail
    from mentormatch.pairings.commands import flag_overdue_command
    from mentormatch.requests.commands import expire_requests_command
    from mentormatch.suggestions.commands import build_index, recommend
    from mentormatch.worker.commands import run_job_command, worker_command

    for command in (
        init_db,
        create_admin,
        seed_demo_command,
        recommend,
        build_index,
        expire_requests_command,
        send_mail,
        flag_overdue_command,
        *ADMIN_COMMANDS,
        match_cohort,
        retrain_weights,
        worker_command,
        run_job_command,
    ):
        app.cli.add_command(command)
