"""CSV import: every row checked with the profile form's rules, all or nothing."""

from __future__ import annotations

import pytest

from mentormatch.admin.csv_io import check_row
from mentormatch.admin.services import csv_import
from mentormatch.admin.services.csv_export import MEMBER_COLUMNS
from mentormatch.admin.services.csv_import import CsvFileError, import_members
from mentormatch.core.models import AuditLog, OutboxMessage, PasswordResetToken, User
from tests.factories import make_user
from tests.web.flow_helpers import count

HEADER = ",".join(MEMBER_COLUMNS)
GOOD = (
    "ana@example.org,Ana,mentee,4,IT,Other: PMI Lisbon,Europe/Lisbon,"
    "English;Portuguese,video;async,3,0,PMP:2022,PgMP,,"
    "program and portfolio management,Hi,Grow,"
)
MENTOR = (
    "ben@example.org,Ben,both,15,construction,PMI UK,europe/london,english,"
    "video,4,2,pmp:2010;PgMP:2016;CAPM,,stakeholder engagement;Governance,"
    'agile/scrum,Director,Agile,"Helps PMPs,\nstep up"'
)


def csv_bytes(*rows: str, header: str = HEADER, eol: str = "\n") -> bytes:
    return (eol.join([header, *rows]) + eol).encode()


def run(session, data: bytes):
    return import_members(session, data, validate=check_row, actor=None)


def test_import_good_file_creates_members_and_invitations(session):
    report = run(session, b"\xef\xbb\xbf" + csv_bytes(GOOD, MENTOR, eol="\r\n"))
    assert report.ok and len(report.created) == 2
    ben = session.query(User).filter_by(email="ben@example.org").one()
    p = ben.profile
    assert p.wants_mentor and p.offers_mentoring and p.mentor_capacity == 2
    assert p.held_years() == {"PMP": 2010, "PgMP": 2016, "CAPM": None}
    assert p.timezone == "Europe/London" and p.industry == "Construction"
    assert p.languages == ["English"] and p.bio == "Helps PMPs,\nstep up"
    assert sorted(p.as_dict()["skills_offered"]) == [
        "governance",
        "stakeholder engagement",
    ]
    assert count(session, OutboxMessage, OutboxMessage.kind == "invitation") == 2
    assert count(session, PasswordResetToken) == 2
    assert count(session, AuditLog, AuditLog.action == "members.imported") == 1


BAD_ROWS = [
    (
        GOOD.replace("ana@example.org", "not-an-email"),
        "email",
        "Enter a valid email address, like name@example.org.",
    ),
    (GOOD.replace(",mentee,", ",teacher,"), "roles", "Use mentee, mentor or both."),
    (
        GOOD.replace(",4,IT,", ",99,IT,"),
        "years_experience",
        "Enter your years of experience as a whole number from 0 to 60.",
    ),
    (
        GOOD.replace("Europe/Lisbon", "Mars/Base"),
        "timezone",
        "Choose a time zone from the list.",
    ),
    (
        GOOD.replace("English;Portuguese", ""),
        "languages",
        "Choose at least one language.",
    ),
    (
        GOOD.replace("PMP:2022", "PMP:1800"),
        "certs_held",
        "Enter the year you earned PMP, from 1990 to",
    ),
    (
        GOOD.replace("PMP:2022", "XYZ"),
        "certs_held",
        "Choose certifications from the list.",
    ),
    (GOOD.replace(",PgMP,", ",PMP,"), "certs_targeted", "You already hold PMP"),
    (GOOD.replace(",Ana,", ",,"), "display_name", "Enter the name members see."),
    (
        GOOD.replace(",mentee,", ",mentor,"),
        "mentor_capacity",
        "Set a capacity of at least 1 mentee when you offer mentoring.",
    ),
    (
        GOOD.replace("Other: PMI Lisbon", "PMI Lisbon"),
        "chapter",
        "Unknown chapter “PMI Lisbon”: use a name from the chapter list, "
        "“Other: PMI Lisbon” to keep it",
    ),
    (
        GOOD.replace("Other: PMI Lisbon", "Other: " + "x" * 81),
        "chapter",
        "Keep this to 80 characters or fewer.",
    ),
]


@pytest.mark.parametrize(("row", "column", "message"), BAD_ROWS)
def test_import_row_rules_match_the_profile_form(session, row, column, message):
    report = run(session, csv_bytes(MENTOR, row))
    assert not report.ok and report.created == []
    assert [(e.line, e.column) for e in report.errors] == [(4, column)]
    assert report.errors[0].message.startswith(message)
    assert count(session, User) == 0 and count(session, OutboxMessage) == 0


def test_import_mixed_file_reports_every_error_and_imports_nothing(session):
    make_user(session, email="taken@example.org")
    rows = [
        GOOD,
        GOOD.replace("ana@", "TAKEN@"),
        GOOD.replace(",4,IT,", ",x,IT,").replace("ana@", "cai@"),
        GOOD.replace("ana@", "ANA@"),  # same as line 2 in another case
        MENTOR,
    ]
    report = run(session, csv_bytes(*rows))
    got = [(e.line, e.column, e.message) for e in report.errors]
    assert got == [
        (3, "email", "An account with this email already exists (no overwrite)."),
        (
            4,
            "years_experience",
            "Enter your years of experience as a whole number from 0 to 60.",
        ),
        (5, "email", "Duplicate of line 2 in this file."),
    ]
    assert count(session, User) == 1 and count(session, OutboxMessage) == 0


def test_import_line_numbers_follow_multiline_cells_and_blank_lines(session):
    report = run(session, csv_bytes(MENTOR, "", GOOD.replace(",Ana,", ",,")))
    # Header line 1, MENTOR spans lines 2-3, a blank line 4, the bad row on line 5.
    assert [(e.line, e.column) for e in report.errors] == [(5, "display_name")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"email,name\n", "missing columns: display_name"),
        (csv_bytes(GOOD, header=HEADER + ",extra"), "unknown columns: extra"),
        (b"\xff\xfe" + HEADER.encode("utf-16-le"), "Save the file as UTF-8"),
        (b"x" * (csv_import.MAX_BYTES + 1), "larger than 2 MB"),
    ],
)
def test_import_unusable_files_refused(session, data, message):
    with pytest.raises(CsvFileError, match=message):
        run(session, data)
    assert count(session, User) == 0


def test_import_row_cap(session, monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_ROWS", 1)
    with pytest.raises(CsvFileError, match="more than 1 members"):
        run(session, csv_bytes(GOOD, MENTOR))


def test_imported_member_sets_password_through_invitation(session, client):
    run(session, csv_bytes(GOOD))
    token = session.query(OutboxMessage).one().link.rsplit("/", 1)[1]
    assert (
        client.post(
            "/login", data={"email": "ana@example.org", "password": "anything-123"}
        ).status_code
        != 302
    )
    form = client.get(f"/password/reset/{token}")
    assert form.status_code == 200
    done = client.post(
        f"/password/reset/{token}",
        data={"password": "new-pass-1234", "confirm": "new-pass-1234"},
    )
    assert done.status_code == 302
    login = client.post(
        "/login", data={"email": "ana@example.org", "password": "new-pass-1234"}
    )
    assert login.status_code == 302


@pytest.mark.parametrize(
    ("cell", "name", "catalogue"),
    [
        ("PMI UK", "PMI UK", "PMI UK"),
        ("  the pmi uk chapter ", "PMI UK", "PMI UK"),
        ("PMI BERLIN/BRANDENBURG", "PMI Berlin/Brandenburg", "PMI Berlin/Brandenburg"),
        ("Other: Friends of Agile Leeds", "Friends of Agile Leeds", "Other"),
        ("other", "", "Other"),
        ("", "", None),
    ],
)
def test_import_maps_chapters_as_the_migration_did(session, cell, name, catalogue):
    row = GOOD.replace("Other: PMI Lisbon", f'"{cell}"')
    report = run(session, csv_bytes(row))
    assert report.ok, report.errors
    profile = session.query(User).filter_by(email="ana@example.org").one().profile
    entry = profile.chapter_entry
    assert (profile.chapter, entry.name if entry else None) == (name, catalogue)


def test_import_reports_each_unknown_chapter_on_its_row(session):
    rows = [
        GOOD.replace("Other: PMI Lisbon", "PMI Atlantis"),
        MENTOR,
        GOOD.replace("ana@", "cai@").replace("Other: PMI Lisbon", "Berlin"),
    ]
    report = run(session, csv_bytes(*rows))
    got = [(e.line, e.column, e.message.split(":")[0]) for e in report.errors]
    assert got == [
        (2, "chapter", "Unknown chapter “PMI Atlantis”"),
        (5, "chapter", "Unknown chapter “Berlin”"),
    ]
    assert count(session, User) == 0
