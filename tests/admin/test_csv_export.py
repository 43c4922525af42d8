"""CSV export: formula-safe cells, the template's columns, and an import round trip."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import delete

from mentormatch.admin.csv_io import check_row
from mentormatch.admin.services import csv_export
from mentormatch.admin.services.csv_import import import_members
from mentormatch.core.models import (
    MatchRequest,
    MatchStatus,
    Profile,
    ProfileCertification,
    ProfileSkill,
    User,
    utcnow,
)
from tests.factories import make_match_request, make_mentee, make_mentor, make_user


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20", "'+44 20"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (3, "3"),
        (None, ""),
    ],
)
def test_safe_cell_guards_formulas(value, cell):
    assert csv_export.safe_cell(value) == cell


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_members_export_columns_and_values(session):
    make_mentor(
        session,
        user=make_user(session, email="m@example.org"),
        display_name='=HYPERLINK("x")',
        held={"PMP": 2012, "CAPM": None},
    )
    make_user(session)  # no profile: not exported
    text = "".join(csv_export.members_csv(session))
    assert text.startswith("\ufeff" + ",".join(csv_export.MEMBER_COLUMNS))
    (row,) = parse(text)
    assert row["display_name"] == '\'=HYPERLINK("x")'
    assert row["roles"] == "mentor" and row["certs_held"] == "CAPM;PMP:2012"
    assert row["formats"] == "video;async"


def test_pairings_export(session):
    req = make_match_request(session, status=MatchStatus.ACTIVE, started_at=utcnow())
    make_match_request(session)  # only requested: not a pairing
    (row,) = parse("".join(csv_export.pairings_csv(session)))
    assert row["request_id"] == str(req.request_id) and row["status"] == "active"
    assert row["mentee_email"] == req.mentee.email and row["started_at"]


def test_export_wipe_import_round_trip(session):
    make_mentor(
        session,
        display_name="-Dash Mentor",
        bio='Line one,\nline "two"',
        headline="@handle",
        chapter="PMI UK",
        industry="Finance",
    )
    make_mentee(
        session,
        wants_mentor=True,
        offers_mentoring=True,
        mentor_capacity=1,
        languages=["English", "German"],
        formats=["in_person"],
    )
    make_mentee(session, held={}, targets=["CAPM"], wants=[])
    before = {u.email: u.profile.as_dict() for u in session.query(User).all()}
    data = "".join(csv_export.members_csv(session)).encode()
    for model in (ProfileSkill, ProfileCertification, Profile, MatchRequest, User):
        session.execute(delete(model))
    session.commit()
    report = import_members(session, data, validate=check_row, actor=None)
    assert report.ok, report.errors
    after = {u.email: u.profile.as_dict() for u in session.query(User).all()}
    assert after == before
