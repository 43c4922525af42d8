"""Mentor ranking engine: pure numpy/scipy/scikit-learn, no web or database code."""

from __future__ import annotations

from sklearn.exceptions import NotFittedError

from mentormatch.matching.index import FORMAT_VERSION, IndexVersionError, MentorIndex
from mentormatch.matching.types import Mentee, Mentor, RankFilters, Suggestion

__all__ = [
    "FORMAT_VERSION",
    "IndexVersionError",
    "Mentee",
    "Mentor",
    "MentorIndex",
    "NotFittedError",
    "RankFilters",
    "Suggestion",
]
