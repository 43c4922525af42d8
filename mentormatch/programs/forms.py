"""Forms of the programs area: a program, an application, screening, PDU split."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, Optional, ValidationError

from mentormatch.core.chapters import REGION_ORDER, by_region
from mentormatch.core.choices import LANGUAGES, timezones
from mentormatch.core.models import Chapter, ProgramRole
from mentormatch.matching.catalog import CERTIFICATIONS
from mentormatch.programs.services.programs import ProgramData
from mentormatch.web.forms import (
    email_field,
    grouped_options,
    near_today,
    note_field,
    number,
    options,
    strict_int,
    text,
)

CERT_CHOICES = options((c.code, c.code) for c in CERTIFICATIONS)


def _date(label: str) -> DateField:
    return DateField(
        label, validators=[Optional(), near_today("date")], format="%Y-%m-%d"
    )


def _certs(label: str) -> SelectMultipleField:
    return SelectMultipleField(
        label,
        choices=CERT_CHOICES,
        invalid_choice_message="Choose certifications from the list.",
    )


class ProgramForm(FlaskForm):
    """A new program: owner, cycle, eligibility, capacity, who proposes pairs."""

    name = text("Program name", 120, required="Name the program.")
    description = text("Description", 2000, area=True)
    chapter = SelectField(
        "Chapter",
        coerce=strict_int,
        invalid_choice_message="Choose a chapter from the list.",
    )
    organisation = text("Or an organisation (an employer's PMO)", 120)
    applications_open = _date("Applications open")
    applications_close = _date("Applications close")
    matching_open = _date("Matching opens")
    matching_close = _date("Matching closes")
    pairing_weeks = number(
        "Default pairing length (weeks)", 1, 104, "Give 1 to 104 weeks."
    )
    mentor_certs = _certs("Mentors must hold")
    mentor_min_years = number("Mentors' minimum years", 0, 60, "Give 0 to 60 years.")
    mentee_certs = _certs("Mentees must hold")
    mentee_min_years = number("Mentees' minimum years", 0, 60, "Give 0 to 60 years.")
    membership_required = BooleanField(
        "Applicants must confirm current chapter membership"
    )
    language = SelectField(
        "Language",
        choices=options([("", "Any"), *((n, n) for n in LANGUAGES)]),
        invalid_choice_message="Choose a language from the list.",
        default="",
    )
    default_capacity = number("Mentees per mentor by default", 0, 10, "Give 0 to 10.")
    self_request = BooleanField("Members may request mentors themselves", default=True)

    def set_chapters(self, chapters: Iterable[Chapter]) -> None:
        """Offer the catalogue's chapters by PMI region ("Other" owns no program)."""
        listed = [c for c in chapters if not c.is_other]
        self.chapter.choices = grouped_options(
            (
                (region, [(c.chapter_id, c.name) for c in rows])
                for region, rows in by_region(listed)
            ),
            (0, "No chapter (an organisation's program)"),
        )

    def validate_applications_close(self, field: Any) -> None:
        if (
            field.data
            and self.applications_open.data
            and field.data < self.applications_open.data
        ):
            raise ValidationError("Applications must close after they open.")

    def validate_matching_close(self, field: Any) -> None:
        if (
            field.data
            and self.matching_open.data
            and field.data < self.matching_open.data
        ):
            raise ValidationError("Matching must close after it opens.")

    def to_data(self) -> ProgramData:
        return ProgramData(
            name=self.name.data,
            description=self.description.data or "",
            chapter_id=self.chapter.data or None,
            organisation=self.organisation.data or "",
            applications_open=self.applications_open.data,
            applications_close=self.applications_close.data,
            matching_open=self.matching_open.data,
            matching_close=self.matching_close.data,
            pairing_weeks=self.pairing_weeks.data,
            mentor_certs=tuple(self.mentor_certs.data or ()),
            mentor_min_years=self.mentor_min_years.data,
            mentee_certs=tuple(self.mentee_certs.data or ()),
            mentee_min_years=self.mentee_min_years.data,
            membership_required=self.membership_required.data,
            language=self.language.data or "",
            default_capacity=self.default_capacity.data,
            self_request=self.self_request.data,
        )


class ApplyForm(FlaskForm):
    """An application: as what, why, how many hours a month."""

    role = SelectField(
        "Apply as",
        choices=options(
            [
                ("", "Choose mentee or mentor"),
                (ProgramRole.MENTEE.value, "Mentee"),
                (ProgramRole.MENTOR.value, "Mentor"),
            ]
        ),
        invalid_choice_message="Choose mentee or mentor.",
        validators=[DataRequired("Choose mentee or mentor.")],
    )
    motivation = note_field("Why do you want to take part?", "Tell the program why.")
    hours_per_month = number("Hours a month you can give", 1, 40, "Give 1 to 40 hours.")
    membership_confirmed = BooleanField("I am a current member of the chapter")


class ScreenForm(FlaskForm):
    """An admin's decision on one application."""

    decision = SelectField(
        "Decision",
        choices=options(
            [
                ("", "Choose a decision"),
                ("accept", "Accept"),
                ("waitlist", "Waiting list"),
                ("decline", "Decline"),
            ]
        ),
        invalid_choice_message="Choose accept, waitlist or decline.",
        validators=[DataRequired("Choose a decision.")],
    )
    reason = note_field("Reason (needed to waitlist or decline)")

    def validate(self, extra_validators: Any = None) -> bool:
        """Also: a waitlisting or decline needs a reason. Checked here, as an
        inline ``validate_reason`` never runs on an empty note (its Optional
        validator stops the chain), which left the service's 400 page."""
        ok = super().validate(extra_validators)
        if self.decision.data in ("waitlist", "decline") and not self.reason.data:
            self.reason.errors = [*self.reason.errors, "Give the applicant a reason."]
            return False
        return ok


class SplitForm(FlaskForm):
    """The member's talent-triangle split and description of one pairing's hours."""

    ways_of_working = number("Ways of Working %", 0, 100, "Give 0 to 100.")
    power_skills = number("Power Skills %", 0, 100, "Give 0 to 100.")
    business_acumen = number("Business Acumen %", 0, 100, "Give 0 to 100.")
    description = text("Description for the claim", 500)

    def validate_business_acumen(self, field: Any) -> None:
        parts = (self.ways_of_working.data, self.power_skills.data, field.data)
        if all(isinstance(p, int) for p in parts) and sum(parts) != 100:
            raise ValidationError("The three parts must add up to 100%.")


class AdminForm(FlaskForm):
    """Name a program admin by email."""

    email = email_field()


class ChapterForm(FlaskForm):
    """Add a chapter to the catalogue."""

    name = text("Chapter name", 120, required="Name the chapter.")
    region = SelectField(
        "PMI region",
        choices=options([("", "No region"), *((r, r) for r in REGION_ORDER)]),
        invalid_choice_message="Choose a region from the list.",
        default="",
    )
    country = text("Country", 60)
    timezone = SelectField(
        "Time zone",
        choices=options([("", "Choose the time zone"), *((z, z) for z in timezones())]),
        invalid_choice_message="Choose a time zone from the list.",
        validators=[DataRequired("Give the time zone, e.g. Europe/London.")],
        default="",
    )

    def values(self) -> dict[str, str]:
        """The new chapter's fields, for `add_chapter`."""
        return {
            "name": self.name.data,
            "region": self.region.data or "",
            "country": self.country.data or "",
            "timezone": self.timezone.data,
        }


class ApproveForm(FlaskForm):
    """Approving one accepted request of the program, with an optional note."""

    note = note_field("Note (optional)")


class RejectForm(FlaskForm):
    """Rejecting one accepted request: the reason is shown to both."""

    reason = note_field(
        "Reason (shown to both members)",
        required="Give a reason; both members will read it.",
    )
