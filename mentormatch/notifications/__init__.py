"""The notifications blueprint."""

from .routes import bp

__all__ = ["bp"]
