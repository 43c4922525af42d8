"""Jobs of email: deliver the outbox, prune what is done."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from mentormatch.core.jobs import periodic
from mentormatch.core.mail import SENT, MailSettings, send_due
from mentormatch.core.models import JobRun, OutboxMessage, PasswordResetToken
from mentormatch.core.models.jobs import FAILED, SUCCEEDED


@periodic(
    "deliver-mail",
    every=timedelta(minutes=1),
    setting="MAIL_SEND_SECONDS",
    description="Send due emails from the outbox (a commit with new mail also "
    "queues this at once); failures wait longer before each retry.",
)
def deliver_mail(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """Deliver what is due; each row is claimed before sending, so once only."""
    settings = MailSettings.from_config(config)
    if not settings.delivers:
        return "No mail server configured: emails wait in the outbox."
    report = send_due(session, settings, now=now, config=config)
    return (
        f"Sent {report.sent}, will retry {report.retrying}, gave up on {report.failed}."
    )


@periodic(
    "prune",
    every=timedelta(days=1),
    description="Delete sent outbox rows, expired reset links and old job runs "
    "(ages in PRUNE_* settings); notifications go with prune-retention.",
)
def prune(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """Delete what nobody needs any more; deleting twice deletes nothing more.

    Notifications are not pruned here: `prune-retention` (admin.jobs) deletes them,
    with the audit log, after NOTIFICATION_RETENTION_DAYS as the privacy page says.
    """
    sent_cutoff = now - timedelta(days=int(config["PRUNE_SENT_MAIL_DAYS"]))
    run_cutoff = now - timedelta(days=int(config["PRUNE_JOB_RUN_DAYS"]))
    counts = [
        session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.status == SENT, OutboxMessage.sent_at < sent_cutoff
            )
        ).rowcount,  # type: ignore[attr-defined]
        session.execute(
            delete(PasswordResetToken).where(PasswordResetToken.expires_at < now)
        ).rowcount,  # type: ignore[attr-defined]
        session.execute(
            delete(JobRun).where(
                JobRun.status.in_((SUCCEEDED, FAILED)), JobRun.queued_at < run_cutoff
            )
        ).rowcount,  # type: ignore[attr-defined]
    ]
    session.commit()
    mail, tokens, job_runs = (int(c or 0) for c in counts)
    return (
        f"Pruned {mail} sent emails, {tokens} expired reset links, "
        f"{job_runs} old job runs."
    )
