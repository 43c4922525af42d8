"""The application factory and its register_* helpers."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

from flask import Flask

from mentormatch.config import load_config
from mentormatch.extensions import csrf, db, login_manager, migrate
from mentormatch.resources import resource_dir

# Each feature's view modules; every blueprint (`bp`) they define is registered.
# The first module of a feature defines its blueprint, the others add views to it.
VIEWS: dict[str, tuple[str, ...]] = {
    "main": ("routes",),
    "accounts": (
        "routes",
        "reset_routes",
        "privacy_routes",
        "verify_routes",
        "email_routes",
    ),
    "profiles": ("routes", "wish_routes"),
    "suggestions": ("routes", "preference_routes"),
    "requests": ("routes", "mentee_routes"),
    "pairings": ("routes", "meeting_routes", "legacy"),
    "notifications": ("routes", "mailbox"),
    "messages": ("routes", "report_routes"),
    "cohorts": ("routes",),
    "admin": ("routes", "members", "csv_io", "jobs_routes", "reports"),
    "programs": ("routes", "admin_routes"),
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app; config layers: DEFAULTS, instance/config.py, env, `config`."""
    app = Flask(
        "mentormatch",  # the package, so instance/ resolves from it
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    load_config(app, config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_hooks(app)
    register_hardening(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    db.init_app(app)
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", _migrations()))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    import_module("mentormatch.accounts.loader")
    from mentormatch.core import changes

    changes.install()  # number every commit that changes matching data
    from mentormatch.suggestions.services.index_cache import (
        COMPACT_AFTER,
        INDEX_FILE,
        REFRESH_EVERY,
        IndexCache,
    )

    snapshot = app.config.get("INDEX_SNAPSHOT")
    if snapshot is None:  # tests share instance/: only their own file, when given
        snapshot = "" if app.testing else str(Path(app.instance_path) / INDEX_FILE)
    background = bool(app.config.get("INDEX_BACKGROUND", True))
    # Pages read the published index; a thread per process keeps it at most about
    # this many seconds behind. Tests catch up inline unless they ask for it.
    refresh = app.config.get("INDEX_REFRESH_SECONDS")
    if refresh is None:
        refresh = REFRESH_EVERY if background and not app.testing else 0
    app.extensions["mentor_index"] = IndexCache(
        background=background,
        snapshot_path=snapshot or None,
        compact_after=int(app.config.get("INDEX_COMPACT_AFTER", COMPACT_AFTER)),
        refresh_every=float(refresh) if refresh else None,
    )
    from mentormatch.worker import init_worker

    init_worker(app)


def _migrations() -> str:
    return str(resource_dir("migrations"))


def register_blueprints(app: Flask) -> None:
    """Register one blueprint per user-facing area."""
    from mentormatch.web.converters import DatabaseIdConverter

    app.url_map.converters["int"] = DatabaseIdConverter  # before any rule is added
    for feature, names in VIEWS.items():
        modules = [import_module(f"mentormatch.{feature}.{name}") for name in names]
        for blueprint in dict.fromkeys(module.bp for module in modules):
            app.register_blueprint(blueprint)
    from mentormatch.core.notifications import use_link_builder

    use_link_builder(_link_builder(app))


def _link_builder(app: Flask) -> Any:
    """Site paths from the URL map, outside any request (workers and services)."""
    adapter = app.url_map.bind("localhost")

    def build(endpoint: str, values: Mapping[str, Any]) -> str:
        rule = next(app.url_map.iter_rules(endpoint))
        path: str = adapter.build(
            endpoint, {k: v for k, v in values.items() if k in rule.arguments}
        )
        return path

    return build


def register_errorhandlers(app: Flask) -> None:
    """Install the friendly error pages."""
    from mentormatch.web.errors import register_errorhandlers as register

    register(app)


def register_commands(app: Flask) -> None:
    """Add the click commands to `flask`."""
    from mentormatch.cli import register_commands as register

    register(app)


def register_hooks(app: Flask) -> None:
    """Install request hooks: template globals and logging."""
    from mentormatch.web.hooks import register_hooks as register

    register(app)
    if not app.testing:
        logging.basicConfig(level=app.config.get("LOG_LEVEL", "INFO"))


def register_hardening(app: Flask) -> None:
    """Request logs, security headers, login throttling: app-wide, every route."""
    from mentormatch.accounts.ratelimit import init_ratelimit
    from mentormatch.accounts.sessions import init_sessions
    from mentormatch.web.logging_setup import init_logging
    from mentormatch.web.security import init_security

    init_logging(app)  # first: its timer must start before other hooks can refuse
    init_security(app)
    init_sessions(app)
    init_ratelimit(app)
