"""The matches blueprint: suggestions, requests and pairings for mentees."""

from . import suggestions  # noqa: F401  (registers the suggestions view on bp)
from .routes import bp

__all__ = ["bp"]
