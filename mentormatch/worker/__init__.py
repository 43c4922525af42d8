"""Background work: the huey engine that runs the jobs features declare."""

from __future__ import annotations

from flask import Flask

from mentormatch.worker.engine import JobEngine, current_engine


def init_worker(app: Flask) -> JobEngine:
    """Build the app's job engine and start queueing mail delivery on commit."""
    from mentormatch.worker import kick

    if app.config.get("JOBS_MAIL_KICK") is None:
        app.config["JOBS_MAIL_KICK"] = not app.testing
    engine = JobEngine(app)
    app.extensions["jobs"] = engine
    kick.install()
    return engine


__all__ = ["JobEngine", "current_engine", "init_worker"]
