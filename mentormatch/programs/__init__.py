"""Programs and chapters: programs, applications and screening, PDU records."""

from mentormatch.programs.routes import bp

__all__ = ["bp"]
