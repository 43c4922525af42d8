"""Parts and plain-sentence reasons for the final top-k rows only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from mentormatch.matching.catalog import (
    CERTIFICATION_CODES,
    MEETING_FORMAT_LABELS,
    MEETING_FORMATS,
    SKILL_NAMES,
)
from mentormatch.matching.query import MenteeQuery
from mentormatch.matching.scoring import seniority_score
from mentormatch.matching.store import TEXT_START
from mentormatch.matching.synonyms import CONCEPT_LABELS
from mentormatch.matching.types import Suggestion

if TYPE_CHECKING:
    from mentormatch.matching.index import MentorIndex

MAX_REASONS = 5
MAX_TERMS = 3
_MIN_PART = 1e-4


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def cert_reason(held: list[str], query: MenteeQuery) -> str:
    """Sentence for the certification part (``held`` are codes in the query)."""
    aimed = [c for c in held if c in query.targets]
    if aimed:
        return f"Holds {_join(aimed)}, which you are aiming for"
    if query.targets:
        goal = _join(sorted(query.targets))
        return f"Holds {_join(held)}, a step beyond {goal} which you are aiming for"
    if query.held:
        mine = _join(sorted(query.held))
        return f"Holds {_join(held)}, a usual next step after your {mine}"
    return f"Holds {_join(held)}, where most project managers start"


def skills_reason(offered: list[str]) -> str:
    """Sentence for the skills part."""
    if len(offered) == 1:
        return f"Offers {offered[0]}, a skill you want to grow"
    return f"Offers {len(offered)} of the skills you want to grow: {', '.join(offered)}"


def term_label(term: str) -> str:
    """Readable label of a text term (concept tokens get a phrase)."""
    return CONCEPT_LABELS.get(term, term)


def text_terms(
    index: MentorIndex, query: MenteeQuery, entries: dict[int, float]
) -> list[str]:
    """Labels of the (at most MAX_TERMS) terms adding most to the goals part.

    Labels equal up to case count once, in their readable form ("PgMP" for the
    certification token rather than the raw word "pgmp").
    """
    contrib = [(-w * entries[c], c) for c, w in query.text_cols if c in entries]
    labels: dict[str, str] = {}
    for _, col in sorted(contrib):
        term = str(index.terms_[col - TEXT_START])
        label, key = term_label(term), term_label(term).lower()
        if key in labels:
            if term in CONCEPT_LABELS:
                labels[key] = label
            continue
        if not any(key in have.split() for have in labels):
            if len(labels) == MAX_TERMS:
                break
            labels[key] = label
    return list(labels.values())


def _fmt_labels(bits: int) -> list[str]:
    return [
        MEETING_FORMAT_LABELS[f]
        for i, f in enumerate(MEETING_FORMATS)
        if bits & (1 << i)
    ]


def explain_rows(
    index: MentorIndex,
    query: MenteeQuery,
    score: NDArray[np.float32],
    tables: dict[str, NDArray],
    rows: NDArray,
) -> list[Suggestion]:
    """Build Suggestions (score, parts, reasons) for the given rows, in order.

    Parameters
    ----------
    score : ndarray of shape (n_rows,)
        The ranking scores.
    tables : dict of ndarray
        Output of ``engine.practical_tables`` for the query.
    rows : ndarray of shape (k,)

    Returns
    -------
    list of Suggestion, length k
    """
    out = []
    n_certs = len(CERTIFICATION_CODES)
    for row in np.asarray(rows, dtype=np.intp).tolist():
        entries = index.row_entries(row)
        held = [CERTIFICATION_CODES[c] for c, _ in query.cert_cols if c in entries]
        offered = [SKILL_NAMES[c - n_certs] for c in query.skill_cols if c in entries]
        terms = text_terms(index, query, entries)
        parts = _parts(index, query, tables, row, entries)
        reasons = _reasons(index, query, row, parts, held, offered, terms)
        value = round(float(score[row]), 6)
        out.append(Suggestion(int(index.mentor_ids_[row]), value, reasons, parts))
    return out


def _parts(
    index: MentorIndex,
    query: MenteeQuery,
    tables: dict[str, NDArray],
    row: int,
    entries: dict[int, float],
) -> dict[str, float]:
    w = index.weights_
    tz, fmt = int(index.tz_code_[row]), int(index.formats_[row])
    same = int(query.chapter >= 0 and int(index.chapter_[row]) == query.chapter)
    gap = np.array([index.years_[row] - np.float32(query.years)], np.float32)
    n_skills = max(1, len(query.skill_cols))
    goals = sum(v * entries[c] for c, v in query.text_cols if c in entries)
    raw = {
        "certification": min(1.0, sum(v for c, v in query.cert_cols if c in entries)),
        "skills": sum(c in entries for c in query.skill_cols) / n_skills,
        "goals": min(1.0, max(0.0, goals)),
        "seniority": float(seniority_score(gap)[0]),
        "timezone": float(tables["timezone"][tz, fmt]),
        "format": float(tables["format"][fmt, same]),
        "chapter": float(same),
    }
    return {name: round(w[name] * value, 6) for name, value in raw.items()}


def _reasons(
    index: MentorIndex,
    query: MenteeQuery,
    row: int,
    parts: dict[str, float],
    held: list[str],
    offered: list[str],
    terms: list[str],
) -> tuple[str, ...]:
    said: dict[str, str] = {}
    if held and parts["certification"] > _MIN_PART:
        said["certification"] = cert_reason(held, query)
    if offered and parts["skills"] > _MIN_PART:
        said["skills"] = skills_reason(offered)
    if terms and parts["goals"] > _MIN_PART:
        said["goals"] = f"Experience matches your goals: {', '.join(terms)}"
    gap = float(index.years_[row]) - query.years
    if parts["seniority"] > _MIN_PART and gap >= 1:
        n = round(gap)
        said["seniority"] = (
            f"{n} more year{'s' if n != 1 else ''} of experience than you"
        )
    said.update(_practical_reasons(index, query, row, parts))
    order = sorted(said, key=lambda name: (-parts[name], name))
    return tuple(said[name] for name in order[:MAX_REASONS])


def _practical_reasons(
    index: MentorIndex, query: MenteeQuery, row: int, parts: dict[str, float]
) -> dict[str, str]:
    said: dict[str, str] = {}
    fmt = int(index.formats_[row])
    tz_known = not np.isnan(index.tz_table_[index.tz_code_[row]]).any()
    if fmt & query.formats & 2 and parts["timezone"] > _MIN_PART:
        said["timezone"] = "You both accept async messages, so time zones matter less"
    elif (
        tz_known and not np.isnan(query.offsets).any() and parts["timezone"] > _MIN_PART
    ):
        diff = np.abs(index.tz_table_[index.tz_code_[row]] - query.offsets) % 24
        hours = float(np.minimum(diff, 24 - diff).max())
        said["timezone"] = (
            "Same time zone"
            if hours == 0
            else f"{hours:g} hour{'s' if hours != 1 else ''} apart"
        )
    same = parts["chapter"] > 0
    if parts["format"] > _MIN_PART:
        shared = fmt & query.formats & (7 if same else 3)
        said["format"] = f"You both accept {_join(_fmt_labels(shared)).lower()}"
    if same:
        said["chapter"] = "Same chapter"
    return said
