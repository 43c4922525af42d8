"""CSV import of members: every row checked first, then all imported or none."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentormatch.accounts import invite, normalise_email
from mentormatch.admin.services.csv_export import LIST_SEP, MEMBER_COLUMNS
from mentormatch.core import audit
from mentormatch.core.catalog import skills_by_name
from mentormatch.core.chapters import catalogue_names, chapter_key, split_cell
from mentormatch.core.choices import INDUSTRIES, LANGUAGES, timezones
from mentormatch.core.csvcells import FORMULA_STARTS
from mentormatch.core.errors import ValidationError
from mentormatch.core.models import User
from mentormatch.core.roles import enrol
from mentormatch.matching.catalog import (
    CERTIFICATION_CODES,
    MEETING_FORMATS,
    SKILL_NAMES,
)
from mentormatch.profiles import ProfileData, apply_profile

MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
INVITATION_VALID = timedelta(days=7)
# No password matches this hash: the member sets one through the invitation.
NO_PASSWORD = "!invited"
ROLES: dict[str, list[str]] = {
    "mentee": ["mentee"],
    "mentor": ["mentor"],
    "both": ["mentee", "mentor"],
}
LIST_COLUMNS = (
    "languages",
    "formats",
    "certs_targeted",
    "skills_offered",
    "skills_wanted",
)
FormData = dict[str, list[str]]
# Checks one row's form data with the profile form's rules: the values or errors.
RowCheck = Callable[[FormData], tuple[ProfileData | None, dict[str, list[str]]]]


class CsvFileError(ValidationError):
    """The file as a whole cannot be read: size, encoding, header or row count."""


@dataclass(frozen=True, slots=True, order=True)
class RowError:
    """One problem: the file line the row starts on, its column and the message."""

    line: int
    column: str
    message: str


@dataclass(slots=True)
class ImportReport:
    """What an import did: the members created, or every error (and nothing done)."""

    rows: int = 0
    created: list[User] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _canonical(choices: Iterable[str]) -> dict[str, str]:
    return {c.lower(): c for c in choices}


CANON: dict[str, dict[str, str]] = {
    "industry": _canonical(INDUSTRIES),
    "languages": _canonical(LANGUAGES),
    "formats": _canonical(MEETING_FORMATS),
    "certs": _canonical(CERTIFICATION_CODES),
    "skills": _canonical(SKILL_NAMES),
}
LIST_CANON = {
    "languages": "languages",
    "formats": "formats",
    "certs_targeted": "certs",
    "skills_offered": "skills",
    "skills_wanted": "skills",
}


def unescape(cell: str) -> str:
    """Undo the export's formula guard: drop an apostrophe before = + - @."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise CsvFileError(
            f"The file is larger than {MAX_BYTES // 1024 // 1024} MB; "
            "split it into smaller files."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CsvFileError("Save the file as UTF-8 CSV and try again.") from err


def _check_header(header: list[str] | None) -> None:
    if not header:
        raise CsvFileError("The file is empty; start from the template.")
    names = [h.strip().lower() for h in header]
    missing = [c for c in MEMBER_COLUMNS if c not in names]
    unknown = [h for h in names if h not in MEMBER_COLUMNS]
    twice = len(set(names)) != len(names)
    if missing or unknown or twice:
        parts = [
            f"missing columns: {', '.join(missing)}" if missing else "",
            f"unknown columns: {', '.join(unknown)}" if unknown else "",
            "a column appears twice" if twice else "",
        ]
        raise CsvFileError(
            "The header does not match the template ("
            + "; ".join(p for p in parts if p)
            + ")."
        )


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Parse the file into (line the row starts on, cells by column) pairs.

    A UTF-8 byte order mark and CRLF line ends are fine; blank lines are skipped.

    Raises
    ------
    CsvFileError
        Too large, not UTF-8, malformed, a header unlike the template, or more
        than ``MAX_ROWS`` rows.
    """
    reader = csv.reader(io.StringIO(_decode(data), newline=""), strict=True)
    try:
        header = next(reader, None)
        _check_header(header)
        assert header is not None
        names = [h.strip().lower() for h in header]
        rows: list[Any] = []
        start = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                if len(rows) == MAX_ROWS:
                    raise CsvFileError(
                        f"The file has more than {MAX_ROWS} members; "
                        "split it into smaller files."
                    )
                padded = [*cells, *[""] * (len(names) - len(cells))]
                rows.append((start, dict(zip(names, padded, strict=False))))
            start = reader.line_num + 1
    except csv.Error as err:
        raise CsvFileError(
            f"The file is not valid CSV near line {reader.line_num}: {err}."
        ) from err
    return rows


def _split(cell: str, canon: Mapping[str, str]) -> list[str]:
    items = (unescape(part.strip()) for part in cell.split(LIST_SEP))
    return [canon.get(item.lower(), item) for item in items if item]


def _held(cell: str, data: FormData) -> None:
    codes = []
    for item in _split(cell, {}):
        code, _, year = item.partition(":")
        code = CANON["certs"].get(code.strip().lower(), code.strip())
        codes.append(code)
        if year.strip() and code in CERTIFICATION_CODES:
            data["year_" + code.replace("-", "_")] = [year.strip()]
    data["certs_held"] = codes


def _chapter(
    cell: str, known: Mapping[str, str], data: FormData
) -> list[tuple[str, str]]:
    """Map the chapter cell onto the catalogue as the migration did; name what
    it cannot map ("Other: <name>" keeps a chapter the catalogue lacks)."""
    data.pop("chapter", None)
    name, other = split_cell(cell)
    if not name:
        return []
    canonical = known.get(chapter_key(name))
    if canonical is None:
        shown = name[:80]
        return [
            (
                "chapter",
                f"Unknown chapter “{shown}”: use a name from the chapter list, "
                f"“Other: {shown}” to keep it as a chapter not listed, or leave "
                "the cell empty.",
            )
        ]
    data["chapter"] = [canonical]
    if other:
        data["chapter_other"] = [other]
    return []


def to_formdata(
    row: Mapping[str, str], chapters: Mapping[str, str] | None = None
) -> tuple[FormData, list[tuple[str, str]]]:
    """Turn one row's cells into profile-form data, with conversion errors.

    `chapters`: the catalogue's names by normalised key (`catalogue_names`).
    """
    cells = {k: unescape((v or "").strip()) for k, v in row.items()}
    errors: list[tuple[str, str]] = []
    data: FormData = {
        name: [cells[name]]
        for name in MEMBER_COLUMNS
        if name not in LIST_COLUMNS and cells[name]
    }
    data.pop("roles", None)
    role = cells["roles"].lower()
    if role and role not in ROLES:
        errors.append(("roles", "Use mentee, mentor or both."))
    data["roles"] = ROLES.get(role, [])
    if cells["industry"]:
        data["industry"] = [
            CANON["industry"].get(cells["industry"].lower(), cells["industry"])
        ]
    zones = _canonical(timezones())
    if cells["timezone"]:
        data["timezone"] = [zones.get(cells["timezone"].lower(), cells["timezone"])]
    for name in LIST_COLUMNS:
        data[name] = _split(cells[name], CANON[LIST_CANON[name]])
    _held(cells["certs_held"], data)
    errors += _chapter(cells["chapter"], chapters or {}, data)
    return data, errors


def _column(field_name: str) -> str:
    if field_name == "chapter_other":
        return "chapter"
    return "certs_held" if field_name.startswith(("year_", "number_")) else field_name


def check_rows(
    session: Session,
    rows: list[tuple[int, dict[str, str]]],
    validate: RowCheck,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[list[tuple[str, ProfileData]], list[RowError]]:
    """Validate every row; return (email, data) plans and every error found."""
    plans: list[Any] = []
    errors: list[Any] = []
    seen: dict[str, int] = {}
    chapters = catalogue_names(session)
    for line, row in rows:
        data, problems = to_formdata(row, chapters)
        values, form_errors = validate(data)
        converted = {column for column, _ in problems}
        problems += [
            (_column(f), m)
            for f, ms in form_errors.items()
            for m in ms
            if _column(f) not in converted
        ]
        email = normalise_email(row.get("email") or "")
        if email and email in seen:
            problems.append(("email", f"Duplicate of line {seen[email]} in this file."))
        seen.setdefault(email, line)
        errors += [RowError(line, col, msg) for col, msg in dict.fromkeys(problems)]
        if values is not None and not problems:
            plans.append((email, values))
        if on_progress:
            on_progress(1)
    errors += _taken(session, {e: n for e, n in seen.items() if e})
    return plans, sorted(errors)


def _taken(session: Session, lines: dict[str, int]) -> list[RowError]:
    emails, found = list(lines), list[Any]()
    for i in range(0, len(emails), 500):
        chunk = emails[i : i + 500]
        found += session.scalars(
            select(func.lower(User.email)).where(func.lower(User.email).in_(chunk))
        ).all()
    message = "An account with this email already exists (no overwrite)."
    return [RowError(lines[e], "email", message) for e in found]


def import_members(
    session: Session,
    data: bytes,
    *,
    validate: RowCheck,
    actor: User | None,
    on_progress: Callable[[int], None] | None = None,
    before_commit: Callable[[ImportReport], None] | None = None,
    program_id: int | None = None,
) -> ImportReport:
    """Import members from CSV: all rows or, if any row is wrong, none.

    Parameters
    ----------
    validate
        The profile form's rules for one row (the web layer builds the form).
    actor
        The admin importing (None from the command line); audited.
    on_progress
        Called with 1 per row checked and per member created.
    before_commit
        Called with the report just before the import commits, so that a job
        can record its result in the same transaction (once, even if rerun).
    program_id
        Enrol every created member in this program, accepted in the roles of
        their row (a program admin's import always names their program).

    Returns
    -------
    ImportReport
        The created members (each with a 7-day invitation queued), or every row
        error with its line; then the database is unchanged.

    Raises
    ------
    CsvFileError
        The file as a whole is unusable; nothing is changed.
    """
    rows = read_rows(data)
    plans, errors = check_rows(session, rows, validate, on_progress)
    report = ImportReport(rows=len(rows), errors=errors)
    if errors:
        return report
    known = skills_by_name(session)
    with session.no_autoflush:
        for email, values in plans:
            user = User(email=email, password_hash=NO_PASSWORD)
            session.add(user)
            apply_profile(session, user=user, data=values, known_skills=known)
            report.created.append(user)
    session.flush()
    for user in report.created:
        invite(session, user=user, valid_for=INVITATION_VALID)
        if program_id is not None:
            enrol(session, user, program_id, by=actor)
        if on_progress:
            on_progress(1)
    audit.record(
        session,
        actor=actor,
        action="members.imported",
        target_type="program" if program_id is not None else "user",
        target_id=program_id,
        count=len(plans),
    )
    if before_commit:
        before_commit(report)
    _commit(session, report)
    return report


def _commit(session: Session, report: ImportReport) -> None:
    try:
        session.commit()
    except IntegrityError as err:  # someone signed up with one of the emails meanwhile
        session.rollback()
        report.created = []
        raise CsvFileError(
            "An email in the file was registered while importing; nothing was "
            "imported. Try again to see which."
        ) from err
