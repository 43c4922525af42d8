"""Programs and chapters: programs, applications and screening, PDU records."""

from mentormatch.programs.routes import bp
from mentormatch.programs.services.programs import (
    ProgramData,
    add_admin,
    apply,
    create_program,
    screen,
)

__all__ = ["ProgramData", "add_admin", "apply", "bp", "create_program", "screen"]
