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
    rows = np.asarray(rows, dtype=np.intp)
    facts = _row_facts(index, query, tables, rows)
    out = []
    n_certs = len(CERTIFICATION_CODES)
    for i, row in enumerate(rows.tolist()):
        entries = index.row_entries(row)
        fact = {name: values[i] for name, values in facts.items()}
        held = [CERTIFICATION_CODES[c] for c, _ in query.cert_cols if c in entries]
        offered = [SKILL_NAMES[c - n_certs] for c in query.skill_cols if c in entries]
        parts = _parts(index.weights_, query, fact, entries)
        terms = text_terms(index, query, entries) if parts["goals"] > _MIN_PART else []
        reasons = _reasons(query, fact, parts, held, offered, terms)
        value = round(float(score[row]), 6)
        out.append(Suggestion(int(fact["id"]), value, reasons, parts))
    return out


def _row_facts(
    index: MentorIndex, query: MenteeQuery, tables: dict[str, NDArray], rows: NDArray
) -> dict[str, list]:
    """Practical fields and parts of the rows, gathered once for all of them."""
    tz, fmt = index.tz_code_[rows], index.formats_[rows].astype(np.intp)
    same = (index.chapter_[rows] == query.chapter) & (query.chapter >= 0)
    years = index.years_[rows]
    return {
        "id": index.mentor_ids_[rows].tolist(),
        "fmt": fmt.tolist(),
        "same": same.tolist(),
        "gap": (years.astype(np.float64) - query.years).tolist(),
        "seniority": seniority_score(years - np.float32(query.years)).tolist(),
        "timezone": tables["timezone"][tz, fmt].tolist(),
        "format": tables["format"][fmt, same.astype(np.intp)].tolist(),
        "hours": tables["hours"][tz].tolist(),
    }


def _parts(
    w: dict[str, float],
    query: MenteeQuery,
    fact: dict,
    entries: dict[int, float],
) -> dict[str, float]:
    goals = sum(v * entries[c] for c, v in query.text_cols if c in entries)
    held = sum(v for c, v in query.cert_cols if c in entries)
    raw = {
        "certification": min(1.0, held),
        "skills": sum(c in entries for c in query.skill_cols)
        / max(1, len(query.skill_cols)),
        "goals": min(1.0, max(0.0, goals)),
        "seniority": fact["seniority"],
        "timezone": fact["timezone"],
        "format": fact["format"],
        "chapter": float(fact["same"]),
    }
    return {name: round(w[name] * value, 6) for name, value in raw.items()}


def _reasons(
    query: MenteeQuery,
    fact: dict,
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
    if parts["seniority"] > _MIN_PART and fact["gap"] >= 1:
        n = round(fact["gap"])
        said["seniority"] = (
            f"{n} more year{'s' if n != 1 else ''} of experience than you"
        )
    said.update(_practical_reasons(query, fact, parts))
    order = sorted(said, key=lambda name: (-parts[name], name))
    return tuple(said[name] for name in order[:MAX_REASONS])


def _practical_reasons(
    query: MenteeQuery, fact: dict, parts: dict[str, float]
) -> dict[str, str]:
    said: dict[str, str] = {}
    fmt, hours = fact["fmt"], fact["hours"]
    if fmt & query.formats & 2 and parts["timezone"] > _MIN_PART:
        said["timezone"] = "You both accept async messages, so time zones matter less"
    elif hours == hours and parts["timezone"] > _MIN_PART:  # not NaN: both known
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
