"""Sending a cohort run's proposals on to the approval queue, or discarding them.

Design choice (issue 6): an admin-accepted proposal becomes a request with source
"cohort" that the workflow records as REQUESTED ("proposed by cohort run #N") and
moves to ACCEPTED on the program's behalf ("accepted by admin X"). It then waits
in the approval queue like any accepted request: a second, deliberate approval
starts the pairing, and until then the mentor may take it back and the mentee may
withdraw, so people stay in the loop.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from mentormatch.cohorts.services.runs import (
    CHUNK,
    PROPOSAL_PEOPLE,
    explain_proposals,
    proposals_of,
)
from mentormatch.core import audit, workflow
from mentormatch.core.errors import NotAllowedError, WorkflowError
from mentormatch.core.models import CohortProposal, CohortRun, ProposalStatus, User
from mentormatch.core.roles import runs_program
from mentormatch.matching import MentorIndex
from mentormatch.suggestions import index_cache


@dataclass
class ProposalResult:
    """Proposals sent on (their new request ids) and why each other one was not."""

    accepted: list[int] = field(default_factory=list)
    failures: list[tuple[CohortProposal, str]] = field(default_factory=list)


def _chosen(
    session: Session, run: CohortRun, proposal_ids: Collection[int] | None
) -> list[CohortProposal]:
    """The run's open proposals among `proposal_ids` (None: all of them), with
    both people loaded: one query, not the run's every proposal."""
    stmt = proposals_of(run.run_id, ProposalStatus.PROPOSED)
    if proposal_ids is None:
        return list(session.scalars(stmt.options(*PROPOSAL_PEOPLE)))
    wanted = sorted(set(proposal_ids))
    found: list[CohortProposal] = []
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        part = stmt.where(CohortProposal.proposal_id.in_(chunk))
        found += session.scalars(part.options(*PROPOSAL_PEOPLE))
    return sorted(found, key=lambda p: p.proposal_id)


def accept_proposals(
    session: Session,
    run: CohortRun,
    *,
    admin: User,
    rules: workflow.Rules,
    proposal_ids: Collection[int] | None = None,
    index: MentorIndex | None = None,
) -> ProposalResult:
    """Send the chosen (default: all open) proposals to the approval queue.

    Each goes through ``workflow.propose_match`` in its own transaction, so one
    refusal (a mentor filled up meanwhile, a new block) stops no other. Proposals
    not explained yet get their reasons first, in one batch, from `index` (the
    app's engine when not given), so each request keeps every reader's wording.

    Returns
    -------
    ProposalResult

    Raises
    ------
    NotAllowedError
        `admin` does not run the run's program.
    """
    if not runs_program(session, admin, run.program_id):
        raise NotAllowedError("Only program admins can accept proposals.")
    result = ProposalResult()
    chosen = _chosen(session, run, proposal_ids)
    if any(not p.score_parts for p in chosen):
        engine = index if index is not None else index_cache().get(session)
        if explain_proposals(session, engine, chosen):
            session.commit()
    for proposal in chosen:
        suggested = _suggested(proposal)
        try:
            req = workflow.propose_match(
                session,
                admin=admin,
                mentee=proposal.mentee,
                mentor=proposal.mentor,
                rules=rules,
                suggested=suggested,
                run_id=run.run_id,
                program_id=run.program_id,
            )
        except WorkflowError as err:
            session.rollback()
            proposal.note = str(err)[:300]
            result.failures.append((proposal, str(err)))
        else:
            proposal.status = ProposalStatus.ACCEPTED
            proposal.request_id, proposal.note = req.request_id, ""
            result.accepted.append(req.request_id)
        session.commit()
    audit.record(
        session,
        actor=admin,
        action="send_cohort_proposals",
        target_type="cohort_run",
        target_id=run.run_id,
        sent=len(result.accepted),
        refused=len(result.failures),
        request_ids=result.accepted,
    )
    session.commit()
    return result


def _suggested(proposal: CohortProposal) -> workflow.Suggested:
    """What the request keeps of a proposal: each reader's wording when stored (runs
    made before that kept only the mentee's, in ``reasons``)."""
    parts = dict(proposal.score_parts)
    said = proposal.reader_reasons or {}
    if not said.get("mentee"):
        return workflow.Suggested(proposal.score, tuple(proposal.reasons), parts)
    readers = {
        "mentor": tuple(said.get("mentor", ())),
        "admin": tuple(proposal.reasons),
    }
    return workflow.Suggested(proposal.score, tuple(said["mentee"]), parts, readers)


def discard_proposals(
    session: Session,
    run: CohortRun,
    *,
    admin: User,
    proposal_ids: Collection[int],
) -> int:
    """Drop the chosen open proposals; return how many were discarded.

    Raises
    ------
    NotAllowedError
        `admin` does not run the run's program.
    """
    if not runs_program(session, admin, run.program_id):
        raise NotAllowedError("Only program admins can discard proposals.")
    chosen = _chosen(session, run, proposal_ids)
    for proposal in chosen:
        proposal.status = ProposalStatus.DISCARDED
    audit.record(
        session,
        actor=admin,
        action="discard_cohort_proposals",
        target_type="cohort_run",
        target_id=run.run_id,
        proposal_ids=[p.proposal_id for p in chosen],
    )
    session.commit()
    return len(chosen)
