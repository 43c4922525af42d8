"""The pairings blueprint: follow-ups of a pairing (agreement, check-ins, closing)."""

from .routes import bp

__all__ = ["bp"]
