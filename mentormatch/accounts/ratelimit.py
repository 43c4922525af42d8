"""Login and sign-up throttling with Flask-Limiter (memory by default, Redis by URI)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, current_app, request
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address

from mentormatch.accounts.services.credentials import normalise_email

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


def init_ratelimit(app: Flask) -> None:
    """Bind the limiter and answer a breach with the friendly 429 page."""
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
