"""The admin blueprint."""

from .routes import bp

# Views registered on the same blueprint from their own modules.
from . import csv_io, members  # noqa: E402, F401  isort: skip
from . import cohort  # noqa: E402, F401  isort: skip

__all__ = ["bp"]
