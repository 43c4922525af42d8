"""Sign-up, log-in, log-out and password changes."""

from .routes import bp

__all__ = ["bp"]
