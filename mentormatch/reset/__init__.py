"""Password reset by an emailed link."""

from .routes import bp

__all__ = ["bp"]
