"""The profile form: who you are, what you hold, and what you offer or want."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    Field,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from mentormatch.core.chapters import by_region
from mentormatch.core.choices import CERT_YEAR_MIN, INDUSTRIES, LANGUAGES, timezones
from mentormatch.core.models import OTHER_CHAPTER, CertKind, Chapter, Profile
from mentormatch.matching.catalog import (
    CERTIFICATIONS,
    MEETING_FORMAT_LABELS,
    MEETING_FORMATS,
    SKILL_GROUPS,
    SKILL_NAMES,
    SKILLS,
)
from mentormatch.profiles.services.profiles import ProfileData
from mentormatch.web.forms import (
    StrictIntegerField,
    Validator,
    grouped_options,
    number,
    options,
    single_line,
    strip_filter,
    text,
)

ROLE_MENTEE = "mentee"
ROLE_MENTOR = "mentor"
ROLES_MESSAGE = "Choose whether you want a mentor, offer mentoring, or both."
NO_CHAPTER = ("", "No chapter / not a member")
CHAPTER_MESSAGE = (
    "Choose your chapter from the list, or “Other” and type its name below."
)
SKILLS_GROUPED = [(g, [s.name for s in SKILLS if s.group == g]) for g in SKILL_GROUPS]


CERT_CHOICES = options((c.code, f"{c.code} — {c.name}") for c in CERTIFICATIONS)


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def at_least_one(message: str) -> Validator:
    """Require at least one ticked option."""

    def check(form: Any, field: Field) -> None:
        if not field.data:
            raise StopValidation(message)

    return check


def multi(label: str, choices: list[Any], what: str, **kw: Any) -> MultiCheckboxField:
    """Return a checkbox list that refuses values outside `choices`."""
    return MultiCheckboxField(
        label,
        choices=choices,
        invalid_choice_message=f"Choose {what} from the list.",
        validators=kw.pop("validators", []),
        **kw,
    )


def year_field_name(code: str) -> str:
    """Return the form field name holding the year a certification was earned."""
    return "year_" + code.replace("-", "_")


def number_field_name(code: str) -> str:
    """Return the form field name holding a certification's certificate number."""
    return "number_" + code.replace("-", "_")


CERT_NUMBER_MAX = 40


def held_for_number(code: str) -> Validator:
    """A certificate number only goes with a certification ticked as held."""

    def check(form: Any, field: Field) -> None:
        if field.data and code not in (form.certs_held.data or ()):
            raise StopValidation(f"Tick {code} as held, or leave its number empty.")

    return check


def earned_year(code: str) -> Validator:
    """Check the year a certification was earned: in range, and the cert is held."""

    def check(form: Any, field: Field) -> None:
        if field.process_errors:
            raise StopValidation()
        this_year = date.today().year
        if not CERT_YEAR_MIN <= field.data <= this_year:
            span = f"from {CERT_YEAR_MIN} to {this_year}"
            raise StopValidation(f"Enter the year you earned {code}, {span}.")
        if code not in (form.certs_held.data or ()):
            raise StopValidation(f"Tick {code} as held, or leave its year empty.")

    return check


def skill_choices() -> list[Any]:
    """Return every catalogue skill as a checkbox option."""
    return options((name, name) for name in SKILL_NAMES)


class ProfileForm(FlaskForm):
    """Create or edit your own profile."""

    skill_groups = SKILLS_GROUPED

    display_name = text("Display name", 80, required="Enter the name members see.")
    display_name.kwargs["render_kw"] = {"autocomplete": "name"}
    headline = text("Headline", 140)
    bio = text("About you (mentors: what you can help with)", 2000, area=True)
    goals = text("Your goals, in your own words", 2000, area=True)
    years_experience = number(
        "Years of project management experience",
        0,
        60,
        "Enter your years of experience as a whole number from 0 to 60.",
    )
    industry = SelectField(
        "Industry",
        choices=options([("", "Not specified"), *((i, i) for i in INDUSTRIES)]),
        invalid_choice_message="Choose an industry from the list.",
        default="",
    )
    chapter = SelectField(
        "PMI chapter",
        choices=options([NO_CHAPTER]),
        invalid_choice_message=CHAPTER_MESSAGE,
        default="",
    )
    chapter_other = text("Other chapter name", 80)
    timezone = SelectField(
        "Time zone",
        choices=options(
            [("", "Choose your time zone"), *((z, z) for z in timezones())]
        ),
        invalid_choice_message="Choose a time zone from the list.",
        default="",
        validators=[DataRequired("Choose your time zone.")],
    )
    languages = multi(
        "Languages you mentor or learn in",
        options((name, name) for name in LANGUAGES),
        "languages",
        validators=[at_least_one("Choose at least one language.")],
    )
    hours_per_month = number(
        "Hours per month available",
        1,
        40,
        "Enter hours per month as a whole number from 1 to 40.",
    )
    formats = multi(
        "Meeting formats",
        options((f, MEETING_FORMAT_LABELS[f]) for f in MEETING_FORMATS),
        "meeting formats",
        validators=[at_least_one("Choose at least one meeting format.")],
    )
    roles = multi(
        "How you take part",
        options([(ROLE_MENTEE, "I want a mentor"), (ROLE_MENTOR, "I offer mentoring")]),
        "a role",
        validators=[at_least_one(ROLES_MESSAGE)],
    )
    mentor_capacity = number(
        "Mentees you can take on at once",
        0,
        10,
        "Enter a mentor capacity as a whole number from 0 to 10.",
    )
    certs_held = multi("Certifications you hold", CERT_CHOICES, "certifications")
    certs_targeted = multi("Certifications you aim for", CERT_CHOICES, "certifications")
    skills_offered = multi("Skills you offer as a mentor", skill_choices(), "skills")
    skills_wanted = multi("Skills you want to grow", skill_choices(), "skills")

    def set_chapters(self, chapters: Iterable[Chapter]) -> None:
        """Offer the catalogue's chapters, grouped by PMI region, "Other" last."""
        self.chapter.choices = grouped_options(
            (
                (region, [(c.name, c.name) for c in rows])
                for region, rows in by_region(chapters)
            ),
            NO_CHAPTER,
        )

    def validate_chapter_other(self, field: Field) -> None:
        if field.data and self.chapter.data != OTHER_CHAPTER:
            raise ValidationError(
                "Choose “Other” in the chapter list to type a chapter name, "
                "or clear this field."
            )

    def validate_mentor_capacity(self, field: Field) -> None:
        offering = ROLE_MENTOR in (self.roles.data or ())
        if offering and field.data is not None and field.data < 1:
            raise ValidationError(
                "Set a capacity of at least 1 mentee when you offer mentoring."
            )

    def validate_certs_targeted(self, field: Field) -> None:
        both = sorted(set(field.data or ()) & set(self.certs_held.data or ()))
        if both:
            raise ValidationError(
                f"You already hold {', '.join(both)}; untick it as a target."
            )

    def year_field(self, code: str) -> IntegerField:
        """Return the year-earned field for a certification code."""
        return self[year_field_name(code)]

    def number_field(self, code: str) -> StringField:
        """Return the certificate-number field for a certification code."""
        return self[number_field_name(code)]

    def to_data(self) -> ProfileData:
        """Return the validated values as the service's ProfileData."""
        roles = set(self.roles.data)
        return ProfileData(
            display_name=self.display_name.data,
            headline=self.headline.data or "",
            bio=self.bio.data or "",
            goals=self.goals.data or "",
            years_experience=self.years_experience.data,
            industry=self.industry.data or "",
            chapter=self.chapter.data or "",
            chapter_other=self.chapter_other.data or "",
            timezone=self.timezone.data,
            languages=tuple(self.languages.data),
            formats=tuple(self.formats.data),
            hours_per_month=self.hours_per_month.data,
            wants_mentor=ROLE_MENTEE in roles,
            offers_mentoring=ROLE_MENTOR in roles,
            mentor_capacity=self.mentor_capacity.data,
            held={c: self.year_field(c).data for c in self.certs_held.data},
            targets=tuple(self.certs_targeted.data),
            offers=tuple(self.skills_offered.data),
            wants=tuple(self.skills_wanted.data),
            numbers={
                c: self.number_field(c).data
                for c in self.certs_held.data
                if self.number_field(c).data
            },
        )


for _cert in CERTIFICATIONS:
    setattr(
        ProfileForm,
        year_field_name(_cert.code),
        StrictIntegerField(
            f"Year you earned {_cert.code}",
            invalid_value_message=f"Enter the year you earned {_cert.code}, like 2019.",
            validators=[Optional(), earned_year(_cert.code)],
            render_kw={"min": CERT_YEAR_MIN, "inputmode": "numeric"},
        ),
    )
    setattr(
        ProfileForm,
        number_field_name(_cert.code),
        StringField(
            f"{_cert.code} certificate number (optional)",
            filters=[strip_filter],
            validators=[
                Optional(),
                Length(
                    max=CERT_NUMBER_MAX,
                    message=f"Keep the number to {CERT_NUMBER_MAX} characters "
                    "or fewer.",
                ),
                single_line,
                held_for_number(_cert.code),
            ],
            render_kw={"maxlength": CERT_NUMBER_MAX, "autocomplete": "off"},
        ),
    )


# The edit page's sections, each saved on its own: section -> its form fields.
SECTIONS: dict[str, tuple[str, ...]] = {
    "about": ("display_name", "headline", "bio", "goals"),
    "experience": ("years_experience", "industry", "chapter", "chapter_other"),
    "availability": ("timezone", "languages", "hours_per_month", "formats"),
    "mentoring": ("roles", "mentor_capacity"),
    "certifications": (
        "certs_held",
        "certs_targeted",
        *(year_field_name(c.code) for c in CERTIFICATIONS),
        *(number_field_name(c.code) for c in CERTIFICATIONS),
    ),
    "skills": ("skills_offered", "skills_wanted"),
}
SECTION_TITLES = {
    "about": "About you",
    "experience": "Experience",
    "availability": "Availability",
    "mentoring": "Mentoring",
    "certifications": "Certifications",
    "skills": "Skills",
}


def keep_saved(form: ProfileForm, saved: dict[str, Any], section: str) -> None:
    """Give every field outside `section` its saved value, whatever was posted,
    so saving one section never changes (or fails on) another."""
    own = set(SECTIONS[section])
    blank = ProfileForm(formdata=None, data=saved)
    for f in form:
        if f.name not in own and f.name != "csrf_token":
            f.data = blank[f.name].data


def validate_section(form: ProfileForm, section: str | None) -> bool:
    """Validate the form; for one section, keep (and count) only its errors."""
    form.validate()
    if section is not None:
        own = {*SECTIONS[section], "csrf_token"}
        for f in form:
            if f.name not in own:
                f.errors = []
        form.form_errors = []
    return not any(f.errors for f in form) and not form.form_errors


def initial_data(profile: Profile | None) -> dict[str, Any]:
    """Return the form's starting values: the saved profile, or friendly defaults."""
    if profile is None:
        return {"hours_per_month": 2, "mentor_capacity": 0, "formats": ["video"]}
    data = profile.as_dict()
    held = data.pop("certifications_held")
    roles = (
        (ROLE_MENTEE, profile.wants_mentor),
        (ROLE_MENTOR, profile.offers_mentoring),
    )
    data["roles"] = [role for role, on in roles if on]
    data["certs_held"] = list(held)
    data["certs_targeted"] = data.pop("certifications_targeted")
    data.update(chapter_data(profile))
    data.update({year_field_name(c): y for c, y in held.items()})
    data.update(
        {
            number_field_name(c.code): c.number
            for c in profile.certifications
            if c.kind == CertKind.HELD and c.number
        }
    )
    return data


def chapter_data(profile: Profile) -> dict[str, str]:
    """The chapter fields for a saved profile: its catalogue chapter, or "Other"
    with the member's own words (text the catalogue never matched included)."""
    entry = profile.chapter_entry
    if entry is not None and not entry.is_other:
        return {"chapter": entry.name, "chapter_other": ""}
    if entry is not None or profile.chapter:
        return {"chapter": OTHER_CHAPTER, "chapter_other": profile.chapter}
    return {"chapter": "", "chapter_other": ""}
