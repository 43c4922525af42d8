"""Deliver new email within seconds: a commit that wrote outbox rows queues delivery."""

from __future__ import annotations

import logging

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from mentormatch.core.models import OutboxMessage

log = logging.getLogger("mentormatch.worker")
MAIL_JOB = "deliver-mail"
_FLAG = "mentormatch_mail_waiting"


def _noticed_mail(session: Session, flush_context: object, instances: object) -> None:
    if any(isinstance(row, OutboxMessage) for row in session.new):
        session.info[_FLAG] = True


def _after_commit(session: Session) -> None:
    if not session.info.pop(_FLAG, False) or not has_app_context():
        return
    engine = current_app.extensions.get("jobs")
    if engine is None or not engine.app.config.get("JOBS_MAIL_KICK"):
        return
    try:
        engine.enqueue(MAIL_JOB)
    except Exception:  # the periodic delivery picks the mail up anyway
        log.exception("could not queue mail delivery")


def _after_rollback(session: Session) -> None:
    session.info.pop(_FLAG, None)


def install() -> None:
    """Listen on every session (idempotent: SQLAlchemy keeps one listener each)."""
    if not event.contains(Session, "before_flush", _noticed_mail):
        event.listen(Session, "before_flush", _noticed_mail)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
