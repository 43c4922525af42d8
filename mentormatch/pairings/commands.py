"""Click command `flag-overdue`: tell both members about overdue check-ins."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext

from mentormatch.extensions import db
from mentormatch.pairings.services.followups import GRACE_DAYS
from mentormatch.pairings.services.overdue import flag_overdue


@click.command("flag-overdue")
@click.option(
    "--now",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    default=None,
    help="Pretend the clock shows this UTC time (for tests and replays).",
)
@click.option(
    "--grace-days",
    type=click.IntRange(min=0),
    default=GRACE_DAYS,
    show_default=True,
    help="Days after a planned check-in before it counts as overdue.",
)
@with_appcontext
def flag_overdue_command(now: datetime | None, grace_days: int) -> None:
    """Flag check-ins overdue past the grace period (each only once)."""
    moment = now.replace(tzinfo=UTC) if now else None
    count = flag_overdue(db.session(), now=moment, grace=grace_days)
    click.echo(f"Flagged {count} overdue check-in{'' if count == 1 else 's'}.")
