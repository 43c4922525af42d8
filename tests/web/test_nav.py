"""Navigation: members see their links, admins get one Admin link plus a subnav."""

from __future__ import annotations

from tests.factories import make_mentee, make_user


def test_nav_admin_pages_show_admin_subnav(client, session, login):
    make_user(session, email="boss@example.org", is_admin=True)
    login("boss@example.org")
    page = client.get("/admin/queue").data
    assert b'aria-label="Program admin"' in page
    assert b'href="/admin/members"' in page
    assert b'aria-current="page">Approval queue' in page


def test_nav_member_pages_have_no_admin_links(client, session, login):
    mentee = make_mentee(session)
    login(mentee.email)
    page = client.get("/matches").data
    assert b'aria-label="Program admin"' not in page
    assert b'href="/admin"' not in page
