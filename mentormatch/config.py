"""Configuration defaults and the loader that layers file, environment, overrides."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from mentormatch.core.dbhealth import engine_options

DEFAULTS: dict[str, Any] = {
    "ENV_NAME": "production",
    # None: Secure cookies in production only; False serves plain HTTP on loopback.
    "SECURE_COOKIES": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": 14 * 24 * 3600,
    # Sessions end after this long without a request (idle) or since login (absolute),
    # in seconds. Admins get no remember-me cookie.
    "ADMIN_IDLE_TIMEOUT": 2 * 3600,
    "ADMIN_ABSOLUTE_TIMEOUT": 12 * 3600,
    "MEMBER_IDLE_TIMEOUT": 14 * 24 * 3600,
    "MEMBER_ABSOLUTE_TIMEOUT": 30 * 24 * 3600,
    "PERMANENT_SESSION_LIFETIME": 14 * 24 * 3600,
    # Fits the largest legitimate upload: the 2 MB member CSV (admin/services/
    # csv_import.MAX_BYTES) plus multipart overhead. Larger bodies get the 413 page.
    "MAX_CONTENT_LENGTH": 3 * 1024 * 1024,
    "PER_PAGE": 20,
    "MAX_OPEN_REQUESTS": 3,
    "MAX_ACTIVE_PAIRINGS_PER_MENTEE": 1,
    "REQUEST_EXPIRY_DAYS": 14,
    "DECLINE_COOLDOWN_DAYS": 90,
    "REQUEST_MESSAGE_MAX": 1000,
    # Members may edit or delete their own message for this long after posting it.
    "MESSAGE_EDIT_MINUTES": 15,
    "MESSAGES_PER_PAGE": 30,
    # `flask retrain-weights` learns ranking weights once this many outcomes exist.
    "LEARNING_MIN_LABELS": 50,
    # Saved mentor index that web workers load at start (`flask build-index`
    # writes it); None: instance/mentor-index.joblib outside tests, "" for none.
    "INDEX_SNAPSHOT": None,
    # Compact and rebuild the mentor index on a background thread, off the request.
    "INDEX_BACKGROUND": True,
    # Pages read the published mentor index; a thread per process polls the change
    # counter this often (seconds), so a page lags a commit by about this much.
    # None: 0.5 outside tests (tests catch up inline); 0: catch up in the page.
    "INDEX_REFRESH_SECONDS": None,
    # Email: set MENTORMATCH_SMTP_HOST (and the rest) to send; `flask send-mail` does.
    "SMTP_HOST": "",
    "SMTP_PORT": 587,
    "SMTP_USER": "",
    "SMTP_PASSWORD": "",
    "SMTP_STARTTLS": True,
    "SMTP_SSL": False,  # SMTPS (TLS from connect); port 465 implies it
    # No SMTP in development: mail goes to the log and /dev/mailbox. None: on
    # when ENV_NAME is development and not TESTING.
    "DEV_MAILBOX": None,
    "MAIL_SEND_SECONDS": 60,  # catch-up delivery; a commit queues it at once
    "SMTP_TIMEOUT": 10,
    "MAIL_FROM": "MentorMatch <no-reply@localhost>",
    "MAIL_MAX_ATTEMPTS": 5,
    "MAIL_BACKOFF_SECONDS": 300,
    # Links in emails start with this, never with the request's Host header.
    "BASE_URL": "http://localhost:5000",
    "PASSWORD_RESET_MINUTES": 60,
    # Email verification: how long a link works, and the wait between resends.
    "VERIFY_EMAIL_DAYS": 3,
    "VERIFY_RESEND_SECONDS": 60,
    # Retention (job prune-retention): audit rows and notifications older than
    # this are deleted, read or not, as the privacy page says.
    "AUDIT_RETENTION_DAYS": 730,
    "NOTIFICATION_RETENTION_DAYS": 180,
    "RATELIMIT_STORAGE_URI": "memory://",
    # memory:// with several workers refuses to start unless this is true.
    "RATELIMIT_PER_WORKER_OK": False,
    "RATELIMIT_ENABLED": True,
    "LOGIN_LIMIT": "10 per minute",
    "LOGIN_ADDRESS_LIMIT": "30 per minute",
    "SIGNUP_LIMIT": "20 per hour",
    "FORGOT_LIMIT": "3 per hour",  # reset emails for one address
    "FORGOT_ADDRESS_LIMIT": "20 per hour",  # reset requests from one client
    "RATELIMIT_NAMESPACE": "mentormatch",
    # Redis down: keep serving and throttle per worker in memory meanwhile.
    "RATELIMIT_SWALLOW_ERRORS": True,
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "DB_STATEMENT_TIMEOUT_MS": 5000,
    "DB_LOCK_TIMEOUT_MS": 3000,
    # Background jobs (huey): Redis when set, else a SQLite file in instance/.
    "REDIS_URL": "",
    "JOBS_SQLITE_PATH": "",
    "JOBS_IMMEDIATE": None,  # None: on when TESTING (jobs run in-process)
    "JOBS_WORKERS": 2,
    "JOBS_POLL_SECONDS": 1.0,
    "JOBS_MAX_ATTEMPTS": 4,
    "JOBS_RETRY_DELAY": 30,  # seconds before the 1st retry, doubling after
    "JOBS_LEASE_SECONDS": 900,  # a run longer than this is taken for dead
    "JOBS_MAIL_KICK": None,  # None: on unless TESTING (commit queues delivery)
    "NUDGE_MENTEE_DAYS": 7,  # complete profile, no request after this many days
    "NUDGE_MENTOR_DAYS": 3,  # a request unanswered this long nudges the mentor
    "REMINDER_HOURS": 24,  # check-in reminders go this long before
    "PRUNE_SENT_MAIL_DAYS": 30,
    "PRUNE_JOB_RUN_DAYS": 30,
    "LOG_FORMAT": "json",
    "PROXY_FIX_X_FOR": 0,
}


class ConfigError(RuntimeError):
    """Raised when the configuration cannot start the app safely."""


def database_url(instance_path: str) -> str:
    """Return the database URL from DATABASE_URL, defaulting to SQLite in instance/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "mentormatch.db")
    # psycopg 3 is the driver we ship; the bare scheme would ask for psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_development(app: Flask) -> bool:
    """Tell whether the app runs in debug, testing or an explicit development mode."""
    return bool(app.debug or app.testing or app.config.get("ENV_NAME") == "development")


def _dev_secret_key(instance_path: str) -> str:
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load_config(app: Flask, overrides: Mapping[str, Any] | None = None) -> None:
    """Layer DEFAULTS, instance/config.py, the environment and overrides."""
    app.config.from_mapping(DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    app.config.from_pyfile("config.py", silent=True)
    # The conventional unprefixed variables beat the instance file, like MENTORMATCH_*.
    if os.environ.get("DATABASE_URL", "").strip():
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config.from_prefixed_env("MENTORMATCH")
    if overrides:
        app.config.from_mapping(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    secure = app.config.get("SECURE_COOKIES")
    if secure is None:
        secure = app.config.get("ENV_NAME") == "production"
    app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = secure
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    if app.config.get("DEV_MAILBOX") is None:
        app.config["DEV_MAILBOX"] = (
            app.config.get("ENV_NAME") == "development" and not app.testing
        )
    if not app.config.get("SECRET_KEY"):
        if not is_development(app):
            raise ConfigError(
                "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
                "(e.g. `export SECRET_KEY=$(python -c 'import secrets; "
                "print(secrets.token_hex(32))')`), or run in development with "
                "MENTORMATCH_ENV_NAME=development."
            )
        app.config["SECRET_KEY"] = _dev_secret_key(app.instance_path)
