"""Login and sign-up throttling with Flask-Limiter (memory by default, Redis by URI)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import Flask, Response, current_app, request
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address

from mentormatch.accounts.services.credentials import normalise_email
from mentormatch.config import ConfigError

F = TypeVar("F", bound=Callable[..., ResponseReturnValue])

THROTTLED = "Too many attempts. Wait a minute and try again."

# Unbound like the other extensions; the app config picks the storage
# (RATELIMIT_STORAGE_URI), switches it off (RATELIMIT_ENABLED) and sets the limits.
limiter = Limiter(key_func=get_remote_address)


def _namespaced(key: str) -> str:
    # Our own prefix: Flask-Limiter keeps the first app's RATELIMIT_KEY_PREFIX for good.
    return f"{current_app.config.get('RATELIMIT_NAMESPACE', '')}/{key}"


def account_key() -> str:
    """Key a login attempt by the normalised email typed into the form."""
    return _namespaced("account:" + normalise_email(request.form.get("email", "")))


def address_key() -> str:
    """Key an attempt by the client address (behind a proxy, see PROXY_FIX_X_FOR)."""
    return _namespaced("address:" + (get_remote_address() or "unknown"))


def _failed(response: Response) -> bool:
    # A successful login redirects; only refusals use up the allowance.
    return response.status_code >= 400


def _config_limit(key: str) -> Callable[[], str]:
    return lambda: current_app.config[key]


def login_limits(view: F) -> F:
    """Throttle failed log-ins per account and per address (POST only)."""
    per_account = limiter.limit(
        _config_limit("LOGIN_LIMIT"),
        key_func=account_key,
        methods=["POST"],
        deduct_when=_failed,
        scope="login-account",
    )
    per_address = limiter.limit(
        _config_limit("LOGIN_ADDRESS_LIMIT"),
        key_func=address_key,
        methods=["POST"],
        deduct_when=_failed,
        scope="login-address",
    )
    return per_account(per_address(view))  # type: ignore[return-value]


def forgot_limits(view: F) -> F:
    """Throttle reset-link requests per typed address and per client (POST only).

    Every request counts, not only refusals: each one would send an email.
    """
    per_account = limiter.limit(
        _config_limit("FORGOT_LIMIT"),
        key_func=account_key,
        methods=["POST"],
        scope="forgot-account",
    )
    per_address = limiter.limit(
        _config_limit("FORGOT_ADDRESS_LIMIT"),
        key_func=address_key,
        methods=["POST"],
        scope="forgot-address",
    )
    return per_account(per_address(view))  # type: ignore[return-value]


def signup_limits(view: F) -> F:
    """Throttle account creation per address (POST only)."""
    return limiter.limit(
        _config_limit("SIGNUP_LIMIT"),
        key_func=address_key,
        methods=["POST"],
        scope="signup-address",
    )(view)  # type: ignore[return-value]


def server_workers(environ: Mapping[str, str]) -> int:
    """The number of server processes sharing this app, as the server announces it.

    deploy/serve.sh sets MENTORMATCH_WORKERS; WEB_CONCURRENCY is gunicorn's own.
    """
    for name in ("MENTORMATCH_WORKERS", "WEB_CONCURRENCY"):
        value = environ.get(name, "").strip()
        if value.isascii() and value.isdigit():
            return int(value)
    return 1


def check_storage(config: Mapping[str, Any], workers: int) -> None:
    """Refuse in-memory counters shared by several workers, unless told to.

    Each worker would count alone: 10 wrong passwords a minute became 36 and 39.

    Raises
    ------
    ConfigError
        Several workers, throttling on, memory storage, no RATELIMIT_PER_WORKER_OK.
    """
    uri = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if (
        workers > 1
        and uri.startswith("memory://")
        and config.get("RATELIMIT_ENABLED", True)
        and not config.get("RATELIMIT_PER_WORKER_OK")
    ):
        raise ConfigError(
            f"{workers} workers would each count log-in attempts on their own "
            "(RATELIMIT_STORAGE_URI is memory://). Set "
            "MENTORMATCH_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0, or "
            "MENTORMATCH_RATELIMIT_PER_WORKER_OK=true to accept per-worker limits."
        )


def init_ratelimit(app: Flask) -> None:
    """Bind the limiter and answer a breach with the friendly 429 page."""
    check_storage(app.config, server_workers(os.environ))
    limiter.init_app(app)

    @app.errorhandler(RateLimitExceeded)
    def too_many(err: RateLimitExceeded) -> ResponseReturnValue:
        from mentormatch.web.errors import error_response

        response = current_app.make_response(error_response(429, THROTTLED))
        response.headers["Retry-After"] = str(_retry_after(err))
        return response


def _retry_after(err: RateLimitExceeded) -> int:
    # The window length in seconds; an upper bound of the wait, never zero.
    return max(1, int(err.limit.limit.get_expiry()))
