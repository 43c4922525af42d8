"""A program's whole cycle in a real browser, down to the mentor's PDU record and
certificate: the PDF is read back with pypdf and names both people, program, hours."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from mentormatch.core.models import Chapter, MatchRequest, Program, ProgramRole
from mentormatch.extensions import db
from tests.browser.test_journey import log_in, log_out
from tests.factories import make_mentee, make_mentor, make_user
from tests.programs.helpers import seat

pytestmark = pytest.mark.browser
CHAIR, MENTEE, MENTOR = "chair@example.org", "mina@example.org", "marc@example.org"


@pytest.fixture(scope="module")
def cast(live_app: Flask) -> dict[str, int]:
    with live_app.app_context():
        uk = db.session.scalar(select(Chapter).where(Chapter.name == "PMI UK"))
        earlier = Program(name="UK 2026", chapter_id=uk.chapter_id)
        db.session.add(earlier)
        db.session.flush()
        seat(db.session, earlier, make_user(db.session, email=CHAIR), ProgramRole.ADMIN)
        make_mentee(
            db.session,
            user=make_user(db.session, email=MENTEE),
            display_name="Mina Mentee",
            chapter="PMI UK",
        )
        mentor = make_mentor(
            db.session,
            user=make_user(db.session, email=MENTOR),
            display_name="Marc Mentor",
            chapter="PMI UK",
        )
        db.session.commit()
        return {"mentor": mentor.user_id}


def request_id(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(MatchRequest.request_id))  # type: ignore[return-value]


def apply_as(page, base: str, email: str, pid: str, role: str) -> None:
    log_in(page, base, email)
    page.goto(f"{base}/programs/{pid}")
    page.locator("#role").select_option(role)
    page.locator("#motivation").fill(f"I want to take part as a {role}.")
    page.locator("#hours_per_month").fill("4")
    page.get_by_role("button", name="Apply").click()
    assert "You applied" in page.content()
    log_out(page)


def download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.locator(selector).first.click()
    return Path(info.value.path()).read_bytes()


def test_program_cycle_to_pdu_record_and_certificate(browser, live_url, live_app, cast):
    context = browser.new_context(
        viewport={"width": 1200, "height": 900}, accept_downloads=True
    )
    page, base = context.new_page(), live_url
    log_in(page, base, CHAIR)
    page.goto(f"{base}/programs/new")
    page.locator("#name").fill("UK Spring 2027")
    page.locator("#chapter").select_option(label="PMI UK")
    page.locator("#mentor_min_years").fill("10")
    page.get_by_role("button", name="Create program").click()
    assert "/admin" in page.url, page.content()[:1500]
    pid = page.url.rstrip("/").split("/")[-2]
    log_out(page)
    apply_as(page, base, MENTEE, pid, "mentee")
    apply_as(page, base, MENTOR, pid, "mentor")

    log_in(page, base, CHAIR)
    for _ in range(2):
        page.goto(f"{base}/programs/{pid}/admin")
        row = page.locator("tr[data-application]", has_text="applied").first
        row.locator("select").select_option("accept")  # no decision is preselected
        row.get_by_role("button", name="Save").click()
    assert page.locator("tr[data-application]", has_text="applied").count() == 0
    log_out(page)

    log_in(page, base, MENTEE)
    page.goto(f"{base}/matches/request/{cast['mentor']}")
    page.get_by_label("Message").fill("Hello Marc, would you mentor me this cycle?")
    page.get_by_role("button", name="Send request").click()
    log_out(page)
    log_in(page, base, MENTOR)
    page.goto(f"{base}/requests")
    page.get_by_role("button", name="Accept").first.click()
    log_out(page)
    log_in(page, base, CHAIR)
    page.goto(f"{base}/programs/{pid}/admin")
    page.get_by_role("button", name="Approve pairing").click()
    log_out(page)

    rid, today = request_id(live_app), date.today().isoformat()
    log_in(page, base, MENTEE)
    page.goto(f"{base}/pairings/{rid}")
    page.locator("textarea#goals").fill("Lead my first program")
    page.locator("#starts_on").fill(today)
    page.locator("#duration_months").fill("6")
    page.locator("#confidential").check()
    page.get_by_role("button", name="Propose agreement").click()
    log_out(page)
    log_in(page, base, MENTOR)
    page.goto(f"{base}/pairings/{rid}")
    page.get_by_role("button", name="Accept the agreement").click()
    page.locator("summary", has_text="Log a check-in").click()
    page.locator("#held_on").fill(today)
    page.locator("#minutes").fill("90")
    page.get_by_role("button", name="Log check-in").click()
    page.locator("input[name=rating][value='5']").check()
    page.locator("#close-sure").check()  # closing cannot be undone: the second step
    page.get_by_role("button", name="Close the pairing").click()

    page.goto(f"{base}/programs/pdu")
    assert "1.50" in page.locator("#pdu-total").inner_text()
    assert "25 for PMP" in page.locator("#pdu-caps").inner_text()
    lines = list(csv.DictReader(io.StringIO(download(page, "#pdu-csv").decode())))
    assert [(r["category"], r["provider"], r["hours"]) for r in lines] == [
        ("Giving Back", "UK Spring 2027 (PMI UK)", "1.50")
    ]
    text = (
        PdfReader(io.BytesIO(download(page, "a.certificate"))).pages[0].extract_text()
    )
    for needle in ("Mina Mentee", "Marc Mentor", "UK Spring 2027", "1.50"):
        assert needle in text
    context.close()
