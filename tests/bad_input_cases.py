"""The bad-input table: a cast of members, then one row per bad request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from mentormatch.core.models import (
    Agreement,
    MatchRequest,
    MatchStatus,
    Meeting,
    MeetingSlot,
    Message,
    PairingGoal,
    Report,
    SharedResource,
    User,
    utcnow,
)
from tests.factories import make_match_request, make_mentee, make_mentor, make_user

SCRIPT = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
NUL = "Ada\x00Lovelace"
RTL = "\u202eevil\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627"
COMBINING = "Zalgo" + "\u0301\u0302\u0303\u0304" * 200
EMOJI = "\U0001f469\u200d\U0001f4bb" * 2000
SQL = "x' OR '1'='1'; DROP TABLE user_account; --"
HUGE = str(10**30)


@dataclass
class World:
    """Everyone a case may act as, and the records their routes point at."""

    mentee: User
    mentor: User
    admin: User
    stranger: User
    pair_mentee: User
    pending: MatchRequest  # mentee -> mentor, requested
    accepted: MatchRequest  # awaiting an administrator
    active: MatchRequest  # pair_mentee <-> mentor, no agreement yet
    agreed: MatchRequest  # agreed_mentee <-> mentor, agreement accepted
    agreed_mentee: User
    goal: PairingGoal
    resource: SharedResource
    message: Message  # pair_mentee's, just sent (still editable)
    old_message: Message  # pair_mentee's, two hours old (past the edit window)
    meeting: Meeting  # proposed by the mentor in `active`, one slot next week
    report: Report  # pair_mentee's open report of the mentor

    def actor(self, name: str) -> User | None:
        return None if name == "anon" else getattr(self, name)

    def args(self, endpoint: str) -> dict[str, Any]:
        """Default URL arguments of `endpoint`: records the usual actor may act on."""
        request = {
            "requests": self.pending,
            "admin": self.accepted,
            "pairings": self.active,
        }.get(endpoint.split(".")[0], self.pending)
        if endpoint == "pairings.detail" or endpoint == "pairings.end":
            request = self.active
        return {
            "request_id": request.request_id,
            "user_id": self.stranger.user_id,
            "mentor_id": self.mentor.user_id,
            "goal_id": self.goal.goal_id,
            "resource_id": self.resource.resource_id,
            "message_id": self.message.message_id,
            "meeting_id": self.meeting.meeting_id,
            "slot_id": self.meeting.slots[0].slot_id,
            "report_id": self.report.report_id,
            "code": "PMP",
            "token": "not-a-real-token",
            "category": "requests",
            "filename": "css/app.css",
            "run_id": 10**9,  # no cohort runs exist
            "name": "no-such-job",
            "job_run_id": 10**9,
            "preference_id": 10**9,
            "program_id": 10**9,  # no program exists in this world
            "member_id": 10**9,
        }


def build_world(session: Session) -> World:
    """Create the cast: a pending, an accepted and an active request."""
    mentee, mentor = make_mentee(session), make_mentor(session, mentor_capacity=5)
    pair_mentee = make_mentee(session)
    admin = make_user(session, is_admin=True)
    accepted = make_match_request(
        session, mentee=make_mentee(session), mentor=mentor, status=MatchStatus.ACCEPTED
    )
    now = utcnow()
    active = make_match_request(
        session,
        mentee=pair_mentee,
        mentor=mentor,
        status=MatchStatus.ACTIVE,
        started_at=now - timedelta(days=30),
    )
    agreed_mentee = make_mentee(session)
    agreed = make_match_request(
        session,
        mentee=agreed_mentee,
        mentor=mentor,
        status=MatchStatus.ACTIVE,
        started_at=now - timedelta(days=30),
    )
    session.add(
        Agreement(
            request_id=agreed.request_id,
            goals="PgMP",
            cadence="biweekly",
            starts_on=now.date() - timedelta(days=20),
            timezone="Europe/Berlin",
            confidential=True,
            proposed_by_id=mentor.user_id,
            mentee_accepted_at=now,
            mentor_accepted_at=now,
        )
    )
    goal = PairingGoal(request_id=active.request_id, title="Pass the PgMP")
    resource = SharedResource(
        request_id=active.request_id,
        added_by_id=mentor.user_id,
        title="Standard",
        url="https://example.org/standard",
    )
    old_message = Message(
        request_id=active.request_id,
        author_id=pair_mentee.user_id,
        body="Hello from the past",
        created_at=now - timedelta(hours=2),
    )
    message = Message(
        request_id=active.request_id, author_id=pair_mentee.user_id, body="Hello"
    )
    meeting = Meeting(
        request_id=active.request_id,
        proposed_by_id=mentor.user_id,
        minutes=60,
        slots=[MeetingSlot(starts_at=now + timedelta(days=7))],
    )
    report = Report(
        reporter_id=pair_mentee.user_id,
        reported_id=mentor.user_id,
        request_id=active.request_id,
        reason="Rude",
    )
    session.add_all([goal, resource, old_message, message, meeting, report])
    session.commit()
    return World(
        mentee=mentee,
        mentor=mentor,
        admin=admin,
        stranger=make_mentee(session),
        pair_mentee=pair_mentee,
        pending=make_match_request(session, mentee=mentee, mentor=mentor),
        accepted=accepted,
        active=active,
        agreed=agreed,
        agreed_mentee=agreed_mentee,
        goal=goal,
        resource=resource,
        message=message,
        old_message=old_message,
        meeting=meeting,
        report=report,
    )


Data = dict[str, Any] | Callable[[World], dict[str, Any]] | None
Path = Callable[[World], dict[str, Any]] | None


@dataclass(frozen=True)
class Case:
    """One bad request and what must come back (the database never changes)."""

    endpoint: str
    name: str
    actor: str = "mentee"
    data: Data = None
    status: frozenset[int] = frozenset({400})
    message: str = ""
    method: str = "POST"
    query: dict[str, str] = field(default_factory=dict)
    args: Path = None  # overrides of the URL arguments
    json: bool = False  # send `data` as a JSON body instead of a form
    absent: tuple[str, ...] = ()  # must not appear in the answer (e.g. in links)
    writes: tuple[
        str, ...
    ] = ()  # tables a GET page writes by design (audit, read marks)

    @property
    def id(self) -> str:
        return f"{self.endpoint}:{self.name}"


def case(
    endpoint: str,
    name: str,
    data: Data = None,
    status: int | set[int] = 400,
    message: str = "",
    **kw: Any,
) -> Case:
    codes = frozenset({status} if isinstance(status, int) else status)
    return Case(endpoint, name, data=data, status=codes, message=message, **kw)


def profile(**overrides: str) -> dict[str, Any]:
    """A valid profile form, changed by `overrides`."""
    data: dict[str, Any] = {
        "display_name": "Ada",
        "headline": "PM",
        "bio": "",
        "goals": "",
        "years_experience": "5",
        "industry": "",
        "chapter": "PMI Berlin/Brandenburg",
        "timezone": "Europe/Berlin",
        "languages": ["English"],
        "hours_per_month": "2",
        "formats": ["video"],
        "roles": ["mentee"],
        "mentor_capacity": "0",
    }
    return data | overrides


def agreement(**overrides: str) -> dict[str, str]:
    """A valid agreement form, changed by `overrides`."""
    data = {
        "goals": "Pass the PgMP",
        "cadence": "biweekly",
        "duration_months": "6",
        "starts_on": (utcnow().date() + timedelta(days=3)).isoformat(),
        "checkin_time": "18:00",
        "confidential": "y",
    }
    return data | overrides


def checkin(**overrides: str) -> dict[str, str]:
    data = {"held_on": utcnow().date().isoformat(), "minutes": "60", "notes": "ok"}
    return data | overrides


def own(name: str) -> Path:
    """URL arguments pointing at a record of the world by attribute name."""
    return lambda w: {"request_id": getattr(w, name).request_id}


LONG = "x" * 5001
REQUIRED_MSG = "Write a short message"
CONTROL = "Remove the invisible control characters."

BODY_MSG = "Write a message first."


def msg(name: str) -> Path:
    """URL arguments pointing at one of the world's messages."""
    return lambda w: {"message_id": getattr(w, name).message_id}


def meeting(**overrides: str) -> dict[str, str]:
    """A valid meeting proposal, changed by `overrides`."""
    when = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT18:00")
    data = {
        "meeting-slot1": when,
        "meeting-minutes": "45",
        "meeting-video_url": "",
        "meeting-location": "",
        "meeting-note": "",
    }
    return data | overrides


MEETING_CASES: list[Case] = [
    *(
        case(
            "pairings.propose_meeting",
            label,
            data,
            actor="pair_mentee",
            message=text,
            args=own("active"),
        )
        for label, data, text in (
            ("no-time", meeting(**{"meeting-slot1": ""}), "Propose at least one time."),
            (
                "bad-time",
                meeting(**{"meeting-slot1": "tomorrow"}),
                "Not a valid datetime value",
            ),
            (
                "sql-time",
                meeting(**{"meeting-slot1": SQL}),
                "Not a valid datetime value",
            ),
            (
                "past",
                meeting(**{"meeting-slot1": "2020-01-01T10:00"}),
                "Propose times in the future.",
            ),
            (
                "same-twice",
                meeting(**{"meeting-slot2": meeting()["meeting-slot1"]}),
                "Propose different times.",
            ),
            ("huge-minutes", meeting(**{"meeting-minutes": HUGE}), "15 to 240"),
            (
                "js-video",
                meeting(**{"meeting-video_url": "javascript:alert(1)"}),
                "http://",
            ),
            ("nul-note", meeting(**{"meeting-note": NUL}), CONTROL),
            (
                "oversize-place",
                meeting(**{"meeting-location": "x" * 201}),
                "200 characters",
            ),
        )
    ),
    case(
        "pairings.propose_meeting",
        "stranger",
        meeting(),
        actor="stranger",
        status=404,
        args=own("active"),
    ),
    case(
        "pairings.propose_meeting",
        "admin",
        meeting(),
        actor="admin",
        status=403,
        args=own("active"),
    ),
    case(
        "pairings.reschedule_meeting",
        "no-time",
        meeting(**{"meeting-slot1": ""}),
        actor="pair_mentee",
        message="Propose at least one time.",
        args=own("active"),
    ),
    case(
        "pairings.reschedule_meeting",
        "other-pairing",
        meeting(),
        actor="agreed_mentee",
        status=404,
        args=own("agreed"),
    ),
    case(
        "pairings.pick_meeting",
        "proposer-picks",
        actor="mentor",
        status=403,
        args=own("active"),
    ),
    case(
        "pairings.pick_meeting",
        "stranger",
        actor="stranger",
        status=404,
        args=own("active"),
    ),
    case(
        "pairings.pick_meeting",
        "missing-slot",
        actor="pair_mentee",
        status=404,
        args=lambda w: {"request_id": w.active.request_id, "slot_id": 10**9},
    ),
    case(
        "pairings.pick_meeting",
        "wrong-pairing",
        actor="agreed_mentee",
        status=404,
        args=own("agreed"),
    ),
    case(
        "pairings.cancel_meeting",
        "nul-note",
        {"note": NUL},
        actor="pair_mentee",
        message=CONTROL,
        args=own("active"),
    ),
    case(
        "pairings.cancel_meeting",
        "admin",
        {"note": "x"},
        actor="admin",
        status=403,
        args=own("active"),
    ),
    case(
        "pairings.calendar_feed",
        "bogus-token",
        actor="anon",
        method="GET",
        status=404,
    ),
    case(
        "pairings.calendar_feed",
        "huge-token",
        actor="anon",
        method="GET",
        status=404,
        args=lambda w: {"token": "x" * 5000},
    ),
]


def mentor_of_active(w: World) -> dict[str, Any]:
    return {"user_id": w.mentor.user_id}


EMAIL_CASES: list[Case] = [
    case(
        "accounts.email_choices",
        "bad-category",
        {"wanted": [SQL], "message_email": "daily"},
        message="not a valid choice",
    ),
    case(
        "accounts.email_choices",
        "bad-frequency",
        {"wanted": ["requests"], "message_email": "hourlyish"},
        message="Not a valid choice",
    ),
    case("accounts.email_choices", "anonymous", {}, actor="anon", status=302),
    case(
        "accounts.unsubscribe",
        "bogus-token",
        actor="anon",
        status=404,
        args=lambda w: {"token": "x" * 5000, "category": "requests"},
    ),
    case(
        "accounts.unsubscribe",
        "bad-category",
        actor="anon",
        status=404,
        args=lambda w: {"token": "abc", "category": SQL},
    ),
    case(
        "accounts.unsubscribe_page",
        "bad-category",
        actor="anon",
        method="GET",
        status=404,
        args=lambda w: {"token": "abc", "category": "<script>"},
    ),
]

CHECKUP = {"working": "yes", "meeting": "partly", "note": ""}
CHECKUP_CASES: list[Case] = [
    *(
        case(
            "pairings.answer_checkup",
            label,
            CHECKUP | data,
            actor="pair_mentee",
            message=text,
            args=own("active"),
        )
        for label, data, text in (
            ("bad-working", {"working": "maybe"}, "Not a valid choice"),
            ("no-meeting", {"meeting": ""}, "Answer whether you meet as agreed."),
            ("sql-meeting", {"meeting": SQL}, "Not a valid choice"),
            ("nul-note", {"note": NUL}, CONTROL),
            ("oversize-note", {"note": LONG}, "Keep it under 500"),
        )
    ),
    case(
        "pairings.answer_checkup",
        "stranger",
        CHECKUP,
        actor="stranger",
        status=404,
        args=own("active"),
    ),
    case(
        "pairings.answer_checkup",
        "admin",
        CHECKUP,
        actor="admin",
        status=403,
        args=own("active"),
    ),
    case(
        "pairings.answer_checkup",
        "not-active",
        CHECKUP,
        actor="mentee",
        status=409,
        args=own("pending"),
    ),
]

REPORT_CASES: list[Case] = [
    case(
        "messages.report_message",
        "empty-reason",
        {"reason": "  "},
        actor="mentor",
        message="Tell the admins what happened.",
    ),
    case(
        "messages.report_message",
        "nul-reason",
        {"reason": NUL},
        actor="mentor",
        message=CONTROL,
    ),
    case(
        "messages.report_message",
        "own-message",
        {"reason": "x"},
        actor="pair_mentee",
        status=403,
    ),
    case(
        "messages.report_message",
        "stranger",
        {"reason": "x"},
        actor="stranger",
        status=404,
    ),
    case(
        "messages.report_member",
        "oversize",
        {"reason": LONG},
        actor="pair_mentee",
        message="Keep it under 500",
        args=mentor_of_active,
    ),
    case(
        "messages.report_member",
        "not-matched",
        {"reason": "x"},
        actor="stranger",
        status=403,
        args=mentor_of_active,
    ),
    case(
        "messages.report_member",
        "twice",
        {"reason": "again"},
        actor="pair_mentee",
        status=409,
        args=mentor_of_active,
    ),
    case(
        "messages.report_member",
        "missing",
        {"reason": "x"},
        status=404,
        args=lambda w: {"user_id": 10**9},
    ),
    case(
        "admin.report_detail",
        "missing",
        actor="admin",
        method="GET",
        status=404,
        args=lambda w: {"report_id": 10**9},
    ),
    case("admin.report_detail", "not-admin", method="GET", status=403),
    case(
        "admin.decide_report",
        "bad-decision",
        {"decision": SQL},
        actor="admin",
        message="Not a valid choice",
    ),
    case(
        "admin.decide_report",
        "nul-note",
        {"decision": "dismissed", "note": NUL},
        actor="admin",
        message=CONTROL,
    ),
    case(
        "admin.decide_report",
        "not-admin",
        {"decision": "dismissed"},
        actor="pair_mentee",
        status=403,
    ),
]

MESSAGE_CASES: list[Case] = [
    *(
        case(
            "messages.post_pairing",
            label,
            {"body": body},
            actor="pair_mentee",
            message=text,
            args=own("active"),
        )
        for label, body, text in (
            ("empty", "", BODY_MSG),
            ("whitespace", " \u00a0\t\n ", BODY_MSG),
            ("nul", NUL, CONTROL),
            ("oversize", LONG, "4000 characters"),
        )
    ),
    case(
        "messages.post_pairing",
        "missing-field",
        {},
        actor="pair_mentee",
        message=BODY_MSG,
        args=own("active"),
    ),
    case(
        "messages.post_pairing",
        "others-pairing",
        {"body": "hi"},
        actor="stranger",
        status=404,
        args=own("active"),
    ),
    case(
        "messages.post_pairing",
        "admin-not-a-member",
        {"body": "hi"},
        actor="admin",
        status=403,
        args=own("active"),
    ),
    case(
        "messages.post_pairing",
        "huge-id",
        {"body": "hi"},
        status=404,
        args=lambda w: {"request_id": 10**30},
    ),
    case("messages.post_request", "empty", {"body": ""}, message=BODY_MSG),
    case("messages.post_request", "nul", {"body": NUL}, message=CONTROL),
    case(
        "messages.post_request",
        "others-request",
        {"body": "hi"},
        actor="stranger",
        status=404,
    ),
    case(
        "messages.edit", "empty", {"body": " "}, actor="pair_mentee", message=BODY_MSG
    ),
    case("messages.edit", "nul", {"body": NUL}, actor="pair_mentee", message=CONTROL),
    case(
        "messages.edit",
        "not-author",
        {"body": "x"},
        actor="mentor",
        status=403,
        message="only your own",
    ),
    case("messages.edit", "stranger", {"body": "x"}, actor="stranger", status=404),
    case(
        "messages.edit",
        "past-window",
        {"body": "x"},
        actor="pair_mentee",
        status=403,
        message="15 minutes",
        args=msg("old_message"),
    ),
    case(
        "messages.edit",
        "missing",
        {"body": "x"},
        actor="pair_mentee",
        status=404,
        args=lambda w: {"message_id": 10**9},
    ),
    case("messages.delete", "not-author", actor="mentor", status=403),
    case("messages.delete", "admin", actor="admin", status=404),
    case(
        "messages.delete",
        "past-window",
        actor="pair_mentee",
        status=403,
        args=msg("old_message"),
    ),
    case(
        "messages.delete",
        "huge-id",
        actor="pair_mentee",
        status=404,
        args=lambda w: {"message_id": 10**30},
    ),
]

CASES: list[Case] = [
    # Irreversible actions need the "Yes, I am sure" tick (no JS needed).
    case("requests.decline", "not-sure", {"reason": "other"}, actor="mentor"),
    case("admin.approve", "not-sure", {"note": "ok"}, actor="admin"),
    case("admin.reject", "not-sure", {"reason": "No"}, actor="admin"),
    case("pairings.end", "not-sure", {"reason": "bye"}, actor="pair_mentee"),
    case("pairings.close", "not-sure", {"rating": "3"}, actor="pair_mentee"),
    case("pairings.answer_fit", "no-not-sure", {"answer": "no"}, actor="pair_mentee"),
    case("accounts.delete_account", "not-sure", {"password": "correct-horse-42"}),
    *MEETING_CASES,
    *MESSAGE_CASES,
    *REPORT_CASES,
    *EMAIL_CASES,
    *CHECKUP_CASES,
    # --- log in, sign up, password, account
    case(
        "accounts.login",
        "empty",
        {"email": "", "password": ""},
        actor="anon",
        message="Enter your email",
    ),
    case(
        "accounts.login",
        "whitespace",
        {"email": "   ", "password": "  "},
        actor="anon",
        message="Enter your email",
    ),
    case("accounts.login", "sql", {"email": SQL, "password": SQL}, actor="anon"),
    case(
        "accounts.login",
        "nul",
        {"email": "a\x00@example.org", "password": "x\x00"},
        actor="anon",
    ),
    # HMAC pads keys with zero bytes: "password\x00" verified as "password".
    case(
        "accounts.login",
        "right-password-plus-nul",
        lambda w: {"email": w.stranger.email, "password": "correct-horse-42\x00"},
        actor="anon",
        message=CONTROL,
    ),
    case(
        "accounts.login",
        "oversize",
        {"email": "a" * 5000 + "@example.org", "password": LONG},
        actor="anon",
    ),
    case(
        "accounts.signup",
        "script-email",
        {"email": SCRIPT, "password": "x" * 12, "confirm": "x" * 12, "consent": "y"},
        actor="anon",
    ),
    case(
        "accounts.signup",
        "nul-password",
        {
            "email": "new@example.org",
            "password": "abc\x00defghijkl",
            "confirm": "abc\x00defghijkl",
            "consent": "y",
        },
        actor="anon",
    ),
    case(
        "accounts.signup",
        "no-consent",
        {"email": "new@example.org", "password": "x" * 12, "confirm": "x" * 12},
        actor="anon",
    ),
    case(
        "accounts.change_password",
        "wrong-current",
        {"current": "nope", "password": "x" * 12, "confirm": "x" * 12},
    ),
    case(
        "accounts.change_password",
        "mismatch-rtl",
        {"current": "correct-horse-42", "password": RTL * 3, "confirm": RTL},
    ),
    case("accounts.forgot_password", "sql", {"email": SQL}, actor="anon"),
    case(
        "accounts.reset_password",
        "bogus-token",
        {"password": "x" * 12, "confirm": "x" * 12},
        actor="anon",
        status={400, 404},
    ),
    case("accounts.delete_account", "wrong-password", {"password": "wrong"}),
    case(
        "accounts.verify",
        "forged-token",
        method="GET",
        actor="anon",
        message="not valid",
    ),
    case(
        "accounts.change_email",
        "script-email",
        {"change-email": SCRIPT, "change-password": "correct-horse-42"},
    ),
    case(
        "accounts.change_email",
        "wrong-password",
        {"change-email": "new@example.org", "change-password": "wrong"},
        message="not right",
    ),
    case(
        "accounts.delete_account",
        "nul-password",
        {"password": "correct-horse-42\x00"},
        message=CONTROL,
    ),
    case(
        "accounts.change_password",
        "nul-current",
        {
            "current": "correct-horse-42\x00",
            "password": "new-pass-2026x",
            "confirm": "new-pass-2026x",
        },
        message=CONTROL,
    ),
    # --- profile: every text field, numbers, time zone, codes
    case(
        "profiles.edit",
        "empty-name",
        profile(display_name=""),
        message="Enter the name members see.",
    ),
    case(
        "profiles.edit",
        "whitespace-name",
        profile(display_name=" \t\n "),
        message="Enter the name members see.",
    ),
    case("profiles.edit", "nul-name", profile(display_name=NUL), message=CONTROL),
    case("profiles.edit", "nul-bio", profile(bio=NUL), message=CONTROL),
    case(
        "profiles.edit",
        "oversize-name",
        profile(display_name="x" * 81),
        message="80 characters",
    ),
    case("profiles.edit", "oversize-emoji-bio", profile(bio=EMOJI), message="2000"),
    case(
        "profiles.edit",
        "combining-headline",
        profile(headline=COMBINING),
        message="140",
    ),
    case(
        "profiles.edit",
        "bad-timezone",
        profile(timezone="Mars/Olympus_Mons"),
        message="Choose a time zone from the list.",
    ),
    case(
        "profiles.edit",
        "sql-timezone",
        profile(timezone=SQL),
        message="Choose a time zone from the list.",
    ),
    case(
        "profiles.edit",
        "negative-years",
        profile(years_experience="-1"),
        message="0 to 60",
    ),
    case(
        "profiles.edit", "huge-years", profile(years_experience=HUGE), message="0 to 60"
    ),
    case(
        "profiles.edit",
        "text-hours",
        profile(hours_per_month="lots"),
        message="1 to 40",
    ),
    case("profiles.edit", "bad-language", profile(languages=["Klingon"])),
    case("profiles.edit", "bad-cert-code", profile(certs_held=["XYZ';--"])),
    case("profiles.edit", "bad-skill", profile(skills_wanted=[SCRIPT])),
    case("profiles.edit", "bad-format", profile(formats=["telepathy"])),
    case(
        "profiles.edit",
        "unknown-chapter",
        profile(chapter=SCRIPT),
        message="Choose your chapter from the list",
    ),
    case(
        "profiles.edit",
        "other-chapter-name-without-other",
        profile(chapter_other="Agile Leeds"),
        message="Choose “Other” in the chapter list",
    ),
    case("profiles.edit", "no-roles", profile(roles=[])),
    # --- profile wishes: lists only from the form's choices, hours bounded
    case(
        "profiles.wishes",
        "bad-stage",
        {"wants_career_stages": [SCRIPT]},
        message="Choose career stages from the list.",
    ),
    case(
        "profiles.wishes",
        "bad-topic",
        {"wants_topics": ["agile", SQL]},
        message="Choose goals from the list.",
    ),
    case(
        "profiles.wishes",
        "bad-industry",
        {"wants_industries": [NUL]},
        message="Choose industries from the list.",
    ),
    case(
        "profiles.wishes",
        "other-as-target",
        {"target_industries": ["Other"]},
        message="Choose industries from the list.",
    ),
    case(
        "profiles.wishes",
        "huge-hours",
        {"max_hours_month": HUGE},
        message="from 1 to 40, or leave it empty.",
    ),
    case(
        "profiles.wishes",
        "negative-hours",
        {"max_hours_month": "-3"},
        message="from 1 to 40, or leave it empty.",
    ),
    case(
        "profiles.wishes",
        "text-hours",
        {"max_hours_month": EMOJI},
        message="from 1 to 40, or leave it empty.",
    ),
    case(
        "profiles.wishes",
        "no-profile",
        {"wants_topics": ["agile"]},
        actor="admin",
        status=302,
    ),
    # --- requests
    case("requests.new", "empty", {"message": ""}, message=REQUIRED_MSG),
    case(
        "requests.new",
        "whitespace",
        {"message": " \u00a0\t "},
        message=REQUIRED_MSG,
    ),
    case("requests.new", "nul", {"message": NUL}, message=CONTROL),
    case(
        "requests.new",
        "oversize",
        {"message": LONG},
        message="Keep your message under",
    ),
    case(
        "requests.new",
        "self",
        {"message": "hi"},
        actor="mentor",
        status=403,
        message="You cannot request yourself",
    ),
    case(
        "requests.new",
        "not-a-mentor",
        {"message": "hi"},
        status=404,
        args=lambda w: {"mentor_id": w.stranger.user_id},
    ),
    case(
        "requests.new",
        "huge-id",
        {"message": "hi"},
        status=404,
        args=lambda w: {"mentor_id": 10**30},
    ),
    case("requests.withdraw", "others-request", actor="stranger", status=404),
    case(
        "pairings.end",
        "nul-reason",
        {"reason": NUL},
        actor="pair_mentee",
        message=CONTROL,
    ),
    case(
        "pairings.end",
        "others-pairing",
        {"reason": "x"},
        actor="stranger",
        status=404,
    ),
    case(
        "requests.decline",
        "bad-reason",
        {"reason": SQL, "note": "x"},
        actor="mentor",
        message="Not a valid choice",
    ),
    case(
        "requests.decline",
        "nul-note",
        {"reason": "no_capacity", "note": NUL},
        actor="mentor",
        message=CONTROL,
    ),
    case(
        "requests.decline",
        "oversize-note",
        {"reason": "no_capacity", "note": LONG},
        actor="mentor",
        message="Keep it under 500",
    ),
    case(
        "requests.decline",
        "not-their-request",
        {"reason": "no_capacity"},
        actor="stranger",
        status=404,
    ),
    case("requests.accept", "not-their-request", actor="mentee", status={403, 404}),
    # --- administration
    case(
        "admin.reject",
        "empty-reason",
        {"reason": "  "},
        actor="admin",
        message="Give a reason",
    ),
    case("admin.reject", "nul-reason", {"reason": NUL}, actor="admin", message=CONTROL),
    case("admin.reject", "not-admin", {"reason": "x"}, status=403),
    case(
        "admin.approve",
        "oversize-note",
        {"note": LONG},
        actor="admin",
        message="Keep it under 500",
    ),
    case(
        "admin.approve",
        "missing-id",
        {"note": "x"},
        actor="admin",
        status=404,
        args=lambda w: {"request_id": 10**9},
    ),
    case(
        "admin.approve_selected",
        "none-ticked",
        {},
        actor="admin",
        message="Tick at least one request",
    ),
    case(
        "admin.approve_selected", "non-numeric", {"request_ids": ["abc"]}, actor="admin"
    ),
    case(
        "admin.queue",
        "negative-age",
        method="GET",
        actor="admin",
        query={"min_age": "-5"},
        message="0 to 3650",
    ),
    case(
        "admin.queue", "huge-age", method="GET", actor="admin", query={"min_age": HUGE}
    ),
    case(
        "admin.queue",
        "sql-chapter",
        method="GET",
        actor="admin",
        query={"chapter": SQL},
    ),
    # The program picker of every admin page: a number of a program, else 4xx.
    case(
        "admin.queue",
        "sql-program",
        method="GET",
        actor="admin",
        query={"program": SQL},
    ),
    case(
        "admin.members",
        "huge-program",
        method="GET",
        actor="admin",
        query={"program": HUGE},
    ),
    case(
        "admin.audit",
        "nul-program",
        method="GET",
        actor="admin",
        query={"program": NUL},
    ),
    case(
        "admin.index",
        "missing-program",
        method="GET",
        actor="admin",
        query={"program": "999999999"},
        status=404,
    ),
    case(
        "admin.import_upload",
        "picked-missing-program",
        {},
        actor="admin",
        query={"program": "999999999"},
        status=404,
    ),
    case("admin.members", "nul-query", method="GET", actor="admin", query={"q": NUL}),
    case("admin.members", "bad-role", method="GET", actor="admin", query={"role": SQL}),
    case(
        "admin.verify_cert",
        "bad-code",
        actor="admin",
        status={404, 409},
        args=lambda w: {"user_id": w.stranger.user_id, "code": "XYZ"},
    ),
    case("admin.verify_cert", "not-admin", status=403),
    case(
        "admin.deactivate",
        "missing-user",
        actor="admin",
        status=404,
        args=lambda w: {"user_id": 10**9},
    ),
    case("admin.grant_admin", "not-admin", status=403),
    case("admin.import_status", "missing-run", method="GET", actor="admin", status=404),
    case("admin.run_job", "unknown-job", actor="admin", status=404),
    case("admin.run_job", "not-admin", status=403),
    case(
        "admin.import_upload", "no-file", {}, actor="admin", message="Choose a CSV file"
    ),
    # --- pairing follow-ups
    case(
        "pairings.propose_agreement",
        "nul-goals",
        agreement(goals=NUL),
        actor="pair_mentee",
        message=CONTROL,
    ),
    case(
        "pairings.propose_agreement",
        "bad-cadence",
        agreement(cadence=SQL),
        actor="pair_mentee",
        message="Not a valid choice",
    ),
    case(
        "pairings.propose_agreement",
        "negative-months",
        agreement(duration_months="-3"),
        actor="pair_mentee",
        message="1 to 24",
    ),
    case(
        "pairings.propose_agreement",
        "bad-date",
        agreement(starts_on="2024-02-31"),
        actor="pair_mentee",
    ),
    case(
        "pairings.propose_agreement",
        "bad-time",
        agreement(checkin_time="25:99"),
        actor="pair_mentee",
    ),
    case(
        "pairings.propose_agreement",
        "others-pairing",
        agreement(),
        actor="stranger",
        status=404,
    ),
    case(
        "pairings.log_checkin",
        "huge-minutes",
        checkin(minutes=HUGE),
        actor="agreed_mentee",
        message="5 to 600",
        args=own("agreed"),
    ),
    case(
        "pairings.log_checkin",
        "nul-notes",
        checkin(notes=NUL),
        actor="agreed_mentee",
        message=CONTROL,
        args=own("agreed"),
    ),
    case(
        "pairings.log_checkin",
        "bad-date",
        checkin(held_on="yesterday"),
        actor="agreed_mentee",
        args=own("agreed"),
    ),
    case("pairings.answer_fit", "bad-answer", {"answer": "maybe"}, actor="pair_mentee"),
    case(
        "pairings.add_goal",
        "empty",
        {"title": ""},
        actor="pair_mentee",
        message="Write the goal.",
    ),
    case(
        "pairings.add_goal",
        "oversize",
        {"title": "x" * 201},
        actor="pair_mentee",
        message="200 characters",
    ),
    case(
        "pairings.update_goal",
        "bad-progress",
        {"status": "open", "progress": "150"},
        actor="pair_mentee",
        message="0 to 100",
    ),
    case(
        "pairings.update_goal",
        "others-goal",
        {"status": "open", "progress": "5"},
        actor="stranger",
        status=404,
    ),
    case(
        "pairings.add_resource",
        "javascript-url",
        {"title": "x", "url": "javascript:alert(1)"},
        actor="pair_mentee",
        message="starting with http",
    ),
    case(
        "pairings.add_resource",
        "nul-title",
        {"title": NUL, "url": "https://example.org"},
        actor="pair_mentee",
        message=CONTROL,
    ),
    case("pairings.remove_resource", "others-resource", actor="stranger", status=404),
    case(
        "pairings.feedback",
        "bad-rating",
        {"rating": "6"},
        actor="pair_mentee",
        status={400, 409},
    ),
    case("pairings.close", "others-pairing", actor="stranger", status=404),
    case("pairings.extend", "others-pairing", actor="stranger", status=404),
    case(
        "pairings.accept_agreement",
        "none-proposed",
        actor="pair_mentee",
        status={400, 409},
    ),
    # --- shortlists and blocks
    case(
        "suggestions.add_preference",
        "huge-id",
        {"other_id": HUGE, "kind": "block"},
        message="Enter a valid member number.",
    ),
    case("suggestions.add_preference", "text-id", {"other_id": "abc", "kind": "block"}),
    case(
        "suggestions.add_preference",
        "bad-kind",
        lambda w: {"other_id": str(w.stranger.user_id), "kind": SQL},
    ),
    # Refused with a flashed message on the list page (PRG) rather than a 404.
    case("suggestions.remove_preference", "missing", status={302, 404}),
    # --- cohort runs
    case(
        "cohorts.start_run",
        "negative-score",
        {"min_score": "-1", "objective": "total_score", "mode": "optimal"},
        actor="admin",
        message="Enter a number from 0 to 1.",
    ),
    case(
        "cohorts.start_run",
        "nan-score",
        {"min_score": "nan", "objective": "total_score", "mode": "optimal"},
        actor="admin",
    ),
    case(
        "cohorts.start_run",
        "bad-mode",
        {"min_score": "0.5", "objective": SQL, "mode": SCRIPT},
        actor="admin",
    ),
    case(
        "cohorts.start_run",
        "huge-program",
        {"min_score": "0.5", "objective": "total_score", "program": HUGE},
        actor="admin",
    ),
    case(
        "cohorts.start_run",
        "text-program",
        {"min_score": "0.5", "objective": "total_score", "program": SCRIPT},
        actor="admin",
    ),
    case("cohorts.start_run", "not-admin", {"min_score": "0.5"}, status=403),
    case("cohorts.detail", "missing-run", method="GET", actor="admin", status=404),
    case("cohorts.job_status", "missing", method="GET", actor="admin", status=404),
    case(
        "cohorts.accept",
        "missing-run",
        {"proposal_ids": ["1"]},
        actor="admin",
        status=404,
    ),
    case("cohorts.accept_all", "missing-run", actor="admin", status=404),
    case("cohorts.discard", "missing-run", actor="admin", status=404),
    # --- read-only pages with identifiers or parameters
    case(
        "profiles.detail",
        "missing-user",
        method="GET",
        status=404,
        args=lambda w: {"user_id": 10**9},
    ),
    case(
        "requests.sent_detail",
        "others-request",
        method="GET",
        actor="stranger",
        status=404,
    ),
    case(
        "pairings.detail", "others-pairing", method="GET", actor="stranger", status=404
    ),
    case(
        "requests.detail", "others-request", method="GET", actor="stranger", status=404
    ),
    case("admin.decide", "not-admin", method="GET", status=403),
    case(
        "admin.member_detail",
        "missing-user",
        method="GET",
        actor="admin",
        status=404,
        args=lambda w: {"user_id": 10**9},
    ),
    case(
        "pairings.checkins_ics",
        "others-pairing",
        method="GET",
        actor="stranger",
        status=404,
    ),
    case(
        "suggestions.index",
        "bad-filters",
        method="GET",
        query={"certification": SQL, "chapter": NUL, "page": "-1"},
        status={200, 400},
    ),
    case(
        "notifications.index",
        "bad-page",
        method="GET",
        query={"page": HUGE},
        status={200, 404},
    ),
    # --- programs: unknown programs are 404, forms refuse bad values
    case("programs.detail", "missing-program", method="GET", status=404),
    case("programs.apply", "missing-program", {"role": "mentee"}, status=404),
    case("programs.manage", "missing-program", method="GET", actor="admin", status=404),
    case(
        "programs.screen",
        "missing-program",
        {"decision": "accept"},
        actor="admin",
        status=404,
    ),
    case("programs.approve", "missing-program", actor="admin", status=404),
    case(
        "programs.reject", "missing-program", {"reason": "x"}, actor="admin", status=404
    ),
    case(
        "programs.dashboard_csv",
        "missing-program",
        method="GET",
        actor="admin",
        status=404,
    ),
    case(
        "programs.add_admin",
        "missing-program",
        {"email": "x@example.org"},
        actor="admin",
        status=404,
    ),
    case("programs.new", "not-a-program-admin", {"name": "X"}, status=403),
    case(
        "programs.new",
        "closes-before-opens",
        {
            "name": "X",
            "chapter": "0",
            "organisation": "Acme",
            "pairing_weeks": "26",
            "mentor_min_years": "0",
            "mentee_min_years": "0",
            "default_capacity": "2",
            "applications_open": "2027-02-01",
            "applications_close": "2027-01-01",
        },
        actor="admin",
        message="Applications must close after they open.",
    ),
    case("programs.new", "bad-chapter", {"name": "X", "chapter": "abc"}, actor="admin"),
    case(
        "programs.chapters",
        "no-name",
        {"name": "", "timezone": "UTC"},
        actor="admin",
        message="Name the chapter.",
    ),
    case(
        "programs.chapters", "not-admin", {"name": "X", "timezone": "UTC"}, status=403
    ),
    case(
        "programs.pdu_split",
        "not-100",
        {"ways_of_working": "50", "power_skills": "50", "business_acumen": "50"},
        message="The three parts must add up to 100%.",
        actor="pair_mentee",
        args=lambda w: {"request_id": w.active.request_id},
    ),
    case(
        "programs.pdu_split",
        "not-mine",
        {"ways_of_working": "x"},
        actor="stranger",
        status=404,
    ),
    case("programs.certificate", "not-closed", method="GET", status=404),
]

# GET-only pages without identifiers: bad input does not apply, but the
# wrong-method and expired-session tests still visit them.
# --- classes of bad input, one row per route ------------------------------------

# Every route that takes a POST (tests/test_bad_input.py checks the list is whole).
POST_ROUTES = (
    "accounts.change_email",
    "accounts.change_password",
    "accounts.delete_account",
    "accounts.email_choices",
    "accounts.forgot_password",
    "accounts.login",
    "accounts.logout",
    "accounts.logout_everywhere",
    "accounts.resend_verification",
    "accounts.reset_password",
    "accounts.signup",
    "accounts.unsubscribe",
    "admin.approve",
    "admin.approve_selected",
    "admin.deactivate",
    "admin.decide_report",
    "admin.grant_admin",
    "admin.import_upload",
    "admin.reactivate",
    "admin.reject",
    "admin.remove_admin",
    "admin.run_job",
    "admin.unverify_cert",
    "admin.verify_cert",
    "cohorts.accept",
    "cohorts.accept_all",
    "cohorts.discard",
    "cohorts.start_run",
    "messages.delete",
    "messages.edit",
    "messages.post_pairing",
    "messages.post_request",
    "messages.report_member",
    "messages.report_message",
    "notifications.read_all",
    "pairings.accept_agreement",
    "pairings.add_goal",
    "pairings.add_resource",
    "pairings.answer_checkup",
    "pairings.answer_fit",
    "pairings.cancel_meeting",
    "pairings.close",
    "pairings.end",
    "pairings.extend",
    "pairings.feedback",
    "pairings.log_checkin",
    "pairings.pick_meeting",
    "pairings.propose_agreement",
    "pairings.propose_meeting",
    "pairings.remove_resource",
    "pairings.reschedule_meeting",
    "pairings.reset_calendar",
    "pairings.update_goal",
    "pairings_legacy.end_pairing",
    "profiles.edit",
    "profiles.wishes",
    "programs.add_admin",
    "programs.apply",
    "programs.approve",
    "programs.chapters",
    "programs.new",
    "programs.pdu_split",
    "programs.reject",
    "programs.screen",
    "requests.accept",
    "requests.decline",
    "requests.new",
    "requests.withdraw",
    "suggestions.add_preference",
    "suggestions.remove_preference",
)
# Non-string values where a form has text: this reached the validators as an int.
JSON_BODY = {
    "email": 123,
    "password": [1, 2],
    "message": {"a": 1},
    "display_name": None,
    "request_ids": [2**40],
    "starts_on": 99999999,
}
NOT_A_FORM = "Send this as a web form"

# Every GET page, and who should look at it.
GET_PAGES: dict[str, str] = {
    "accounts.accessibility": "anon",
    "accounts.account": "mentee",
    "accounts.delete_account": "mentee",
    "accounts.download_data": "mentee",
    "accounts.forgot_password": "anon",
    "accounts.login": "anon",
    "accounts.privacy": "anon",
    "accounts.reset_password": "anon",
    "accounts.signup": "anon",
    "accounts.signup_sent": "anon",
    "accounts.unsubscribe_page": "anon",
    "accounts.verify": "anon",
    "admin.audit": "admin",
    "admin.decide": "admin",
    "admin.export_members": "admin",
    "admin.export_pairings": "admin",
    "admin.import_members": "admin",
    "admin.import_status": "admin",
    "admin.index": "admin",
    "admin.jobs": "admin",
    "admin.member_detail": "admin",
    "admin.members": "admin",
    "admin.queue": "admin",
    "admin.report_detail": "admin",
    "admin.reports": "admin",
    "admin.unresponsive": "admin",
    "cohorts.detail": "admin",
    "cohorts.job_status": "admin",
    "cohorts.start": "admin",
    "main.healthz": "anon",
    "mailbox.index": "mentee",
    "main.index": "mentee",
    "messages.index": "pair_mentee",
    "notifications.index": "mentor",
    "pairings.calendar_feed": "anon",
    "pairings.checkins_ics": "agreed_mentee",
    "pairings.detail": "pair_mentee",
    "pairings.feedback_list": "admin",
    "pairings.hours_csv": "agreed_mentee",
    "pairings.index": "pair_mentee",
    "pairings_legacy.pairing": "pair_mentee",
    "profiles.detail": "mentee",
    "profiles.edit": "mentee",
    "profiles.me": "mentee",
    "profiles.wishes": "mentor",
    "programs.certificate": "mentee",
    "programs.chapters": "admin",
    "programs.dashboard_csv": "admin",
    "programs.detail": "mentee",
    "programs.index": "mentee",
    "programs.manage": "admin",
    "programs.members_export": "admin",
    "programs.new": "admin",
    "programs.pdu_export": "admin",
    "programs.pdu_record": "mentee",
    "requests.detail": "mentor",
    "requests.index": "mentor",
    "requests.new": "mentee",
    "requests.sent": "mentee",
    "requests.sent_detail": "mentee",
    "suggestions.index": "mentee",
    "suggestions.preferences_page": "mentee",
}
# GET pages that write by design: exports leave an audit row, opening a thread
# marks it read. The hostile query must change nothing else.
WRITES_ON_GET = {
    "admin.export_members": ("audit_log",),
    "admin.export_pairings": ("audit_log",),
    "pairings.detail": ("thread_state",),
}
# Keys url_for takes for itself, a method override, junk: none may reach a link.
HOSTILE_QUERY = {
    "endpoint": "x",
    "_method": "POST",
    "_external": "1",
    "_anchor": "x",
    "values": "x",
    "page": "2",
    "q": "a\x00b",
    "chapter": "\u202eBerlin",
    "min_age": "1_0",
}
PAGE_OK = set(range(200, 500)) - {405}  # never a server error, never "wrong method"
HOSTILE_ABSENT = ("endpoint=x", "_method=", "_external", "_anchor", "values=x")
DATES = ("0001-01-01", "9999-06-01", "9999-12-31", "1900-01-01", "2200-01-01")

CASES += [
    case(
        "pairings.add_resource",
        "nul-url",
        {"title": "Standard", "url": "https://example.org/a\x00b"},
        actor="pair_mentee",
        message=CONTROL,
    ),
    case(
        "profiles.edit",
        "crlf-name",
        profile(display_name="Ada\r\nSECURITY NOTICE https://evil.example"),
        message=CONTROL,
    ),
    case(
        "profiles.edit",
        "bidi-name",
        profile(display_name="Ada \u202emoc"),
        message=CONTROL,
    ),
    case(
        "profiles.edit",
        "zero-width-name",
        profile(display_name="A\u200bda"),
        message=CONTROL,
    ),
    case("profiles.edit", "underscore-years", profile(years_experience="1_0")),
    case(
        "profiles.edit", "arabic-indic-years", profile(years_experience="\u0661\u0660")
    ),
]
CASES += [
    case(ep, "json-body", JSON_BODY, status=415, message=NOT_A_FORM, json=True)
    for ep in POST_ROUTES
]
CASES += [
    case(
        ep,
        "hostile-query",
        method="GET",
        actor=actor,
        status=PAGE_OK,
        query=HOSTILE_QUERY,
        absent=HOSTILE_ABSENT,
        writes=WRITES_ON_GET.get(ep, ()),
    )
    for ep, actor in GET_PAGES.items()
]
CASES += [
    case(
        "pairings.propose_agreement",
        f"start-{day}",
        agreement(starts_on=day, duration_months="24"),
        actor="pair_mentee",
        message="Choose a first date between",
    )
    for day in DATES
]
CASES += [
    case(
        "pairings.log_checkin",
        f"held-{day}",
        checkin(held_on=day),
        actor="agreed_mentee",
        args=own("agreed"),
        message="Log a check-in on or after" if day > "2100" else "check-in date",
    )
    for day in DATES
]
CASES += [
    case(
        "admin.approve_selected",
        f"id-{name}",
        {"request_ids": value},
        actor="admin",
    )
    for name, value in {
        "over-int32": str(2**31),
        "over-int64": str(2**63),
        "underscore": "1_0",
        "arabic-indic": "\u0661\u0660",
        "negative": "-5",
    }.items()
]

# The same classes on the routes that came later (meetings, programs, wishes, messages).
PROGRAM = {
    "name": "X",
    "chapter": "0",
    "organisation": "Acme",
    "pairing_weeks": "26",
    "mentor_min_years": "0",
    "mentee_min_years": "0",
    "default_capacity": "2",
}
CASES += [
    *(
        case(
            ep,
            name,
            meeting(**{field: value}),
            actor="pair_mentee",
            args=own("active"),
            message=text,
        )
        for ep in ("pairings.propose_meeting", "pairings.reschedule_meeting")
        for name, field, value, text in (
            ("year-9999", "meeting-slot1", "9999-12-31T23:45", "Choose a time before"),
            ("year-2200", "meeting-slot2", "2200-01-01T10:00", "Choose a time before"),
            ("crlf-place", "meeting-location", "Room\r\nSECURITY NOTICE", CONTROL),
            ("bidi-place", "meeting-location", "Room \u202emoc", CONTROL),
            (
                "zero-width-video",
                "meeting-video_url",
                "https://a\u200b.example",
                CONTROL,
            ),
        )
    ),
    *(
        case(
            "programs.new",
            f"{field}-{day}",
            PROGRAM | {field: day},
            actor="admin",
            message="Choose a date between",
        )
        for field in ("applications_open", "matching_close")
        for day in ("0001-01-01", "9999-12-31")
    ),
    case(
        "programs.new",
        "underscore-chapter",
        PROGRAM | {"chapter": "1_0"},
        actor="admin",
    ),
    case("programs.new", "bidi-name", PROGRAM | {"name": "X \u202emoc"}, actor="admin"),
    case(
        "programs.new",
        "huge-weeks",
        PROGRAM | {"pairing_weeks": "\u0661\u0660"},
        actor="admin",
    ),
    *(
        case(
            "profiles.wishes",
            f"hours-{name}",
            {"max_hours_month": value},
            actor="mentor",
            message="Enter the most hours a month",
        )
        for name, value in {
            "underscore": "1_0",
            "arabic-indic": "\u0661\u0660",
            "full-width": "\uff11\uff10",
        }.items()
    ),
    case(
        "cohorts.start_run",
        "underscore-program",
        {"min_score": "0.5", "objective": "total_score", "program": "1_0"},
        actor="admin",
    ),
    case(
        "pairings.detail",
        "underscore-message-page",
        method="GET",
        actor="pair_mentee",
        status=200,
        query={"mpage": "1_0", "log_meeting": "\u0661"},
        writes=("thread_state",),
    ),
]

NO_INPUT: dict[str, str] = {
    "main.index": "home",
    "main.healthz": "health probe",
    "accounts.account": "page",
    "accounts.logout": "ends the session; no fields",
    "accounts.logout_everywhere": "rotates the token; no fields",
    "admin.index": "dashboard",
    "admin.audit": "page",
    "admin.export_members": "CSV",
    "admin.export_pairings": "CSV",
    "admin.import_members": "page",
    "admin.jobs": "page",
    "mailbox.index": "development-only page (404 elsewhere)",
    "admin.unresponsive": "page",
    "admin.reactivate": "covered by deactivate",
    "admin.remove_admin": "as grant",
    "admin.unverify_cert": "as verify_cert",
    "requests.sent": "page",
    "accounts.download_data": "JSON",
    "accounts.privacy": "page",
    "accounts.signup_sent": "page",
    "accounts.accessibility": "page",
    "accounts.resend_verification": "no fields (a verified member: nothing to do)",
    "notifications.read_all": "no fields",
    "messages.index": "page (only ?page=, which falls back to 1)",
    "pairings.reset_calendar": "no fields; a new token each time",
    "admin.reports": "admin page (only ?page=)",
    "pairings.feedback_list": "admin page",
    "pairings.index": "page (only ?page=, which falls back to 1)",
    "pairings_legacy.pairing": "redirect to pairings.detail",
    "pairings_legacy.end_pairing": "redirect (308) to pairings.end",
    "pairings.hours_csv": "CSV",
    "profiles.me": "page",
    "suggestions.preferences_page": "page",
    "cohorts.start": "page",
    "requests.index": "page",
    "static": "files",
    "programs.index": "page",
    "programs.pdu_record": "page",
    "programs.pdu_export": "CSV",
    "programs.members_export": "CSV (its 404 and 403 are in the authorization table)",
}
