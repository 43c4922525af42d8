"""Click command `expire-requests`: close requests mentors left unanswered."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from mentormatch.core.workflow import expire_requests
from mentormatch.extensions import db


@click.command("expire-requests")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Expire requests unanswered for this many days "
    "(default: REQUEST_EXPIRY_DAYS).",
)
@with_appcontext
def expire_requests_command(days: int | None) -> None:
    """Expire unanswered requests older than --days and tell each mentee."""
    days = days or int(current_app.config["REQUEST_EXPIRY_DAYS"])
    count = expire_requests(db.session(), days=days)
    click.echo(
        f"Expired {count} request{'' if count == 1 else 's'} "
        f"unanswered for {days} days or more."
    )
