"""The whole journey in a real browser: sign up, the verification email through a
loopback SMTP server, profile, suggestions, request, the mentor accepts, the admin
approves, the mentee sees the pairing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from mentormatch.extensions import db
from tests.browser.conftest import deliver_outbox
from tests.factories import TEST_PASSWORD, make_mentor, make_user

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MENTEE_EMAIL = "riya.journey@example.org"


@pytest.fixture(scope="module")
def people(live_app: Flask) -> dict[str, str]:
    with live_app.app_context():
        mentor = make_mentor(
            db.session,
            user=make_user(db.session, email="paula.pgmp@example.org"),
            display_name="Paula Okafor",
            headline="Program director, PgMP since 2016",
            held={"PMP": 2009, "PgMP": 2016},
            offers=[
                "program and portfolio management",
                "stakeholder engagement",
                "governance",
            ],
            bio="I run a 40-project transformation programme and help PMPs step up "
            "to program management and the PgMP exam.",
            years_experience=18,
            chapter="PMI UK",
            timezone="Europe/London",
            languages=["English"],
            formats=["video", "async"],
            mentor_capacity=2,
        )
        make_mentor(
            db.session,
            display_name="Quentin Quality",
            held={"CAPM": 2019},
            offers=["quality"],
            years_experience=6,
            chapter="PMI France",
            timezone="Europe/Paris",
            languages=["English", "French"],
            bio="Quality audits in manufacturing.",
        )
        make_user(db.session, email="admin.journey@example.org", is_admin=True)
        return {"mentor": mentor.email, "mentor_name": "Paula Okafor"}


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").first.click()


def fill_profile(page) -> None:
    page.locator("#display_name").fill("Riya Sharma")
    page.locator("#headline").fill("PMP moving into program management")
    page.locator("#years_experience").fill("6")
    page.locator("#timezone").select_option("Europe/London")
    # The chapter is a choice from the catalogue, grouped by PMI region.
    page.locator("#chapter").select_option(label="PMI UK")
    page.locator("input[name=languages][value=English]").check()
    page.locator("input[name=formats][value=async]").check()
    page.locator("input[name=roles][value=mentee]").check()
    page.locator("input[name=certs_held][value=PMP]").check()
    page.locator("input[name=certs_targeted][value=PgMP]").check()
    page.locator(
        "input[name=skills_wanted][value='program and portfolio management']"
    ).check()
    page.locator("#goals").fill(
        "Step up to program management next year and pass the PgMP."
    )
    page.get_by_role("button", name="Save profile").last.click()


def test_journey_signup_to_active_pairing(
    browser, live_app, live_url, smtp, people
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_url}/signup")
    page.get_by_label("Email").fill(MENTEE_EMAIL)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_label("Repeat password").fill(TEST_PASSWORD)
    consent = page.locator("input[name=consent]")
    if consent.count():
        consent.check()
    page.get_by_role("button", name="Sign up").click()
    assert page.url.endswith("/signup/sent")
    assert page.get_by_role("heading", name="Check your email").is_visible()

    deliver_outbox(live_app, live_url)  # what the background worker does
    (mail,) = [m for m in smtp.messages if m["To"] == MENTEE_EMAIL]
    assert mail["Subject"] == "Confirm your email address for MentorMatch"
    link = re.search(r"http://\S+/verify/\S+", mail.get_content())[0]
    page.goto(link)
    assert page.url.endswith("/profile/edit")  # verified, logged in, no profile yet
    assert "your email address is confirmed" in page.content()
    fill_profile(page)
    assert page.url.endswith("/profile"), page.content()[:2000]
    assert page.get_by_text("Riya Sharma").first.is_visible()
    assert page.get_by_text("PMI UK").first.is_visible()

    page.goto(f"{live_url}/matches")
    first = page.locator("li.suggestion").first
    assert people["mentor_name"] in first.inner_text()
    assert "Holds PgMP, which you are aiming for" in first.inner_text()
    page.screenshot(path=str(SHOTS / "suggestions.png"), full_page=True)
    first.get_by_role("link", name="Request mentorship from Paula Okafor").click()
    page.get_by_label("Message").fill("Hello Paula, I'd love your help with the PgMP.")
    page.get_by_role("button", name="Send request").click()
    assert "/matches/requests" in page.url
    log_out(page)

    log_in(page, live_url, people["mentor"])
    page.goto(f"{live_url}/requests")
    assert "Riya Sharma" in page.content()
    page.screenshot(path=str(SHOTS / "mentor-inbox.png"), full_page=True)
    page.get_by_role("button", name="Accept").first.click()
    log_out(page)

    log_in(page, live_url, "admin.journey@example.org")
    page.goto(f"{live_url}/admin/queue")
    assert "Riya Sharma" in page.content() and people["mentor_name"] in page.content()
    page.screenshot(path=str(SHOTS / "approval-queue.png"), full_page=True)
    item = page.locator("li.queue-item").first
    item.locator("details.confirm summary", has_text="Approve").click()
    item.get_by_label("Yes, I am sure").first.check()  # the second step, no JS
    item.get_by_role("button", name="Approve Riya Sharma with Paula Okafor").click()
    assert "Approved: Riya Sharma with Paula Okafor." in page.content()
    log_out(page)

    log_in(page, live_url, MENTEE_EMAIL)
    page.goto(f"{live_url}/matches/requests")
    page.get_by_role("link", name=people["mentor_name"]).first.click()
    if "/pairings/" not in page.url:
        page.goto(page.url.replace("/requests/", "/pairings/"))
    assert people["mentor"] in page.content()  # contact email, now that they're paired
    page.screenshot(path=str(SHOTS / "active-pairing.png"), full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()
