"""Member profiles: edit your own, view others."""

from .routes import bp

__all__ = ["bp"]
