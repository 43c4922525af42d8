"""Click commands added to `flask --app mentormatch`."""

from __future__ import annotations

import click
from flask import Flask
from flask_migrate import upgrade

from mentormatch.extensions import db


@click.command("init-db")
def init_db() -> None:
    """Migrate the database to the newest schema."""
    upgrade()
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")


def register_commands(app: Flask) -> None:
    """Add every command to the app's CLI."""
    for command in (init_db,):
        app.cli.add_command(command)
