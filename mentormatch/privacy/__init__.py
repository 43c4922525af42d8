"""Privacy: the public privacy page, downloading your data, deleting your account."""

from .routes import bp

__all__ = ["bp"]
