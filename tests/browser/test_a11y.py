"""Every page as every role through axe-core and the Nu HTML Checker: 0 and 0.

axe-core is injected by the harness as an init script of the browser context
(run by the browser before the page's own scripts, outside the page's
Content-Security-Policy, which stays as it is); the browser caches it compiled,
so each page costs a fraction of evaluating the source anew. The
served HTML of every page goes through vnu.jar in one Java run. The table of
pages x (axe, checker, 320 px) is printed and written to test-results/a11y.md.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from mentormatch.cohorts.services.runs import CohortParams, run_cohort
from mentormatch.core import member_settings
from mentormatch.core.models import (
    Agreement,
    Chapter,
    CheckIn,
    JobRun,
    MatchStatus,
    Program,
    ProgramRole,
    Report,
    User,
    utcnow,
)
from mentormatch.core.workflow import Rules
from mentormatch.extensions import db
from mentormatch.messages.services import reports, threads
from mentormatch.pairings.services import feed, meetings
from mentormatch.profiles.services.wishes import WishData, save_wishes
from mentormatch.programs.services import programs
from mentormatch.suggestions.services.index_cache import IndexCache
from tests.factories import (
    TEST_PASSWORD,
    make_match_request,
    make_mentee,
    make_mentor,
    make_user,
)
from tests.programs.helpers import seat

pytestmark = pytest.mark.browser
TOOLS = Path(__file__).resolve().parent / "a11y" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
REPORT = Path(__file__).resolve().parents[2] / "test-results" / "a11y.md"
# Page width at a 320 px viewport, and the widest elements when it overflows.
WIDEST = """() => {
  const width = document.documentElement.scrollWidth;
  if (width <= 320) return [];
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > 321)
    .slice(-3).map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' +
      Math.round(e.getBoundingClientRect().right) + 'px');
}"""
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => v.id + ' (' + v.nodes.length + '): '
    + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


@pytest.fixture(scope="module")
def cast(live_app: Flask) -> dict[str, Any]:
    """Real content on every page: a mentee in an active, agreed pairing with
    messages, meetings to pick and a calendar address; a mentor with a new request;
    a program with applications and a pairing to approve; a report; job runs."""
    with live_app.app_context():
        s = db.session
        mentor = make_mentor(
            s,
            user=make_user(s, email="mentor@example.org"),
            display_name="Lotte Jansen",
        )
        mentee = make_mentee(
            s, user=make_user(s, email="mentee@example.org"), display_name="Riya Sharma"
        )
        other = make_mentor(s, display_name="Paula Okafor")
        admin = make_user(s, email="admin@example.org", is_admin=True)
        chair = make_user(s, email="chair@example.org")
        uk = s.scalar(select(Chapter).where(Chapter.name == "PMI UK"))
        program = Program(
            name="UK Spring 2027",
            chapter_id=uk.chapter_id,
            description="Six months of mentoring for members of PMI UK.",
            mentor_certs=["PMP"],
            mentor_min_years=5,
        )
        s.add(program)
        s.flush()
        seat(s, program, chair, ProgramRole.ADMIN)
        seat(s, program, mentor, ProgramRole.MENTOR)
        active = make_match_request(
            s,
            mentee=mentee,
            mentor=mentor,
            status=MatchStatus.ACTIVE,
            program_id=program.program_id,
            started_at=utcnow() - timedelta(days=20),
        )
        mentor.profile.mentor_slots_used = 1
        s.add(
            Agreement(
                request_id=active.request_id,
                goals="Pass the PgMP",
                cadence="monthly",
                starts_on=date(2026, 1, 5),
                timezone="UTC",
                confidential=True,
                mentee_accepted_at=utcnow(),
                mentor_accepted_at=utcnow(),
            )
        )
        s.add(
            CheckIn(
                request_id=active.request_id,
                held_on=date(2026, 1, 6),
                minutes=45,
                notes="Talked about stakeholders.",
                logged_by_id=mentee.user_id,
            )
        )
        make_match_request(
            s,
            mentee=mentee,
            mentor=other,
            status=MatchStatus.ENDED,
            started_at=utcnow() - timedelta(days=400),
        )
        asked = make_match_request(s, mentor=mentor)
        accepted = make_match_request(
            s, mentor=other, status=MatchStatus.ACCEPTED, program_id=program.program_id
        )
        for who in (accepted.mentee, other):
            role = ProgramRole.MENTEE if who is accepted.mentee else ProgramRole.MENTOR
            programs.apply(
                s,
                program,
                user=who,
                role=role,
                motivation="I want to take part.",
                hours_per_month=3,
                membership_confirmed=True,
            )
        threads.post_message(s, active, by=mentee, body="Shall we meet on Friday?")
        said = threads.post_message(
            s, active, by=mentor, body="Yes. Agenda: https://example.org/agenda"
        )
        threads.post_message(s, asked, by=asked.mentee, body="I look forward to it.")
        reports.report_message(s, said, active, by=mentee, reason="Off-topic link.")
        soon = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
        first = meetings.propose_meeting(
            s, active, by=mentor, starts=[soon], minutes=45, location="Café Nord"
        )
        meetings.pick_slot(s, active, first, first.slots[0], by=mentee)
        meetings.propose_meeting(
            s,
            active,
            by=mentor,
            starts=[soon + timedelta(days=7), soon + timedelta(days=8)],
            minutes=60,
            video_url="https://meet.example.org/lotte",
        )
        feed.reset_token(s, mentee)
        save_wishes(
            s,
            mentor.profile,
            WishData(wants_career_stages=("early",), wants_topics=("agile",)),
        )
        runs = [  # one that worked, one that failed: the jobs page shows both
            ("prune", "succeeded", {"summary": "Pruned 0 sent emails."}),
            ("deliver-mail", "failed", {"error": "SMTPConnectError: refused"}),
        ]
        for name, status, text in runs:
            s.add(
                JobRun(
                    name=name,
                    run_key=f"{name}@a11y",
                    status=status,
                    attempts=1,
                    finished_at=utcnow(),
                    **text,
                )
            )
        s.commit()
        make_mentee(s, display_name="Ken Watanabe")  # waiting: the cohort run's
        make_mentee(s, display_name="Aiko Sato", languages=["Japanese"])
        cohort_run = run_cohort(
            s, IndexCache().get(s), admin=admin, params=CohortParams(), rules=Rules()
        )
        token = member_settings.settings_of(s, mentee).unsubscribe_token
        s.commit()
        return {
            "mentee": mentee.email,
            "mentor": mentor.email,
            "admin": admin.email,
            "chair": chair.email,
            "active": active.request_id,
            "asked": asked.request_id,
            "accepted": accepted.request_id,
            "mentor_id": other.user_id,
            "member_id": mentee.user_id,
            "program": program.program_id,
            "report": s.scalar(select(Report.report_id)),
            "cohort_run": cohort_run.run_id,
            "unsubscribe": f"/account/unsubscribe/{token}/messages",
        }


FAILED = " (errors)"  # a path ending so: submit a form of the page, show its errors


@dataclass(frozen=True)
class Failing:
    """A failed submit of one form on the page: its fields set to `values`.

    Values are set by script, so fields inside a closed <details> are reachable."""

    form: str = "main form.stacked"
    values: dict[str, str] = field(default_factory=dict)


def pages(c: dict[str, Any]) -> dict[str, list[str]]:
    """Every page each role can reach (GET), with records of the cast."""
    program, pairing = f"/programs/{c['program']}", f"/pairings/{c['active']}"
    member = [
        "/",
        "/matches",
        "/matches/preferences",
        f"/matches/request/{c['mentor_id']}",
        "/matches/requests",
        f"/matches/requests/{c['active']}",
        "/pairings",
        pairing,
        pairing + " meeting" + FAILED,
        pairing + " message" + FAILED,
        "/messages",
        "/programs",
        program,
        program + " apply" + FAILED,
        "/programs/pdu",
        "/programs/pdu split" + FAILED,
        "/profile",
        "/profile/edit",
        "/profile/edit" + FAILED,
        "/profile/wishes",
        "/profile/wishes hours" + FAILED,
        f"/people/{c['mentor_id']}",
        "/notifications",
        "/account",
        "/account email" + FAILED,
        "/account choices" + FAILED,
        "/me/delete",
        "/privacy",
        "/accessibility",
    ]
    return {
        "visitor": [
            "/",
            "/login",
            "/signup",
            "/signup" + FAILED,
            "/signup/sent",
            "/password/forgot",
            "/privacy",
            "/accessibility",
            c["unsubscribe"],
        ],
        "mentee": member,
        "mentor": [
            "/requests",
            f"/requests/{c['asked']}",
            pairing,
            "/messages",
            "/profile/wishes",
        ],
        "chair": ["/programs", program, program + "/admin", "/programs/new"],
        "admin": [
            "/admin",
            "/admin/queue",
            f"/admin/queue/{c['accepted']}",
            "/admin/members",
            f"/admin/members/{c['member_id']}",
            "/admin/audit",
            "/admin/import",
            "/admin/unresponsive",
            "/admin/cohort",
            f"/admin/cohort/{c['cohort_run']}",
            "/admin/reports",
            f"/admin/reports/{c['report']}",
            "/admin/jobs",
            "/pairings/feedback",
            pairing,
            program + "/admin",
            program + "/admin screen" + FAILED,
            "/programs/new",
            "/programs/new" + FAILED,
            "/programs/chapters",
        ],
    }


# How each named failed state ("<path> <name> (errors)") is reached; without a
# name, the first field of the page's main form is emptied.
FAILINGS = {
    "meeting": Failing("#propose-meeting form", {"[name='meeting-slot1']": ""}),
    "message": Failing("#message-form", {"textarea": ""}),
    "apply": Failing("#apply-form", {"#role": "", "#motivation": ""}),
    "split": Failing(values={"[name='ways_of_working']": "90"}),
    "hours": Failing(values={"#max_hours_month": "99"}),
    "screen": Failing("#applications form", {"select": ""}),
    "email": Failing(
        "[aria-labelledby=email-heading] form.stacked", {"#change-email": ""}
    ),
    "choices": Failing("#emails form", {"[name=message_email]": "never"}),
}


# What shows that a page has real content, not only its empty state ("role path"
# for one role's view only).
CONTENT = {
    "mentee /pairings/{active}": (
        "form[action$='/pick'] button, #feed-url, .message-body"
    ),
    "/messages": ".conversation",
    "/requests/{asked}": ".message-body",
    "/programs": "a[href='/programs/{program}']",
    "/programs/{program}/admin": "tr[data-application] select, [data-request]",
    "/programs/pdu": "[data-pairing] form, .certificate",
    "mentor /profile/wishes": "input[name=wants_topics]:checked",
    "/admin/reports": ".reports a",
    "/admin/reports/{report}": "#reported-messages .reported",
    "/admin/jobs": "#job-prune",
    "/admin/cohort/{cohort_run}": ".proposal .reasons, #cohort-waiting li",
}


def missing_content(page: Any, role: str, path: str, c: dict[str, Any]) -> list[str]:
    """Every part of CONTENT's selector list for `path` that the page lacks."""
    for pattern, selectors in CONTENT.items():
        if pattern.format(**c) in (path, f"{role} {path}"):
            return [
                f"no {sel.strip()}"
                for sel in selectors.format(**c).split(",")
                if page.locator(sel.strip()).count() == 0
            ]
    return []


def failing(path: str) -> tuple[str, Failing]:
    """The address to open and how to fail its form, for a path ending in FAILED."""
    address, _, word = path.removesuffix(FAILED).partition(" ")
    return address, FAILINGS[word] if word else Failing()


SUBMIT = """([form, values]) => {
  const f = document.querySelector(form);
  for (const [sel, v] of Object.entries(values)) f.querySelector(sel).value = v;
  if (!Object.keys(values).length) {
    f.querySelector('input:not([type=hidden]), textarea').value = '';
  }
  f.requestSubmit(f.querySelector('button[type=submit]:last-of-type'));
}"""


def open_page(page: Any, base: str, path: str) -> tuple[Any, list[str]]:
    """Go to `path`; for a failed-submit state, submit one of its forms wrongly and
    check the error summary is focused and the title says "Error: "."""
    if not path.endswith(FAILED):
        return page.goto(base + path), []
    address, how = failing(path)
    page.goto(base + address)
    with page.expect_navigation() as nav:
        page.evaluate(SUBMIT, [how.form, how.values])
    problems = []
    try:  # autofocus is applied at the next rendering step after load, not at load
        expect(page.locator(".error-summary")).to_be_focused(timeout=3000)
    except AssertionError:
        problems.append("the error summary is not focused")
    if not page.title().startswith("Error: "):
        problems.append(f"the title does not start with 'Error: ': {page.title()}")
    return nav.value, problems


def log_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(TEST_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()


def visit_all(browser: Any, base: str, cast: dict[str, Any], out: Path) -> list[Any]:
    """Run axe on every page, measure it at 320 px and save its served HTML."""
    rows = []
    for role, paths in pages(cast).items():
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        if role != "visitor":
            log_in(page, base, cast[role])
        for path in paths:
            response, focus = open_page(page, base, path)
            assert response is not None and response.status in (200, 400), (role, path)
            name = path.replace("/", "_").replace(FAILED, "-errors").replace(" ", "-")
            html = out / f"{role}{name}.html"
            html.write_text(response.text())
            violations = page.evaluate(AXE_RUN)
            page.set_viewport_size({"width": 320, "height": 800})  # 400% zoom
            wide = page.evaluate(WIDEST)
            page.set_viewport_size({"width": 1200, "height": 900})
            checks = focus + missing_content(page, role, path, cast)
            rows.append((role, path, violations, html, wide, checks))
        context.close()
    return rows


def check_html(files: list[Path]) -> dict[str, list[str]]:
    """Errors of the Nu HTML Checker per file (one Java run for all)."""
    java = shutil.which("java")
    assert java, "Java is missing: `make a11y-tools` installs it"
    done = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    found: dict[str, list[str]] = {str(f): [] for f in files}
    for msg in json.loads(done.stderr or '{"messages": []}')["messages"]:
        name = msg.get("url", "").removeprefix("file:")
        found.setdefault(name, []).append(
            f"line {msg.get('lastLine')}: {msg.get('message')}"
        )
    return found


def test_every_page_passes_axe_and_the_html_checker(
    browser: Any, live_url: str, cast: dict[str, Any], tmp_path: Path
) -> None:
    if not (AXE.exists() and VNU.exists()):
        pytest.skip("run `make a11y-tools` first (axe-core and vnu-jar from npm)")
    rows = visit_all(browser, live_url, cast, tmp_path)
    html_errors = check_html([r[3] for r in rows])
    lines = [
        "| role | page | axe violations | checker errors | wider than 320 px |",
        "|---|---|---|---|---|",
    ]
    problems = []
    for role, path, violations, html, wide, checks in rows:
        errors = html_errors.get(str(html), [])
        lines.append(
            f"| {role} | {path} | {len(violations)} | {len(errors)} "
            f"| {'yes' if wide else 'no'} |"
        )
        problems += [f"{role} {path} at 320 px: {w}" for w in wide]
        problems += [f"{role} {path} axe: {v}" for v in violations]
        problems += [f"{role} {path}: {c}" for c in checks]
        problems += [f"{role} {path} html: {e}" for e in errors]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines + ["", *problems]) + "\n")
    print("\n".join(lines))
    assert problems == [], "\n".join(problems)


def test_a_profile_section_saves_only_itself(
    browser: Any, live_url: str, live_app: Flask, cast: dict[str, Any]
) -> None:
    """A wrong value left in another section neither blocks nor leaks into the save;
    a section's own error shows in that section, summarised and focused."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    with live_app.app_context():
        mine = select(User).where(User.email == cast["mentee"])
        hours = db.session.scalar(mine).profile.hours_per_month
    log_in(page, live_url, cast["mentee"])
    page.goto(f"{live_url}/profile/edit")
    page.locator("#hours_per_month").fill("99")  # Availability, not saved here
    page.locator("#headline").fill("Program manager, PgMP candidate")
    page.get_by_role("button", name="Save about you").click()
    expect(page.locator(".flash-success")).to_have_text("About you: saved.")
    with live_app.app_context():
        profile = db.session.scalar(mine).profile
        assert profile.headline == "Program manager, PgMP candidate"
        assert profile.hours_per_month == hours
    page.locator("#display_name").fill("")
    page.get_by_role("button", name="Save about you").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the name members see.")
    assert page.title().startswith("Error: ")
    expect(page.locator("#about .errors")).to_contain_text("Enter the name")
    assert page.locator("#availability .errors").count() == 0
    context.close()
