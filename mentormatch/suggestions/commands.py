"""Click commands for the matching engine: `recommend EMAIL`."""

from __future__ import annotations

import click

from mentormatch.accounts import find_user
from mentormatch.extensions import db
from mentormatch.suggestions.engine import index_cache
from mentormatch.suggestions.services import recommendations
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
