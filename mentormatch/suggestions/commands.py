"""Click commands for the matching engine: `recommend EMAIL`, `build-index`."""

from __future__ import annotations

import click

from mentormatch.accounts import find_user
from mentormatch.extensions import db
from mentormatch.suggestions.engine import index_cache
from mentormatch.suggestions.services import recommendations
from mentormatch.suggestions.services.index_store import build_index_file
from mentormatch.web.views import rules


@click.command("recommend")
@click.argument("email")
@click.option(
    "-k", "--top", "k", default=5, show_default=True, type=click.IntRange(1, 50)
)
def recommend(email: str, k: int) -> None:
    """Print a member's top mentor suggestions with their reasons."""
    user = find_user(db.session(), email)
    if user is None or user.profile is None:
        raise click.ClickException(f"No member with a profile has the email {email!r}.")
    found = recommendations.suggest(
        db.session(), index_cache(), mentee=user, rules=rules(), k=k
    )
    if not found:
        click.echo(f"No mentor fits {email} right now.")
    for rank, item in enumerate(found, start=1):
        s = item.suggestion
        click.echo(
            f"{rank}. {item.profile.display_name} (#{s.mentor_id}) score {s.score:.2f}"
        )
        for reason in s.reasons:
            click.echo(f"   - {reason}")


@click.command("build-index")
def build_index() -> None:
    """Fit the mentor index and save it for web workers to load at start."""
    path = index_cache().snapshot_path
    if path is None:
        raise click.ClickException("No index file is configured (INDEX_SNAPSHOT).")
    index = build_index_file(db.session(), path)
    click.echo(f"Saved the index of {len(index.row_of_)} mentors to {path}.")
