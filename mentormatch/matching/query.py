"""What a mentee needs, encoded against the index's column layout."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from mentormatch.matching import features as ft
from mentormatch.matching.scoring import certification_weights
from mentormatch.matching.store import CERT_COL, SKILL_COL, TEXT_START, Vocabularies
from mentormatch.matching.types import Mentee

if TYPE_CHECKING:
    from mentormatch.matching.needs import TopicNeeds

_TOKEN = re.compile(ft.TOKEN_PATTERN)


@dataclass(frozen=True)
class MenteeQuery:
    """A mentee's needs as sparse column weights plus practical fields."""

    cert_cols: tuple[tuple[int, float], ...]
    skill_cols: tuple[int, ...]
    text_cols: tuple[tuple[int, float], ...]
    held: frozenset[str]
    targets: frozenset[str]
    years: float
    offsets: NDArray[np.float64]
    formats: int
    chapter: int
    languages: NDArray[np.uint64]
    exclude: frozenset[int]
    topics: TopicNeeds | None = None
    """Goal topics (set by the index, which holds the topic model)."""
    wanted: frozenset[str] = frozenset()
    wish_cols: tuple[tuple[int, float], ...] = ()
    """Reciprocity weights over the mentors' wish columns (set by the index)."""


def text_weights(
    text: str, vocabulary: Mapping[str, int], idf: NDArray[np.float64]
) -> tuple[tuple[int, float], ...]:
    """Sublinear-tf x idf, l2-normalised, as (column, weight) sorted by column.

    Same numbers as the fitted ``TfidfVectorizer.transform``, without its
    per-call overhead.
    """
    counts = Counter(t for t in _TOKEN.findall(text) if t in vocabulary)
    if not counts:
        return ()
    # plain Python floats: a goal has a dozen or two distinct words, where
    # numpy's per-call overhead doubled the time (0.8 -> 0.4 s for 10k goals)
    tf = sorted((vocabulary[t], 1.0 + math.log(n)) for t, n in counts.items())
    weighted = [(col, w * float(idf[col])) for col, w in tf]
    norm = math.sqrt(sum(w * w for _, w in weighted))
    return tuple((TEXT_START + col, w / norm) for col, w in weighted)


def build_query(
    mentee: Mentee,
    vocab: Vocabularies,
    vocabulary: Mapping[str, int],
    idf: NDArray[np.float64],
    width: int,
) -> MenteeQuery:
    """Encode a mentee; unknown codes, skills, zones and languages are tolerated.

    Parameters
    ----------
    mentee : Mentee
    vocab : Vocabularies
        The index's code tables (not grown by queries).
    vocabulary, idf : fitted text vocabulary (term -> column) and idf weights
    width : int
        Number of 64-bit words in the index's language bit arrays.

    Returns
    -------
    MenteeQuery
    """
    held = ft.certifications(mentee.certifications or ())
    goals = str(mentee.goals or "")
    base, phrases = ft.key_phrases(goals)
    named = ft.named_certifications(phrases)
    targets = (ft.certifications(mentee.target_certifications or ()) | named) - held
    wanted, unknown = ft.skills(mentee.skills_wanted or ())
    # unknown wanted skills join the goals' text (phrases may span the join)
    text = (
        ft.normalise_text(" ".join([goals, *unknown]))
        if unknown
        else ft.expanded_text(base, phrases)
    )
    cert_w = certification_weights(targets, held)
    words = vocab.language_bits(list(mentee.languages or ()), grow=False)
    langs = np.zeros(width, dtype=np.uint64)
    langs[: min(width, len(words))] = np.array(words[:width], dtype=np.uint64)
    offsets = ft.timezone_offsets(str(mentee.timezone or ""))
    chapter = vocab.chapter(str(mentee.chapter or ""), grow=False)
    try:
        years = float(mentee.years_experience or 0.0)
    except (TypeError, ValueError):
        years = 0.0
    return MenteeQuery(
        cert_cols=tuple((CERT_COL[c], w) for c, w in sorted(cert_w.items())),
        skill_cols=tuple(sorted(SKILL_COL[s] for s in wanted)),
        text_cols=text_weights(text, vocabulary, idf),
        held=held,
        targets=frozenset(targets),
        years=years if np.isfinite(years) else 0.0,
        offsets=np.array(offsets if offsets else (np.nan, np.nan)),
        formats=ft.format_bits(mentee.formats or ()),
        chapter=chapter if chapter >= 0 else -3,
        languages=langs,
        exclude=frozenset(_ids(mentee)),
        wanted=wanted,
    )


def _ids(mentee: Mentee) -> set[int]:
    out = set()
    for value in [mentee.id, *(mentee.exclude_ids or ())]:
        try:
            out.add(int(value))
        except (TypeError, ValueError):
            continue
    return out
