"""Suggestions at /matches: the adapter to the matching engine, filters, preferences."""

from mentormatch.suggestions.engine import index_cache, suggestion_for
from mentormatch.suggestions.services import learning, recommendations
from mentormatch.suggestions.services.recommendations import (
    excluded_pairs,
    load_mentees,
    load_profiles,
    mentee_from_profile,
)

__all__ = [
    "excluded_pairs",
    "index_cache",
    "learning",
    "load_mentees",
    "load_profiles",
    "mentee_from_profile",
    "recommendations",
    "suggestion_for",
]
