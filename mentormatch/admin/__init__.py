"""The admin blueprint."""

from .routes import bp

# Views registered on the same blueprint from their own module.
from . import cohort  # noqa: E402, F401  isort: skip

__all__ = ["bp"]
