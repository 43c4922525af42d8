"""The `send-mail` command: deliver the email outbox, with retries."""

from __future__ import annotations

import time
from dataclasses import replace

import click
from flask import current_app
from flask.cli import with_appcontext

from mentormatch.core.mail import MailSettings, send_due
from mentormatch.extensions import db


@click.command("send-mail")
@with_appcontext
@click.option("--once", is_flag=True, help="Send what is due, then stop.")
@click.option(
    "--max-attempts",
    type=click.IntRange(min=1),
    default=None,
    help="Tries per email before it is marked failed [default: MAIL_MAX_ATTEMPTS, 5].",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    help="Seconds between runs without --once.",
)
def send_mail(once: bool, max_attempts: int | None, interval: float) -> None:
    """Send due emails from the outbox; failed ones wait longer before each retry."""
    settings = MailSettings.from_config(current_app.config)
    if not settings.enabled:
        raise click.ClickException(
            "No mail server configured. Set MENTORMATCH_SMTP_HOST (and "
            "MENTORMATCH_SMTP_PORT, _USER, _PASSWORD, _STARTTLS, "
            "MENTORMATCH_MAIL_FROM)."
        )
    if max_attempts is not None:
        settings = replace(settings, max_attempts=max_attempts)
    while True:
        report = send_due(db.session(), settings, config=current_app.config)
        if report.sent or report.retrying or report.failed or once:
            click.echo(
                f"Sent {report.sent}, will retry {report.retrying}, "
                f"gave up on {report.failed}."
            )
        if once:
            return
        time.sleep(interval)
