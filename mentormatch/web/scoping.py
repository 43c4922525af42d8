"""Program scoping for admin routes: one decorator any feature's admin pages can use.

Use ``@program_admin_required`` on a view whose URL has ``<int:program_id>``: the
view receives the loaded ``program`` instead. Platform admins pass for every
program; a program admin only for the programs they run (403 elsewhere); an
unknown program is 404; anonymous visitors are sent to log in.

``@admin_area_required`` guards the pages under /admin, which take an optional
``?program=<id>``: anyone who runs at least one program gets in, and
``scope()`` tells the view which programs to show (None: everything, for a
platform admin who picked none; a program admin sees only their programs).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, request
from flask_login import login_required

from mentormatch.core.models import MatchRequest, Program
from mentormatch.core.roles import Scope, programs_run_by, runs_program
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


PROGRAM_ARG = "program"  # ?program=<id>: the program an admin page is about


def _picked() -> Program | None:
    """The program of ``?program=<id>``: 400 if not a number, 404 if unknown."""
    raw = request.args.get(PROGRAM_ARG, "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        abort(400)
    program = db.session.get(Program, int(raw))
    if program is None:
        abort(404)
    return program


def admin_area_required(view: F) -> F:
    """Let through platform admins and program admins; work out the page's scope.

    A program admin who picks a program they do not run gets 403; one who picks
    none sees all of theirs (usually their only one).
    """

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        user = member()
        runs = programs_run_by(db.session(), user)
        if not (user.is_admin or runs):
            abort(403)
        picked = _picked()
        if picked is not None and not runs_program(
            db.session(), user, picked.program_id
        ):
            abort(403)
        if picked is None and len(runs) == 1 and not user.is_admin:
            picked = runs[0]
        g.admin_programs, g.admin_program = runs, picked
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def scope() -> Scope:
    """The program ids this admin page covers (None: every program and none)."""
    picked: Program | None = g.get("admin_program")
    if picked is not None:
        return frozenset({picked.program_id})
    if member().is_admin:
        return None
    return frozenset(p.program_id for p in g.get("admin_programs", ()))


def picked_program() -> Program | None:
    """The one program the page is about, when there is one."""
    return g.get("admin_program")


def require_in_scope(program_id: int | None) -> None:
    """404 unless a row's program is within the page's scope (hidden rows look
    missing, so a program admin learns nothing of another program)."""
    ids = scope()
    if ids is not None and program_id not in ids:
        abort(404)
