"""Cohort and learning commands: `match-cohort` and `retrain-weights`."""

from __future__ import annotations

import time

import click
from flask import current_app
from sqlalchemy import select

from mentormatch.cohort import MODES, OBJECTIVES
from mentormatch.cohorts.services import proposals
from mentormatch.cohorts.services import runs as cohort
from mentormatch.core.errors import WorkflowError
from mentormatch.core.models import User
from mentormatch.extensions import db
from mentormatch.suggestions import index_cache, learning
from mentormatch.web.views import rules


def _admin(email: str | None) -> User:
    """The admin named by --admin, or the first admin account."""
    stmt = select(User).where(User.is_admin, User.is_active).order_by(User.user_id)
    if email:
        stmt = stmt.where(User.email == email.strip().lower())
    admin = db.session.scalars(stmt.limit(1)).first()
    if admin is None:
        raise click.ClickException(
            f"No active admin {email!r}." if email else "Create an admin first."
        )
    return admin


@click.command("match-cohort")
@click.option("--chapter", default="", help="Only mentees of this chapter.")
@click.option(
    "--objective",
    type=click.Choice(OBJECTIVES),
    default="total_score",
    show_default=True,
)
@click.option("--mode", type=click.Choice(MODES), default="optimal", show_default=True)
@click.option(
    "--min-score", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True
)
@click.option(
    "--accept", is_flag=True, help="Send every proposal to the approval queue."
)
@click.option("--admin", "admin_email", help="Admin recorded as running it.")
@click.option(
    "--program",
    "program_id",
    type=click.IntRange(1, 2**31 - 1),
    help="Match only this program's accepted members (its id).",
)
def match_cohort(
    chapter: str,
    objective: str,
    mode: str,
    min_score: float,
    accept: bool,
    admin_email: str | None,
    program_id: int | None,
) -> None:
    """Match every mentee waiting for a mentor at once and print a summary."""
    admin, params = (
        _admin(admin_email),
        cohort.CohortParams(
            chapter=chapter,
            objective=objective,
            mode=mode,
            min_score=min_score,
            program_id=program_id,
        ),
    )
    started = time.perf_counter()
    index = index_cache().get(db.session(), fresh=True)
    ready = time.perf_counter()
    waiting = cohort.count_mentees(
        db.session(), chapter=chapter, rules=rules(), program_id=program_id
    )
    try:
        with click.progressbar(length=waiting, label="Scoring mentees") as bar:
            run = cohort.run_cohort(
                db.session(),
                index,
                admin=admin,
                params=params,
                rules=rules(),
                on_progress=bar.update,
            )
    except WorkflowError as err:
        raise click.ClickException(str(err)) from err
    _summary(run)
    click.echo(
        f"Matched in {time.perf_counter() - ready:.2f} s, after "
        f"{ready - started:.2f} s getting the mentor index ready."
    )
    if accept:
        sent = proposals.accept_proposals(
            db.session(), run, admin=admin, rules=rules(), index=index
        )
        click.echo(f"Sent {len(sent.accepted)} proposals to the approval queue.")
        for proposal, message in sent.failures:
            click.echo(f"  not sent (#{proposal.proposal_id}): {message}")


def _summary(run) -> None:
    click.echo(
        f"Cohort run #{run.run_id}: {run.matched_count} of {run.mentee_count} mentees "
        f"matched, {run.mentor_count} mentors with a free place."
    )
    click.echo(
        f"Total score {run.total_score:.2f}; greedy {run.greedy_total:.2f} "
        f"({run.gain_over_greedy * 100:+.1f}% over greedy); "
        f"optimum {run.optimal_total:.2f}."
    )
    click.echo(run.proof_text)
    if run.rank_stats:
        s = run.rank_stats
        click.echo(
            f"Position of partner in own list: mentees mean {s['mentee_mean']:.2f} "
            f"(median {s['mentee_median']:.1f}), mentors mean {s['mentor_mean']:.2f} "
            f"(median {s['mentor_median']:.1f})."
        )
    for waiting in run.waiting:
        click.echo(f"  waiting #{waiting['mentee_id']}: {waiting['message']}")


@click.command("retrain-weights")
def retrain_weights() -> None:
    """Learn ranking weights from outcomes; adopt them only if NDCG@10 holds."""
    minimum = int(current_app.config["LEARNING_MIN_LABELS"])
    try:
        report = learning.retrain(db.session(), min_labels=minimum)
    except WorkflowError as err:
        raise click.ClickException(str(err)) from err
    click.echo(
        f"Labels: {report.label_count} ({report.positives} positive; "
        f"{report.pulse_count} informed by check-ups and fit checks)."
    )
    click.echo(f"NDCG@10 with the default weights: {report.ndcg_default:.4f}")
    click.echo(f"NDCG@10 with the learned weights: {report.ndcg_learned:.4f}")
    click.echo(
        f"Development set NDCG@10, default / learned: "
        f"{report.dev_ndcg_default:.4f} / {report.dev_ndcg_learned:.4f}"
    )
    learned = ", ".join(f"{k} {v:.3f}" for k, v in report.weights.items())
    click.echo(f"Learned weights: {learned}")
    click.echo(
        "Adopted: the engine now uses the learned weights."
        if report.is_adopted
        else "Not adopted: the default weights stay."
    )
