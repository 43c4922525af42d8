"""View helpers every feature uses: the member, paging, a visible request, the rules."""

from __future__ import annotations

from flask import abort, current_app, request
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Select

from mentormatch.core import queries
from mentormatch.core.models import MatchRequest, User
from mentormatch.core.notifications import link_to
from mentormatch.core.workflow import Rules
from mentormatch.extensions import db
from mentormatch.web.forms import strict_int


def member() -> User:
    """The logged-in member as a plain User (not the proxy)."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def page_of(stmt: Select, **kwargs: object) -> queries.Page:
    """Paginate `stmt` with ?page= (bad values fall back to the first page)."""
    return queries.paginate(
        db.session(),
        stmt,
        page=request.args.get("page", 1, type=strict_int),
        per_page=int(current_app.config["PER_PAGE"]),
        **kwargs,  # type: ignore[arg-type]
    )


def load_request(request_id: int) -> MatchRequest:
    """The request if the member may see it (mentee, mentor, an admin of its
    program); else 404. What an admin may not read, such as messages and
    confidential notes, stays hidden on the pages themselves."""
    req = queries.visible_request(db.session(), request_id, member())
    if req is None:
        abort(404)
    return req


def public_url(endpoint: str, **values: object) -> str:
    """The absolute address of a page for use outside the site (a calendar app,
    an email): the configured BASE_URL, as email links use, never the Host the
    request happened to carry."""
    base = str(current_app.config["BASE_URL"]).rstrip("/")
    return base + link_to(endpoint, **values)


def rules() -> Rules:
    """Return the workflow rules from the app config."""
    return Rules.from_config(current_app.config)


def link_args(form: FlaskForm, *keep: str) -> dict[str, list[str]]:
    """The query parameters that page links keep: the filter form's fields and `keep`.

    Anything else in the query string (`endpoint`, `_method`, `page`) is dropped, so
    it can neither clash with url_for's own arguments nor travel into links. Admin
    pages keep ``program`` (the program picked in web.scoping) too.
    """
    names = {field.name for field in form} | set(keep)
    return {
        name: values
        for name in names
        if (values := [v for v in request.args.getlist(name) if v])
    }
