"""Admin commands: import and export members, export pairings, status and rights."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import click
from flask.cli import with_appcontext

from mentormatch.accounts import find_user
from mentormatch.admin.csv_io import check_row
from mentormatch.admin.services import csv_export, csv_import, members
from mentormatch.core.errors import WorkflowError
from mentormatch.core.models import User
from mentormatch.extensions import db


def _bar(stack: ExitStack, length: int, label: str) -> Callable[[int], None]:
    bar: Any = stack.enter_context(
        click.progressbar(length=length, label=label, file=sys.stderr)
    )
    return bar.update  # type: ignore[no-any-return]


@click.command("import-members")
@with_appcontext
@click.argument("file", type=click.File("rb"))
def import_members_command(file: Any) -> None:
    """Import members from a CSV FILE (the admin template): all rows or none."""
    data = file.read(csv_import.MAX_BYTES + 1)
    try:
        rows = len(csv_import.read_rows(data))
        with ExitStack() as stack:
            progress = _bar(stack, 2 * rows, "Importing members")
            report = csv_import.import_members(
                db.session(), data, validate=check_row, actor=None, on_progress=progress
            )
    except WorkflowError as err:
        raise click.ClickException(str(err)) from err
    if not report.ok:
        for e in report.errors:
            click.echo(f"line {e.line}: {e.column}: {e.message}", err=True)
        raise click.ClickException(
            f"{len(report.errors)} errors in {report.rows} rows; nothing was imported."
        )
    click.echo(f"Imported {len(report.created)} members; invitations queued.")


OUTPUT = click.option(
    "--output",
    "-o",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="File to write (standard output by default).",
)


def _write(chunks: Iterator[str], output: Any) -> None:
    for chunk in chunks:
        output.write(chunk)


@click.command("export-members")
@with_appcontext
@OUTPUT
def export_members_command(output: Any) -> None:
    """Write every member with a profile as CSV in the import template's columns."""
    _write(csv_export.members_csv(db.session()), output)


@click.command("export-pairings")
@with_appcontext
@OUTPUT
def export_pairings_command(output: Any) -> None:
    """Write every active or ended pairing as CSV."""
    _write(csv_export.pairings_csv(db.session()), output)


def _member(email: str) -> User:
    user = find_user(db.session(), email)
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    return user


@click.command("set-active")
@with_appcontext
@click.argument("email")
@click.option(
    "--on/--off",
    "active",
    required=True,
    help="Reactivate (--on) or deactivate (--off).",
)
def set_active_command(email: str, active: bool) -> None:
    """Deactivate or reactivate the member with EMAIL (audited, no actor)."""
    user = _member(email)
    try:
        members.set_active(db.session(), user, admin=None, active=active)
    except WorkflowError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"{user.email} is now {'active' if active else 'deactivated'}.")


@click.command("set-admin")
@with_appcontext
@click.argument("email")
@click.option(
    "--on/--off",
    "granted",
    required=True,
    help="Grant (--on) or remove (--off) the admin right.",
)
def set_admin_command(email: str, granted: bool) -> None:
    """Grant or remove the admin right of the member with EMAIL (audited)."""
    user = _member(email)
    try:
        members.set_admin(db.session(), user, admin=None, granted=granted)
    except WorkflowError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"{user.email} is {'now' if granted else 'no longer'} an admin.")


COMMANDS = (
    import_members_command,
    export_members_command,
    export_pairings_command,
    set_active_command,
    set_admin_command,
)
