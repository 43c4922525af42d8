"""Every page as every role through axe-core and the Nu HTML Checker: 0 and 0.

axe-core is injected by the harness with ``page.evaluate`` of its source, which
the app's Content-Security-Policy does not govern (the CSP stays as it is). The
served HTML of every page goes through vnu.jar in one Java run. The table of
pages x (axe, checker, 320 px) is printed and written to test-results/a11y.md.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from mentormatch.core.models import Agreement, CheckIn, MatchStatus, utcnow
from mentormatch.extensions import db
from tests.factories import (
    TEST_PASSWORD,
    make_match_request,
    make_mentee,
    make_mentor,
    make_user,
)

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
    """A mentee in an active, agreed pairing, a mentor with a new request, an admin
    with a request to decide."""
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
        active = make_match_request(
            s, mentee=mentee, mentor=mentor, status=MatchStatus.ACTIVE
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
        asked = make_match_request(s, mentor=mentor)
        accepted = make_match_request(s, mentor=other, status=MatchStatus.ACCEPTED)
        s.commit()
        return {
            "mentee": mentee.email,
            "mentor": mentor.email,
            "admin": admin.email,
            "active": active.request_id,
            "asked": asked.request_id,
            "accepted": accepted.request_id,
            "mentor_id": other.user_id,
            "member_id": mentee.user_id,
        }


def pages(c: dict[str, Any]) -> dict[str, list[str]]:
    """Every page each role can reach (GET), with records of the cast."""
    member = [
        "/",
        "/matches",
        "/matches/preferences",
        f"/matches/request/{c['mentor_id']}",
        "/matches/requests",
        f"/matches/requests/{c['active']}",
        "/pairings",
        f"/pairings/{c['active']}",
        "/profile",
        "/profile/edit",
        "/profile/edit" + FAILED,
        f"/people/{c['mentor_id']}",
        "/notifications",
        "/account",
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
        ],
        "mentee": member,
        "mentor": ["/requests", f"/requests/{c['asked']}", f"/pairings/{c['active']}"],
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
            "/pairings/feedback",
            f"/pairings/{c['active']}",
        ],
    }


FAILED = " (errors)"  # a path ending so: submit its form empty, show the errors


def open_page(page: Any, base: str, path: str) -> Any:
    """Go to `path`; for a failed-submit state, submit the page's main form empty."""
    if not path.endswith(FAILED):
        return page.goto(base + path)
    page.goto(base + path.removesuffix(FAILED))
    page.locator("main form.stacked input:not([type=hidden])").first.fill("")
    with page.expect_navigation() as nav:
        page.locator("main form.stacked button[type=submit]").last.click()
    # autofocus is applied at the next rendering step after load, not at load
    page.wait_for_function(
        "document.activeElement && document.activeElement.className"
        " === 'error-summary'",
        timeout=3000,
    )
    focused = page.evaluate("document.activeElement.className")
    assert focused == "error-summary", (path, focused)  # focused on load
    assert page.title().startswith("Error: "), path
    return nav.value


def log_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(TEST_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()


def visit_all(browser: Any, base: str, cast: dict[str, Any], out: Path) -> list[Any]:
    """Run axe on every page, measure it at 320 px and save its served HTML."""
    axe_source = AXE.read_text()
    rows = []
    for role, paths in pages(cast).items():
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        if role != "visitor":
            log_in(page, base, cast[role])
        for path in paths:
            response = open_page(page, base, path)
            assert response is not None and response.status in (200, 400), (role, path)
            name = path.replace("/", "_").replace(FAILED, "-errors")
            html = out / f"{role}{name}.html"
            html.write_text(response.text())
            page.evaluate(axe_source)
            violations = page.evaluate(AXE_RUN)
            page.set_viewport_size({"width": 320, "height": 800})  # 400% zoom
            wide = page.evaluate(WIDEST)
            page.set_viewport_size({"width": 1200, "height": 900})
            rows.append((role, path, violations, html, wide))
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
    for role, path, violations, html, wide in rows:
        errors = html_errors.get(str(html), [])
        lines.append(
            f"| {role} | {path} | {len(violations)} | {len(errors)} "
            f"| {'yes' if wide else 'no'} |"
        )
        problems += [f"{role} {path} at 320 px: {w}" for w in wide]
        problems += [f"{role} {path} axe: {v}" for v in violations]
        problems += [f"{role} {path} html: {e}" for e in errors]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    assert problems == [], "\n".join(problems)
