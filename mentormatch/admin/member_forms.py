"""Forms of the member admin and import screens."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from mentormatch.profiles import ProfileForm
from mentormatch.web.forms import email_field, options, single_line, strip_filter


class MemberFilterForm(FlaskForm):
    """Search and filters of the member list, read from the query string."""

    class Meta:
        csrf = False

    q = StringField(
        "Email or name contains",
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=100, message="Keep the search to 100 characters or fewer."),
            single_line,
        ],
    )
    role = SelectField(
        "Role",
        default="",
        choices=options(
            [
                ("", "Any role"),
                ("mentee", "Mentees only"),
                ("mentor", "Mentors only"),
                ("both", "Both"),
                ("none", "No role or profile"),
            ]
        ),
    )
    active = SelectField(
        "Account",
        default="",
        choices=options(
            [("", "Active and deactivated"), ("yes", "Active"), ("no", "Deactivated")]
        ),
    )

    @property
    def active_flag(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.active.data or "")


class ImportForm(FlaskForm):
    """Upload a CSV file of members to import."""

    file = FileField(
        "CSV file (UTF-8, the template's columns)",
        validators=[FileRequired("Choose a CSV file to import.")],
    )


class MemberRowForm(ProfileForm):
    """One imported CSV row: the sign-up email rule plus every profile form rule."""

    class Meta:
        csrf = False

    email = email_field()
    # The import maps the cell onto the catalogue and reports unknown names
    # itself (once per file, not one catalogue query per row); the service
    # checks the name again when it saves.
    chapter = StringField("PMI chapter", filters=[strip_filter])
