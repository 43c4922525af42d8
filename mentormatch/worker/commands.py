"""Click commands `worker` (the consumer and the schedule) and `run-job`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from mentormatch.worker.engine import current_engine


@click.command("worker")
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=None,
    help="Jobs run at once in this process [default: JOBS_WORKERS, 2].",
)
@click.option(
    "--no-schedule",
    is_flag=True,
    help="Only run queued jobs; another worker runs the schedule.",
)
@with_appcontext
def worker_command(threads: int | None, no_schedule: bool) -> None:
    """Run queued jobs and the schedule until Ctrl-C (or SIGTERM)."""
    engine = current_engine()
    if engine.huey.immediate:
        raise click.ClickException("JOBS_IMMEDIATE is on: jobs run in the web app.")
    consumer = engine.huey.create_consumer(
        workers=threads or int(engine.app.config["JOBS_WORKERS"]),
        worker_type="thread",
        periodic=not no_schedule,
        initial_delay=0.05,
        backoff=1.5,
        max_delay=float(engine.app.config["JOBS_POLL_SECONDS"]),
    )
    if not no_schedule:
        try:
            engine.tick()  # what is due runs now, not at the next minute
        except Exception as err:  # e.g. database not migrated: the schedule retries
            click.echo(f"First schedule tick failed ({err}); retrying each minute.")
    click.echo(f"Worker started: {len(engine.specs)} jobs, storage {engine.huey}")
    consumer.run()


@click.command("run-job")
@click.argument("name")
@with_appcontext
def run_job_command(name: str) -> None:
    """Queue one run of job NAME now (the worker runs it)."""
    engine = current_engine()
    if name not in engine.specs:
        known = ", ".join(sorted(engine.specs))
        raise click.ClickException(f"No job {name!r}. Jobs: {known}")
    run_id = engine.enqueue(name)
    click.echo(f"Queued run {run_id} of {name}.")
