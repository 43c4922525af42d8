"""Cohort runs and their proposals, members' shortlists and blocks, learned weights."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentormatch.core.models.types import UTCDateTime, str_enum, utcnow
from mentormatch.core.models.users import User
from mentormatch.extensions import db

if TYPE_CHECKING:
    from mentormatch.core.models.programs import Program


class ProposalStatus(enum.StrEnum):
    """Where a cohort proposal stands: waiting for the admin, sent on, or dropped."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DISCARDED = "discarded"


class PreferenceKind(enum.StrEnum):
    """A member would like to be matched with someone, or must never be."""

    SHORTLIST = "shortlist"
    BLOCK = "block"


class CohortRun(db.Model):  # type: ignore[name-defined,misc]
    """One matching of a whole cohort: who ran it, the settings and the figures."""

    __tablename__ = "cohort_run"

    run_id: Mapped[int] = mapped_column("id", primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    chapter: Mapped[str] = mapped_column(String(80), default="")
    # The program whose accepted members the run matched; NULL: outside programs.
    program_id: Mapped[int | None] = mapped_column(ForeignKey("program.id"), index=True)
    objective: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20))
    min_score: Mapped[float] = mapped_column(default=0.0)
    mentee_count: Mapped[int] = mapped_column(default=0)
    mentor_count: Mapped[int] = mapped_column(default=0)
    matched_count: Mapped[int] = mapped_column(default=0)
    total_score: Mapped[float] = mapped_column(default=0.0)
    greedy_total: Mapped[float] = mapped_column(default=0.0)
    optimal_total: Mapped[float] = mapped_column(default=0.0)
    solve_seconds: Mapped[float] = mapped_column(default=0.0)
    # Stable mode: mean/median position of partners in each side's own list.
    rank_stats: Mapped[dict[str, float] | None] = mapped_column(JSON)
    # Unmatched mentees: [{"mentee_id", "reason", "message"}].
    waiting: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # What the run proved over every feasible pair: "optimal", "bounded" (the
    # pairs left out could add at most optimality_gap), "unproven" or "stable".
    proof: Mapped[str | None] = mapped_column(String(20))
    optimality_gap: Mapped[float | None]
    candidates_k: Mapped[int | None]  # largest candidates per mentee searched
    candidate_pairs: Mapped[int | None]

    created_by: Mapped[User | None] = relationship()
    program: Mapped[Program | None] = relationship()
    proposals: Mapped[list[CohortProposal]] = relationship(
        back_populates="run",
        cascade="all, delete-orphan",
        order_by="CohortProposal.proposal_id",
    )

    @property
    def proof_text(self) -> str:
        """What the run proved about its optimum, in a sentence for admins."""
        k, gap = self.candidates_k, self.optimality_gap
        searched = f"each mentee's best {k} mentors" if k else "the candidates"
        if self.proof == "optimal":
            return f"Proven optimal over every feasible pair (searched {searched})."
        if self.proof == "bounded":
            return (
                f"Within {gap or 0.0:.3f} of the optimum over every feasible pair "
                f"(searched {searched})."
            )
        if self.proof == "unproven":
            return f"Optimal over {searched}; not proven over every feasible pair."
        if self.proof == "stable":
            return f"Stable over {searched} and the shortlists (not an optimum)."
        return "Not recorded for this run."

    @property
    def gain_over_greedy(self) -> float:
        """Relative gain of the total score over greedy picking (0.05 = +5 %)."""
        return self.total_score / self.greedy_total - 1.0 if self.greedy_total else 0.0


class CohortProposal(db.Model):  # type: ignore[name-defined,misc]
    """A pair a cohort run proposes; accepting it creates a request in the workflow."""

    __tablename__ = "cohort_proposal"
    __table_args__ = (UniqueConstraint("run_id", "mentee_id"),)

    proposal_id: Mapped[int] = mapped_column("id", primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("cohort_run.id", ondelete="CASCADE"), index=True
    )
    mentee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    score: Mapped[float] = mapped_column(default=0.0)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)  # for admins
    # The mentee's and the mentor's wording, stored with the request on accept.
    reader_reasons: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    score_parts: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    status: Mapped[ProposalStatus] = mapped_column(
        str_enum(ProposalStatus), default=ProposalStatus.PROPOSED
    )
    request_id: Mapped[int | None] = mapped_column(ForeignKey("match_request.id"))
    note: Mapped[str] = mapped_column(String(300), default="")

    run: Mapped[CohortRun] = relationship(back_populates="proposals")
    mentee: Mapped[User] = relationship(foreign_keys=[mentee_id])
    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])


class MemberPreference(db.Model):  # type: ignore[name-defined,misc]
    """A member's wish about another member: shortlist (ranked) or block (hard rule)."""

    __tablename__ = "member_preference"
    __table_args__ = (
        UniqueConstraint("member_id", "other_id"),
        CheckConstraint("member_id <> other_id", name="not_self"),
    )

    preference_id: Mapped[int] = mapped_column("id", primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    other_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PreferenceKind] = mapped_column(str_enum(PreferenceKind))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    other: Mapped[User] = relationship(foreign_keys=[other_id])


class LearnedWeights(db.Model):  # type: ignore[name-defined,misc]
    """One retraining: the learned weights, both NDCG figures and the decision."""

    __tablename__ = "learned_weights"

    weights_id: Mapped[int] = mapped_column("id", primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    weights: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    label_count: Mapped[int] = mapped_column(default=0)
    ndcg_default: Mapped[float] = mapped_column(default=0.0)
    ndcg_learned: Mapped[float] = mapped_column(default=0.0)
    is_adopted: Mapped[bool] = mapped_column(default=False)
