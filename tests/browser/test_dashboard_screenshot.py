"""The admin dashboard in a real browser: charts render, screenshot for the docs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask

from mentormatch.core.models import MatchStatus, utcnow
from mentormatch.extensions import db
from tests.factories import (
    TEST_PASSWORD,
    make_match_request,
    make_mentee,
    make_mentor,
    make_user,
)

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ADMIN_EMAIL = "admin.dashboard@example.org"
WANTS = [
    ["program and portfolio management", "risk management"],
    ["agile/scrum", "program and portfolio management"],
    ["stakeholder engagement", "program and portfolio management", "agile/scrum"],
    ["risk management", "leadership"],
]
OFFERS = [
    ["stakeholder engagement", "governance"],
    ["risk management", "scheduling"],
    ["program and portfolio management", "leadership"],
]


@pytest.fixture(scope="module")
def program(live_app: Flask) -> None:
    """A small program: mentors, mentees, pairings over weeks, a waiting queue."""
    with live_app.app_context():
        s, now = db.session, utcnow()
        mentors = [make_mentor(s, offers=o, mentor_capacity=4) for o in OFFERS]
        joined = {"created_at": now - timedelta(days=120)}
        mentees = [
            make_mentee(s, user=make_user(s, **joined), wants=WANTS[i % 4])
            for i in range(14)
        ]
        for i, mentee in enumerate(mentees[:8]):
            start = now - timedelta(days=3 + 9 * i)
            status = MatchStatus.ACTIVE if i < 5 else MatchStatus.ENDED
            make_match_request(
                s,
                mentee=mentee,
                mentor=mentors[i % 3],
                status=status,
                responded_at=start,
                started_at=start,
            )
        for i, days in enumerate((0.3, 2, 5, 9, 20)):
            make_match_request(
                s,
                mentee=mentees[8 + i],
                mentor=mentors[i % 3],
                status=MatchStatus.ACCEPTED,
                responded_at=now - timedelta(days=days),
            )
        make_match_request(
            s,
            mentee=mentees[13],
            mentor=mentors[0],
            status=MatchStatus.DECLINED,
            responded_at=now,
        )
        make_user(s, email=ADMIN_EMAIL, is_admin=True)


def test_dashboard_screenshot(browser, live_url, program) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)  # the test machine can be busy
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_url}/login")
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    page.goto(f"{live_url}/admin")
    assert page.get_by_role("heading", name="Program dashboard").is_visible()
    for ident in ("chart-weekly", "chart-queue-age", "chart-skills-gap"):
        chart = page.locator(f"svg#{ident}")
        assert chart.is_visible() and chart.locator("rect").count() > 0
    assert page.locator("#stat-queue .stat-value").inner_text() == "5"
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()
