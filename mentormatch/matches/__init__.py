"""The matches blueprint: suggestions, requests and pairings for mentees."""

from . import suggestions  # noqa: F401  (registers the suggestions view on bp)
from .routes import bp

# Shortlist and block views, registered on the same blueprint.
from . import preferences  # noqa: E402, F401  isort: skip

__all__ = ["bp"]
