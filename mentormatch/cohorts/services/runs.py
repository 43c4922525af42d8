"""Cohort runs from the database: pick people, score pairs, solve, store proposals."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from mentormatch.cohort import MODES, OBJECTIVES, CohortProblem, CohortResult
from mentormatch.cohorts.services.candidates import (
    Candidates,
    CandidateSource,
    Proof,
    first_candidates,
    solve_proven,
)
from mentormatch.cohorts.services.hints import mentor_facts, no_candidate_hint
from mentormatch.core import audit
from mentormatch.core.bulk_insert import insert_rows
from mentormatch.core.errors import NotAllowedError, ValidationError, WorkflowError
from mentormatch.core.models import (
    OPEN_STATUSES,
    CohortProposal,
    CohortRun,
    MatchRequest,
    MatchStatus,
    MemberPreference,
    PreferenceKind,
    Profile,
    ProgramRole,
    ProposalStatus,
    User,
)
from mentormatch.core.roles import accepted_ids_in, runs_program
from mentormatch.core.workflow import Rules
from mentormatch.matching import Mentee, MentorIndex
from mentormatch.suggestions import excluded_pairs, load_mentees

Progress = Callable[[int], None]
CHUNK = 500  # ids per IN (...) list, well under every database's limit
MAX_ID = 2**31 - 1  # largest INTEGER primary key on PostgreSQL


@dataclass(frozen=True, slots=True)
class CohortParams:
    """What an admin chose for a run."""

    chapter: str = ""
    objective: str = "total_score"
    # The program whose accepted members are matched (None: outside programs).
    program_id: int | None = None
    mode: str = "optimal"
    min_score: float = 0.0


@dataclass(frozen=True, slots=True)
class Cohort:
    """The people of one run: mentees (as the engine reads them, each with its
    exclusions), mentor ids with free places and how many each has."""

    mentees: list[Mentee]
    mentor_ids: list[int]
    free: list[int]

    @property
    def excluded(self) -> dict[int, set[int]]:
        """Mentors never to propose to each mentee."""
        return {int(q.id): set(q.exclude_ids) for q in self.mentees}


def _in_program(program_id: int | None, role: ProgramRole) -> list[Any]:
    """Keep the program's accepted members in `role` (everyone, for None)."""
    if program_id is None:
        return []
    return [Profile.user_id.in_(accepted_ids_in([program_id], role))]


def _mentee_conds(chapter: str, rules: Rules, program_id: int | None) -> list[Any]:
    busy = select(MatchRequest.mentee_id).where(MatchRequest.status.in_(OPEN_STATUSES))
    conds = [
        Profile.wants_mentor,
        User.is_active,
        User.email_verified_at.is_not(None),
        Profile.active_pairings < rules.max_active_pairings,
        Profile.user_id.not_in(busy),
        *_in_program(program_id, ProgramRole.MENTEE),
    ]
    if chapter.strip():
        conds.append(func.lower(Profile.chapter) == chapter.strip().lower())
    return conds


def cohort_mentee_ids(
    session: Session, *, chapter: str, rules: Rules, program_id: int | None = None
) -> list[int]:
    """Mentees waiting for a mentor, ascending: they want one, their account is
    active, and they have no open request or pairing (optionally only those of
    one chapter, and only the accepted mentees of one program)."""
    stmt = (
        select(Profile.user_id)
        .join(Profile.user)
        .where(*_mentee_conds(chapter, rules, program_id))
        .order_by(Profile.user_id)
    )
    return list(session.scalars(stmt))


def count_mentees(
    session: Session, *, chapter: str, rules: Rules, program_id: int | None = None
) -> int:
    """How many mentees a run would consider (for a progress bar)."""
    stmt = (
        select(func.count())
        .select_from(Profile)
        .join(Profile.user)
        .where(*_mentee_conds(chapter, rules, program_id))
    )
    return int(session.scalar(stmt) or 0)


def cohort_mentors(
    session: Session, program_id: int | None = None
) -> tuple[list[int], list[int]]:
    """Active mentors with a free place (of one program, if given), ascending,
    and how many each has (capacity minus active pairings minus accepted
    requests waiting); plain rows, no ORM objects."""
    accepted = dict(
        session.execute(
            select(MatchRequest.mentor_id, func.count())
            .where(MatchRequest.status == MatchStatus.ACCEPTED)
            .group_by(MatchRequest.mentor_id)
        ).all()
    )
    stmt = (
        select(Profile.user_id, Profile.mentor_capacity, Profile.mentor_slots_used)
        .join(Profile.user)
        .where(
            Profile.offers_mentoring,
            User.is_active,
            User.email_verified_at.is_not(None),
            *_in_program(program_id, ProgramRole.MENTOR),
        )
        .order_by(Profile.user_id)
    )
    ids, free = [], []
    for user_id, cap, used in session.execute(stmt):
        left = cap - used - accepted.get(user_id, 0)
        if left > 0:
            ids.append(user_id)
            free.append(left)
    return ids, free


def load_cohort(
    session: Session, *, chapter: str, rules: Rules, program_id: int | None = None
) -> Cohort:
    """Everyone a run with this chapter (and program) filter would consider."""
    ids = cohort_mentee_ids(
        session, chapter=chapter, rules=rules, program_id=program_id
    )
    mentor_ids, free = cohort_mentors(session, program_id)
    excluded: dict[int, set[int]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        excluded.update(excluded_pairs(session, chunk, rules.decline_cooldown_days))
    return Cohort(load_mentees(session, ids, excluded), mentor_ids, free)


def shortlists(session: Session, member_ids: Sequence[int]) -> dict[int, list[int]]:
    """Each member's shortlist, first choice first: {member_id: [other ids]}.

    Many members (a program's mentors): one query over every shortlist, kept
    for the members asked, instead of one IN list per CHUNK of them (shortlists
    are few, members many).
    """
    out: dict[int, list[int]] = {}
    base = (
        select(MemberPreference.member_id, MemberPreference.other_id)
        .where(MemberPreference.kind == PreferenceKind.SHORTLIST)
        .order_by(MemberPreference.position, MemberPreference.preference_id)
    )
    if len(member_ids) > 4 * CHUNK:
        wanted = set(member_ids)
        for member_id, other_id in session.execute(base):
            if member_id in wanted:
                out.setdefault(member_id, []).append(other_id)
        return out
    for start in range(0, len(member_ids), CHUNK):
        chunk = member_ids[start : start + CHUNK]
        stmt = base.where(MemberPreference.member_id.in_(chunk))
        for member_id, other_id in session.execute(stmt):
            out.setdefault(member_id, []).append(other_id)
    return out


@dataclass(frozen=True, slots=True)
class Prepared:
    """A run's problem with each mentee's first candidates from the engine."""

    problem: CohortProblem
    source: CandidateSource
    candidates: Candidates


def build_problem(
    session: Session,
    index: MentorIndex,
    cohort: Cohort,
    on_progress: Progress | None = None,
    *,
    min_score: float = 0.0,
) -> Prepared:
    """Each mentee's best mentors by the engine's own top k, plus shortlists
    and, when mentees crowd the mentors, each mentor's own best mentees.

    Blocks, recent declines and open requests are both missing edges and
    ``forbidden`` pairs; memory is linear in mentees x k.
    """
    mentor_ids = cohort.mentor_ids
    mentee_ids = [int(q.id) for q in cohort.mentees]
    mentee_lists = shortlists(session, mentee_ids)
    mentor_lists = shortlists(session, mentor_ids)
    source = CandidateSource(index, mentor_ids, min_score, cohort.mentees)
    must = _must(mentee_lists, mentor_lists, mentee_ids, mentor_ids)
    cands = first_candidates(source, must, on_progress)
    found = cands.cols[:, 0] >= 0 if cands.cols.shape[1] else np.zeros(0, bool)
    lonely = [i for i in range(len(mentee_ids)) if not found.size or not found[i]]
    hints: dict[int, str] = {}
    if lonely:
        facts = mentor_facts(session, mentor_ids)
        for i in lonely:
            query = cohort.mentees[i]
            hints[int(query.id)] = no_candidate_hint(query, facts, query.exclude_ids)
    problem = CohortProblem(
        mentee_ids=mentee_ids,
        mentor_ids=mentor_ids,
        capacities=cohort.free,
        edges=cands.edges((len(mentee_ids), len(mentor_ids))),
        forbidden=frozenset(
            (int(q.id), b) for q in cohort.mentees for b in q.exclude_ids
        ),
        mentee_shortlists=mentee_lists,
        mentor_shortlists=mentor_lists,
        no_candidate_hints=hints,
    )
    return Prepared(problem, source, cands)


def _must(
    mentee_lists: dict[int, list[int]],
    mentor_lists: dict[int, list[int]],
    mentee_ids: Sequence[int],
    mentor_ids: Sequence[int],
) -> dict[int, list[int]]:
    """Cohort columns each mentee row's candidates must include: its own
    shortlist and the mentors who shortlisted it (stable mode follows both)."""
    out: dict[int, list[int]] = {
        mentee: list(others) for mentee, others in mentee_lists.items()
    }
    for mentor, mentees in mentor_lists.items():
        for mentee in mentees:
            out.setdefault(mentee, []).append(mentor)
    row = {m: i for i, m in enumerate(mentee_ids)}
    col = {m: j for j, m in enumerate(mentor_ids)}
    return {
        row[mentee]: [col[m] for m in others if m in col]
        for mentee, others in out.items()
        if mentee in row
    }


def check_params(params: CohortParams) -> None:
    """Refuse settings the solver does not know.

    Raises
    ------
    ValidationError
        Unknown objective or mode, or a minimum score outside [0, 1].
    """
    if params.objective not in OBJECTIVES:
        raise ValidationError(f"Choose an objective among {', '.join(OBJECTIVES)}.")
    if params.mode not in MODES:
        raise ValidationError(f"Choose a mode among {', '.join(MODES)}.")
    if not 0.0 <= params.min_score <= 1.0:
        raise ValidationError("The minimum score must lie between 0 and 1.")


def has_shortlists(session: Session) -> bool:
    """Tell whether any member gave a shortlist (stable mode needs them)."""
    stmt = select(MemberPreference.preference_id).where(
        MemberPreference.kind == PreferenceKind.SHORTLIST
    )
    return session.scalars(stmt.limit(1)).first() is not None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold Python's cyclic garbage collector while a run computes.

    A run allocates millions of small objects (encodings, tuples) next to a
    worker's few hundred thousand long-lived ones (the index, the session), so
    the collector's full passes, each scanning all of them, cost about 1 s of
    a 10k-mentee run (four passes of 0.22 s, measured with ``gc.callbacks``).
    The run makes little cyclic garbage; what it makes is collected once the
    collector runs again. Left as it was if the caller had disabled it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_cohort(
    session: Session,
    index: MentorIndex,
    *,
    admin: User,
    params: CohortParams,
    rules: Rules,
    on_progress: Progress | None = None,
) -> CohortRun:
    """Match a cohort at once and store the proposals for an admin to review.

    Parameters
    ----------
    index : MentorIndex
        The fitted engine (hard rules and scores come from it).
    on_progress : callable, optional
        Called with 1 after each mentee is scored.

    Returns
    -------
    CohortRun
        With its proposals; nothing is sent to members yet.

    Raises
    ------
    NotAllowedError
        `admin` does not run the program (platform admins run every one).
    ValidationError
        Bad settings, or stable mode while no member of the cohort gave a shortlist.
    WorkflowError
        No mentee is waiting for a mentor (in that chapter).
    """
    if not runs_program(session, admin, params.program_id):
        raise NotAllowedError("Only program admins can run a cohort.")
    check_params(params)
    with paused_gc():
        return _match(session, index, admin, params, rules, on_progress)


def _match(
    session: Session,
    index: MentorIndex,
    admin: User,
    params: CohortParams,
    rules: Rules,
    on_progress: Progress | None,
) -> CohortRun:
    """``run_cohort`` once allowed: load, score, solve, prove, store."""
    cohort = load_cohort(
        session, chapter=params.chapter, rules=rules, program_id=params.program_id
    )
    if not cohort.mentees:
        where = f" in chapter {params.chapter.strip()}" if params.chapter else ""
        raise WorkflowError(f"No mentee is waiting for a mentor{where}.")
    prepared = build_problem(
        session, index, cohort, on_progress, min_score=params.min_score
    )
    problem = prepared.problem
    if params.mode == "stable" and not (
        problem.mentee_shortlists or problem.mentor_shortlists
    ):
        raise ValidationError(
            "Stable mode follows members' shortlists; nobody in this cohort gave one."
        )
    result, proof = solve_proven(
        problem,
        prepared.source,
        prepared.candidates,
        objective=params.objective,
        mode=params.mode,
        min_score=params.min_score,
    )
    run = _store(session, admin, params, cohort, result, proof)
    _add_proposals(session, run, result)
    audit.record(
        session,
        actor=admin,
        action="cohort_run",
        target_type="cohort_run",
        target_id=run.run_id,
        proposals=result.matched_count,
    )
    session.commit()
    return run


def _store(
    session: Session,
    admin: User,
    params: CohortParams,
    cohort: Cohort,
    result: CohortResult,
    proof: Proof,
) -> CohortRun:
    run = CohortRun(
        created_by_id=admin.user_id,
        program_id=params.program_id,
        chapter=params.chapter.strip(),
        objective=params.objective,
        mode=params.mode,
        min_score=params.min_score,
        mentee_count=len(cohort.mentees),
        mentor_count=len(cohort.mentor_ids),
        matched_count=result.matched_count,
        total_score=result.total_score,
        greedy_total=result.greedy_total,
        optimal_total=result.optimal_total,
        solve_seconds=result.solve_seconds,
        rank_stats=asdict(result.rank_stats) if result.rank_stats else None,
        waiting=[asdict(w) for w in result.unmatched.values()],
        proof=proof.status,
        optimality_gap=proof.gap,
        candidates_k=proof.k,
        candidate_pairs=proof.pairs,
    )
    session.add(run)
    session.flush()
    return run


def _add_proposals(session: Session, run: CohortRun, result: CohortResult) -> None:
    """Store the run's proposals: one bulk insert of plain rows (thousands of
    ORM objects cost a second and a half at 10k mentees), without reasons:
    ``explain_proposals`` works them out for the proposals someone reads or
    sends on (at 10k mentees that was 1.5 s of the run for pages nobody
    opens); ``run.proposals`` loads them when read."""
    rows = [
        {
            "run_id": run.run_id,
            "mentee_id": pair.mentee_id,
            "mentor_id": pair.mentor_id,
            "score": float(pair.score),
            "reasons": [],
            "reader_reasons": {},
            "score_parts": {},
            "status": ProposalStatus.PROPOSED,
            "note": "",
        }
        for pair in result.assignments
    ]
    insert_rows(session, CohortProposal, rows)
    session.expire(run, ["proposals"])


READERS = ("admin", "mentee", "mentor")


def explain_proposals(
    session: Session, index: MentorIndex, chosen: Sequence[CohortProposal]
) -> int:
    """Give the proposals stored without reasons theirs, for the three readers
    (admins review proposals; the mentee's and mentor's wording goes with the
    request), from today's profiles and the score the run gave; return how
    many were explained. Nothing is committed. A proposal whose mentee left or
    whose mentor the engine no longer knows keeps no reasons."""
    todo = [p for p in chosen if not p.score_parts]
    if not todo:
        return 0
    ids = sorted({p.mentee_id for p in todo})
    mentees = load_mentees(session, ids, {})
    encoded = dict(
        zip((int(q.id) for q in mentees), index.encode_many(mentees), strict=True)
    )
    known = [p for p in todo if p.mentee_id in encoded]
    said = index.explain_scored_many(
        [(encoded[p.mentee_id], p.mentor_id, p.score) for p in known], READERS
    )
    done = 0
    for proposal, found in zip(known, said, strict=True):
        admin = found.get("admin") if found else None
        if found is None or admin is None:
            continue
        proposal.reasons = list(admin.reasons)
        proposal.reader_reasons = {
            a: list(found[a].reasons) for a in ("mentee", "mentor") if a in found
        }
        proposal.score_parts = dict(admin.parts)
        done += 1
    return done


def waiting_people(
    session: Session, run: CohortRun, *, limit: int | None = None
) -> list[tuple[User, str]]:
    """The run's unmatched mentees (still members) with the reason they wait,
    the first `limit` of them when given."""
    waiting = run.waiting if limit is None else run.waiting[:limit]
    ids = [int(w["mentee_id"]) for w in waiting]
    users: dict[int, User] = {}
    for start in range(0, len(ids), CHUNK):
        stmt = select(User).where(User.user_id.in_(ids[start : start + CHUNK]))
        users.update((u.user_id, u) for u in session.scalars(stmt))
    return [
        (users[int(w["mentee_id"])], str(w["message"]))
        for w in waiting
        if int(w["mentee_id"]) in users
    ]


def load_run(session: Session, run_id: int) -> CohortRun | None:
    """A run; its proposals load when read (the page shows them a page at a
    time through ``proposals_of``)."""
    if not 0 < run_id <= MAX_ID:  # beyond the column type: no such row
        return None
    return session.get(CohortRun, run_id)


# Both people of a proposal with their profiles, loaded by id after the page is cut.
PROPOSAL_PEOPLE = tuple(
    selectinload(attr).selectinload(User.profile)
    for attr in (CohortProposal.mentee, CohortProposal.mentor)
)


def proposals_of(run_id: int, status: ProposalStatus | None = None) -> Select:
    """A run's proposals in the order the run made them (of one status if given)."""
    stmt = select(CohortProposal).where(CohortProposal.run_id == run_id)
    if status is not None:
        stmt = stmt.where(CohortProposal.status == status)
    return stmt.order_by(CohortProposal.proposal_id)


def proposal_counts(session: Session, run_id: int) -> dict[ProposalStatus, int]:
    """How many of the run's proposals are in each status (every status listed)."""
    found = dict(
        session.execute(
            select(CohortProposal.status, func.count())
            .where(CohortProposal.run_id == run_id)
            .group_by(CohortProposal.status)
        ).all()
    )
    return {status: int(found.get(status, 0)) for status in ProposalStatus}
