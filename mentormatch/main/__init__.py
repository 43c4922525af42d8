"""Pages that belong to no area: home, health check, privacy."""

from .routes import bp

__all__ = ["bp"]
