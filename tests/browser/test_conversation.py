"""A conversation in a real browser: messages, the unread badge, a meeting in two
zones, and one digest email through a loopback SMTP server for many messages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage as Email

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from mentormatch.core.mail import MailSettings, send_due
from mentormatch.core.models import MatchStatus, utcnow
from mentormatch.extensions import db
from mentormatch.messages.services.digest import send_digests
from tests.browser.test_journey import log_in
from tests.core.test_mail import free_port
from tests.factories import make_match_request, make_mentee, make_mentor

pytestmark = pytest.mark.browser
SMTP_PORT = free_port()  # chosen by the OS, never a fixed number


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Email] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        self.messages.append(
            message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 Message accepted"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture(scope="module")
def pairing(live_app: Flask) -> dict[str, object]:
    with live_app.app_context():
        mentee = make_mentee(
            db.session, display_name="Mia Berlin", timezone="Europe/Berlin"
        )
        mentor = make_mentor(
            db.session, display_name="Otto NewYork", timezone="America/New_York"
        )
        req = make_match_request(
            db.session,
            mentee=mentee,
            mentor=mentor,
            status=MatchStatus.ACTIVE,
            started_at=utcnow(),
        )
        return {"mentee": mentee.email, "mentor": mentor.email, "id": req.request_id}


def send_message(page, text: str) -> None:
    page.locator("#message-form textarea[name=body]").fill(text)
    page.get_by_role("button", name="Send message").click()


def run_digest_and_mail(app: Flask) -> int:
    """Drive the digest job an hour on, then the mail sender to the loopback server."""
    settings = MailSettings(host="127.0.0.1", port=SMTP_PORT, starttls=False)
    with app.app_context():
        queued = send_digests(db.session, now=utcnow() + timedelta(hours=1))
        send_due(db.session, settings, now=utcnow() + timedelta(hours=1))
        db.session.remove()
    return queued


def test_conversation_messages_meeting_and_one_digest(
    browser, live_app, live_url, pairing, inbox
):
    mentee_ctx, mentor_ctx = browser.new_context(), browser.new_context()
    mentee, mentor = mentee_ctx.new_page(), mentor_ctx.new_page()
    pid = pairing["id"]

    log_in(mentee, live_url, pairing["mentee"])
    mentee.goto(f"{live_url}/pairings")
    mentee.locator(f"a[href='/pairings/{pid}']").click()
    send_message(mentee, "Hello Otto, shall we meet next week?")
    send_message(mentee, "Here is my plan: https://example.org/plan <b>draft</b>")
    assert mentee.locator(".message-body").count() == 2

    # Two messages, one email: the digest job gathers the hour into one digest.
    assert run_digest_and_mail(live_app) == 1
    assert run_digest_and_mail(live_app) == 0
    [email] = inbox.messages
    assert email["To"] == pairing["mentor"]
    text = email.get_content()
    assert "2 new messages" in text and "Here is my plan" in text

    log_in(mentor, live_url, pairing["mentor"])
    badge = mentor.locator("#nav-messages .badge")
    # The number, then words only screen readers get: "2 unread".
    assert badge.text_content() == "2 unread"
    mentor.locator("#nav-messages").click()
    mentor.locator(".conversation a").first.click()
    body = mentor.locator(".message-body").last
    assert "<b>draft</b>" in body.inner_text()  # shown as text, not markup
    assert body.locator("a").get_attribute("rel") == "nofollow noopener"
    send_message(mentor, "Hi Mia, yes. Propose some times.")
    assert mentor.locator("#nav-messages .badge").count() == 0

    mentee.goto(f"{live_url}/pairings/{pid}")
    assert "Propose some times." in mentee.locator(".message-body").last.inner_text()

    # The mentee proposes 18:00 her time; the mentor sees it in both zones and picks.
    day = (utcnow() + timedelta(days=9)).date()
    mentee.locator("#propose-meeting summary").click()
    mentee.locator("#meeting-slot1").fill(f"{day}T18:00")
    mentee.locator("#meeting-minutes").fill("45")
    mentee.locator("#meeting-video_url").fill("https://meet.example.org/mia-otto")
    mentee.get_by_role("button", name="Propose times").click()
    mentor.goto(f"{live_url}/pairings/{pid}")
    slot = mentor.locator("#meetings .slots li").first
    assert "18:00" in slot.locator("[data-zone=mentee]").inner_text()
    assert "12:00" in slot.locator("[data-zone=mentor]").inner_text()
    mentor.get_by_role("button", name="Pick this time").click()
    confirmed = mentor.locator("#meetings .meeting-confirmed h3").inner_text()
    assert "18:00" in confirmed and "12:00" in confirmed
    mentee.goto(f"{live_url}/pairings/{pid}")
    assert "18:00" in mentee.locator("#meetings .meeting-confirmed h3").inner_text()
    mentee_ctx.close()
    mentor_ctx.close()
