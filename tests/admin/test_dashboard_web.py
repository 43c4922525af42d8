"""The admin dashboard: figures, accessible SVG charts, no inline styles."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from mentormatch.core.models import Feedback, MatchStatus, utcnow
from tests.factories import make_match_request, make_mentee, make_mentor, make_user
from tests.web.flow_helpers import client_as

S = MatchStatus


@pytest.fixture
def admin(app, session):
    return client_as(app, make_user(session, is_admin=True))


def stat(html: str, ident: str) -> str:
    found = re.search(rf'id="stat-{ident}".*?class="stat-value">([^<]*)<', html, re.S)
    assert found, ident
    return found.group(1)


def test_dashboard_shows_figures(admin, session):
    mentor = make_mentor(session)
    paired = make_mentee(session)
    make_mentee(session)
    make_match_request(
        session,
        mentee=paired,
        mentor=mentor,
        status=S.ACTIVE,
        responded_at=utcnow(),
        started_at=utcnow(),
    )
    make_match_request(
        session,
        mentor=mentor,
        status=S.ACCEPTED,
        responded_at=utcnow() - timedelta(days=2),
    )
    make_match_request(session, mentor=mentor, status=S.DECLINED, responded_at=utcnow())
    response = admin.get("/admin")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert stat(html, "mentees") == "4" and stat(html, "mentors") == "1"
    assert stat(html, "waiting") == "3"
    assert stat(html, "queue") == "1" and "oldest 2.0 d" in html
    assert stat(html, "active") == "1"
    assert stat(html, "acceptance") == "67 %"


def test_dashboard_charts_are_accessible_svg_without_inline_style(admin, session):
    make_mentee(session, wants=["risk management"])
    html = admin.get("/admin").get_data(as_text=True)
    for ident in ("chart-weekly", "chart-queue-age", "chart-skills-gap"):
        svg = re.search(rf'<svg[^>]*id="{ident}".*?</svg>', html, re.S)
        assert svg, ident
        assert 'role="img"' in svg.group(0) and "<title" in svg.group(0)
        assert "<desc" in svg.group(0)
    assert "style=" not in html and "<script" not in html
    assert "risk management: 1 wanted, 0 offered" in html


def test_dashboard_empty_program(admin):
    html = admin.get("/admin").get_data(as_text=True)
    assert "Nothing waiting for approval." in html
    assert "No mentee has named a skill they want yet." in html
    assert "no feedback yet" in html


def test_dashboard_average_feedback(admin, session):
    req = make_match_request(session, status=S.ENDED, started_at=utcnow())
    session.add(Feedback(request_id=req.request_id, author_id=req.mentee_id, rating=4))
    session.commit()
    html = admin.get("/admin").get_data(as_text=True)
    assert stat(html, "feedback") == "4.0" and "from 1 rating" in html


def test_admin_nav_links_dashboard_members_import(admin):
    html = admin.get("/admin").get_data(as_text=True)
    for href in ('href="/admin"', 'href="/admin/members"', 'href="/admin/import"'):
        assert href in html


@pytest.mark.parametrize(
    "path",
    [
        "/admin",
        "/admin/members",
        "/admin/import",
        "/admin/export/members.csv",
        "/admin/export/pairings.csv",
    ],
)
def test_admin_pages_authorization(app, session, path):
    anonymous = client_as(app, None).get(path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert client_as(app, make_mentee(session)).get(path).status_code == 403
    assert (
        client_as(app, make_user(session, is_admin=True)).get(path).status_code == 200
    )
