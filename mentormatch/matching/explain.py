"""Parts and plain-sentence reasons for the final top-k rows only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from mentormatch.matching import reasons as say
from mentormatch.matching.catalog import (
    CERTIFICATION_CODES,
    MEETING_FORMAT_LABELS,
    MEETING_FORMATS,
    SKILL_NAMES,
)
from mentormatch.matching.needs import topic_label
from mentormatch.matching.preferences import AVAILABILITY_COL, NEUTRAL, matched_wishes
from mentormatch.matching.query import MenteeQuery
from mentormatch.matching.scoring import seniority_score
from mentormatch.matching.store import TEXT_START
from mentormatch.matching.synonyms import CONCEPT_LABELS
from mentormatch.matching.topics import N_TOPICS
from mentormatch.matching.types import Suggestion

if TYPE_CHECKING:
    from mentormatch.matching.index import MentorIndex

MAX_REASONS = 5
MAX_NEED_REASONS = 3
"""Need reasons shown before the practical ones get their places."""
MAX_TERMS = 3
COVERS = 0.5
"""Offer of a topic from which a reason says the mentor covers it."""
MIN_TERM_EVIDENCE = 0.3
"""Topic evidence a shared word needs to be named as a shared goal (so "hours"
or a city name never is)."""
_MIN_PART = 1e-4
_NEED_ORDER = ("certification", "topics", "skills", "goals", "reciprocity", "seniority")
"""Need reasons from the one a person checks fastest (a credential) to the vaguest."""
_RESERVED = ("chapter", "timezone")
"""Practical reasons that claim a place after the first need reasons."""


def cert_reason(held: list[str], query: MenteeQuery, audience: str = "mentee") -> str:
    """Sentence for the certification part (``held`` are codes in the query)."""
    targets, mine = sorted(query.targets), sorted(query.held)
    return say.cert_sentence(held, targets, mine, say.check_audience(audience))


def skills_reason(offered: list[str], audience: str = "mentee") -> str:
    """Sentence for the skills part."""
    return say.skills_sentence(offered, say.check_audience(audience))


def term_label(term: str) -> str:
    """Readable label of a text term (concept tokens get a phrase)."""
    return CONCEPT_LABELS.get(term, term)


def _meaningful(index: MentorIndex, term: str) -> bool:
    if term in CONCEPT_LABELS:
        return True
    model = index.topic_model_
    if model is None:
        return True
    evidence = model.word_evidence(term)[:N_TOPICS]
    return float(evidence.max(initial=0.0)) >= MIN_TERM_EVIDENCE


def text_terms(
    index: MentorIndex, query: MenteeQuery, entries: dict[int, float]
) -> list[str]:
    """Labels of the (at most MAX_TERMS) domain terms adding most to the goals part.

    Labels equal up to case or a plural "s" count once, in their readable form
    ("PgMP" for the certification token rather than the raw word "pgmp"); words
    with no domain meaning (time words, place names) are never named.
    """
    contrib = [(-w * entries[c], c) for c, w in query.text_cols if c in entries]
    labels: dict[str, str] = {}
    for _, col in sorted(contrib):
        term = str(index.terms_[col - TEXT_START])
        if not _meaningful(index, term):
            continue
        label = term_label(term)
        key = label.lower().removesuffix("s")  # "program" and "programs" once
        if key in labels:
            if term in CONCEPT_LABELS:
                labels[key] = label
            continue
        if not any(key in have.split() or have in key.split() for have in labels):
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
    audience: str = "mentee",
) -> list[Suggestion]:
    """Build Suggestions (score, parts, reasons) for the given rows, in order.

    Parameters
    ----------
    score : ndarray of shape (n_rows,)
        The ranking scores.
    tables : dict of ndarray
        Output of ``engine.practical_tables`` for the query.
    rows : ndarray of shape (k,)
    audience : {"mentee", "mentor", "admin"}
        Who reads the reasons; admins also see availability notes.

    Returns
    -------
    list of Suggestion, length k
    """
    reader = say.check_audience(audience)
    rows = np.asarray(rows, dtype=np.intp)
    facts = _row_facts(index, query, tables, rows)
    out = []
    for i, row in enumerate(rows.tolist()):
        entries = index.row_entries(row)
        fact = {name: values[i] for name, values in facts.items()}
        parts = _parts(index, query, fact, entries)
        reasons = _reasons(index, query, fact, parts, entries, reader)
        value = round(float(score[row]), 6)
        out.append(Suggestion(int(fact["id"]), value, reasons, parts))
    return out


def explain_pairs(
    index: MentorIndex,
    pairs: Sequence[tuple[MenteeQuery, dict[str, NDArray], int, float]],
    audiences: Sequence[str],
) -> list[dict[str, Suggestion]]:
    """``explain_rows`` for many (query, tables, row, score) pairs and several
    readers at once: the rows' practical fields gathered in one pass, each
    pair's parts and audience-free facts (goal terms) computed once, only the
    sentences per reader. Same Suggestions as ``explain_rows`` per pair.
    """
    readers = [say.check_audience(a) for a in audiences]
    if not pairs:
        return []
    rows = np.fromiter((p[2] for p in pairs), dtype=np.intp, count=len(pairs))
    ids = index.mentor_ids_[rows].tolist()
    tz = index.tz_code_[rows].tolist()
    fmts = index.formats_[rows].astype(np.intp).tolist()
    chapters = index.chapter_[rows].tolist()
    years = index.years_[rows]
    mentee_years = np.array([p[0].years for p in pairs], dtype=np.float64)
    gaps = (years.astype(np.float64) - mentee_years).tolist()
    seniority = seniority_score(years - mentee_years.astype(np.float32)).tolist()
    out = []
    for i, (query, tables, row, score) in enumerate(pairs):
        same = bool(chapters[i] == query.chapter and query.chapter >= 0)
        fmt, code = fmts[i], tz[i]
        fact = {
            "id": ids[i],
            "fmt": fmt,
            "same": same,
            "gap": gaps[i],
            "seniority": seniority[i],
            "timezone": tables["timezone"][code, fmt].item(),
            "format": tables["format"][fmt, int(same)].item(),
            "hours": tables["hours"][code].item(),
        }
        entries = index.row_entries(int(row))
        parts = _parts(index, query, fact, entries)
        value = round(float(np.float32(score)), 6)
        memo: dict[str, list[str]] = {}
        out.append(
            {
                a: Suggestion(
                    int(ids[i]),
                    value,
                    _reasons(index, query, fact, parts, entries, r, memo),
                    dict(parts),
                )
                for a, r in zip(audiences, readers, strict=True)
            }
        )
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


def _weighted(cols, entries: dict[int, float]) -> float:  # noqa: ANN001
    return sum(v * entries[c] for c, v in cols if c in entries)


def _parts(
    index: MentorIndex, query: MenteeQuery, fact: dict, entries: dict[int, float]
) -> dict[str, float]:
    topics = query.topics.columns(index.topic_start_) if query.topics else ()
    raw = {
        "topics": min(1.0, _weighted(topics, entries)),
        "certification": min(1.0, sum(v for c, v in query.cert_cols if c in entries)),
        "skills": sum(c in entries for c in query.skill_cols)
        / max(1, len(query.skill_cols)),
        "goals": min(1.0, max(0.0, _weighted(query.text_cols, entries))),
        "seniority": fact["seniority"],
        "timezone": fact["timezone"],
        "format": fact["format"],
        "chapter": float(fact["same"]),
        "reciprocity": NEUTRAL + _weighted(query.wish_cols, entries),
        "availability": 1.0 + entries.get(index.pref_start_ + AVAILABILITY_COL, 0.0),
    }
    w = index.weights_
    return {name: round(w[name] * value, 6) for name, value in raw.items()}


def _topic_reason(
    index: MentorIndex, query: MenteeQuery, entries: dict[int, float], reader: str
) -> str | None:
    """The main goal when the mentor covers it, else the best covered goal."""
    needs = query.topics
    if needs is None or needs.main is None:
        return None
    start = index.topic_start_
    covered = [
        (t != needs.main, -share, t)
        for t, share in needs.shares
        if entries.get(start + t, 0.0) >= COVERS
    ]
    if not covered:
        return None
    side, _, topic = min(covered)
    return say.topic_sentence(topic_label(topic), not side, reader)  # type: ignore[arg-type]


def _need_reasons(
    index: MentorIndex,
    query: MenteeQuery,
    fact: dict,
    parts: dict[str, float],
    entries: dict[int, float],
    reader: say.Audience,
    memo: dict[str, list[str]] | None = None,
) -> dict[str, str]:
    said: dict[str, str] = {}
    n_certs = len(CERTIFICATION_CODES)
    held = [CERTIFICATION_CODES[c] for c, _ in query.cert_cols if c in entries]
    offered = [SKILL_NAMES[c - n_certs] for c in query.skill_cols if c in entries]
    if parts["topics"] > _MIN_PART:
        topic = _topic_reason(index, query, entries, reader)
        if topic:
            said["topics"] = topic
    if held and parts["certification"] > _MIN_PART:
        said["certification"] = cert_reason(held, query, reader)
    if offered and parts["skills"] > _MIN_PART:
        said["skills"] = skills_reason(offered, reader)
    if memo is not None and "terms" in memo:
        terms = memo["terms"]
    else:
        terms = text_terms(index, query, entries) if parts["goals"] > _MIN_PART else []
        if memo is not None:
            memo["terms"] = terms
    if terms:
        said["goals"] = say.goals_sentence(terms, reader)
    if parts["seniority"] > _MIN_PART and fact["gap"] >= 1:
        said["seniority"] = say.seniority_sentence(round(fact["gap"]), reader)
    wishes = matched_wishes(entries, dict(query.wish_cols), index.pref_start_)
    if wishes:
        said["reciprocity"] = say.wants_sentence(wishes, reader)
    return said


def _reasons(
    index: MentorIndex,
    query: MenteeQuery,
    fact: dict,
    parts: dict[str, float],
    entries: dict[int, float],
    reader: say.Audience,
    memo: dict[str, list[str]] | None = None,
) -> tuple[str, ...]:
    """Need reasons, the most checkable first (at most MAX_NEED_REASONS), then same
    chapter and time zone so they are not crowded out, then the rest. A mentor's
    wishes met always keep a need place: the mentor asked for people like this.
    ``memo`` keeps what does not depend on the reader between calls for one pair."""
    need = _need_reasons(index, query, fact, parts, entries, reader, memo)
    practical = _practical_reasons(query, fact, parts, reader)
    said = {**need, **practical}
    ranked = [n for n in _NEED_ORDER if n in need]
    if "reciprocity" in ranked[MAX_NEED_REASONS:]:
        ranked.remove("reciprocity")
        ranked.insert(MAX_NEED_REASONS - 1, "reciprocity")
    ranked += sorted(set(practical) - set(_RESERVED), key=lambda n: (-parts[n], n))
    order = ranked[:MAX_NEED_REASONS] + [p for p in _RESERVED if p in practical]
    order += ranked[MAX_NEED_REASONS:]
    out = [said[name] for name in order[:MAX_REASONS]]
    if reader == "admin":
        out += _admin_notes(index, entries)
    return tuple(out) or (say.language_sentence(reader),)


def _admin_notes(index: MentorIndex, entries: dict[int, float]) -> list[str]:
    value = 1.0 + entries.get(index.pref_start_ + AVAILABILITY_COL, 0.0)
    if value <= 0.0:
        return ["Has never logged in (imported profile), so ranked a little lower"]
    if value < 1.0:
        return ["Near capacity, so shown a little less often"]
    return []


def _practical_reasons(
    query: MenteeQuery, fact: dict, parts: dict[str, float], reader: say.Audience
) -> dict[str, str]:
    said: dict[str, str] = {}
    fmt, hours = fact["fmt"], fact["hours"]
    if fmt & query.formats & 2 and parts["timezone"] > _MIN_PART:
        said["timezone"] = say.both(
            "accept async messages, so time zones matter less", reader
        )
    elif hours == hours and parts["timezone"] > _MIN_PART:  # not NaN: both known
        said["timezone"] = (
            "Same time zone"
            if hours == 0
            else f"{hours:g} hour{'s' if hours != 1 else ''} apart"
        )
    same = parts["chapter"] > 0
    if parts["format"] > _MIN_PART:
        shared = fmt & query.formats & (7 if same else 3)
        labels = say.join(_fmt_labels(shared)).lower()
        said["format"] = say.both(f"accept {labels}", reader)
    if same:
        said["chapter"] = "Same chapter"
    return said
