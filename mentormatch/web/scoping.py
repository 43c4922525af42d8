"""Program scoping for admin routes: one decorator any feature's admin pages can use.

Use ``@program_admin_required`` on a view whose URL has ``<int:program_id>``: the
view receives the loaded ``program`` instead. Platform admins pass for every
program; a program admin only for the programs they run (403 elsewhere); an
unknown program is 404; anonymous visitors are sent to log in.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import login_required

from mentormatch.core.models import MatchRequest, Program
from mentormatch.core.roles import runs_program
from mentormatch.extensions import db
from mentormatch.web.views import member

F = TypeVar("F", bound=Callable[..., Any])


def program_admin_required(view: F) -> F:
    """Let through only those who run the program in the URL; pass it as `program`."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, program_id: int, **kwargs: Any) -> Any:
        program = db.session.get(Program, program_id)
        if program is None:
            abort(404)
        if not runs_program(db.session(), member(), program.program_id):
            abort(403)
        return view(*args, program=program, **kwargs)

    return wrapped  # type: ignore[return-value]


def require_runs(program_id: int | None) -> None:
    """Abort with 403 unless the member runs this program (for ids read from a row)."""
    if not runs_program(db.session(), member(), program_id):
        abort(403)


def request_in(program: Program, request_id: int) -> MatchRequest:
    """A request of this program, else 404 (a request elsewhere is not shown)."""
    req = db.session.get(MatchRequest, request_id)
    if req is None or req.program_id != program.program_id:
        abort(404)
    return req
