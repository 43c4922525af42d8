"""Form pieces shared by every feature: filters, validators, confirm buttons, notes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

try:  # WTForms 3.3 deprecates (value, label) tuples in favour of SelectChoice
    from wtforms import SelectChoice
except ImportError:  # pragma: no cover - older WTForms
    SelectChoice = None  # type: ignore[assignment,misc]

from mentormatch.core.dates import window
from mentormatch.core.models import utcnow
from mentormatch.web.converters import ID_MAX

# C0/C1 control characters other than tab, newline and carriage return. PostgreSQL
# refuses NUL in text, so letting one through would be a 500 in production only.
NOTE_MAX = 500
Validator = Callable[[Any, Field], None]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# On one line also: every control character (CR/LF would start a new line in an
# email), bidi embeddings/overrides/isolates and marks (they reorder what follows:
# "moc.elpmaxe"), zero-width characters and the line/paragraph separators.
_NOT_ON_ONE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
SINGLE_LINE = "Remove the invisible control characters. Keep this to one line of text."
# Plain ASCII digits only: int() also takes "1_0" and Arabic-Indic or full-width digits.
_WHOLE_NUMBER = re.compile(r"^[+-]?[0-9]{1,12}$", re.ASCII)


def strip_filter(value: Any) -> Any:
    """Trim surrounding white space from text input and normalise it to NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.strip())
    return value


def no_control_chars(form: Any, field: Field) -> None:
    """Refuse control characters such as NUL in any text value."""
    values = field.data if isinstance(field.data, list) else [field.data]
    for value in values:
        if isinstance(value, str) and _CONTROL.search(value):
            raise ValidationError("Remove the invisible control characters.")


def single_line(form: Any, field: Field) -> None:
    """Refuse line breaks, control, bidi-override and zero-width characters."""
    values = field.data if isinstance(field.data, list) else [field.data]
    for value in values:
        if isinstance(value, str) and _NOT_ON_ONE_LINE.search(value):
            raise ValidationError(SINGLE_LINE)


def strict_int(value: Any) -> int:
    """Parse a whole number of ASCII digits (an optional sign); else ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if not _WHOLE_NUMBER.match(text):
        raise ValueError(f"not a plain whole number: {value!r}")
    return int(text)


class StrictIntegerField(IntegerField):
    """An IntegerField that takes only plain ASCII digits (no `1_0`, no `١٠`)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        try:
            self.data = strict_int(valuelist[0])
        except ValueError as err:
            self.data = None  # type: ignore[assignment]  # WTForms: None when invalid
            message = self.invalid_value_message or "Not a valid integer value."
            raise ValueError(self.gettext(message)) from err


def database_ids(message: str) -> Validator:
    """Refuse ids the database cannot hold (and absurdly long lists of them)."""

    def check(form: Any, field: Field) -> None:
        values = field.data or []
        if len(values) > 500 or any(not 1 <= v <= ID_MAX for v in values):
            raise StopValidation(message)

    return check


def id_list(label: str, required: str) -> SelectMultipleField:
    """Ticked record ids: plain whole numbers within the database's range."""
    return SelectMultipleField(
        label,
        coerce=strict_int,
        validate_choice=False,
        validators=[DataRequired(required), database_ids("Tick items from the list.")],
    )


def near_today(what: str, *, past: bool = True) -> Validator:
    """Refuse a date (or date and time) more than WINDOW_YEARS from today.

    With `past` False only the far future is refused (the service then says why a
    past value is wrong in its own words).
    """

    def check(form: Any, field: Field) -> None:
        if not isinstance(field.data, date):
            return
        low, high = window(utcnow().date())
        day = field.data.date() if isinstance(field.data, datetime) else field.data
        if day > high or (past and day < low):
            raise ValidationError(
                f"Choose a {what} between {low.isoformat()} and {high.isoformat()}."
                if past
                else f"Choose a {what} before {high.isoformat()}."
            )

    return check


def options(pairs: Iterable[tuple[str, str]]) -> list[Any]:
    """Return select choices in the shape this WTForms version prefers."""
    if SelectChoice is None:
        return list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]


def grouped_options(
    groups: Iterable[tuple[str, Iterable[tuple[Any, str]]]], first: tuple[Any, str]
) -> list[Any]:
    """Select choices under <optgroup> labels, after one ungrouped `first` choice."""
    if SelectChoice is None:  # pragma: no cover - older WTForms: a flat list
        return [first, *(pair for _, pairs in groups for pair in pairs)]
    return [
        SelectChoice(*first),
        *(
            SelectChoice(value, label, optgroup=group)
            for group, pairs in groups
            for value, label in pairs
        ),
    ]


def message_length(form: Any, field: Field) -> None:
    """Keep a message within the configured REQUEST_MESSAGE_MAX."""
    limit = int(current_app.config["REQUEST_MESSAGE_MAX"])
    if len(field.data or "") > limit:
        raise ValidationError(f"Keep your message under {limit} characters.")


def note_field(label: str, required: str | None = None) -> TextAreaField:
    """A free-text note of at most NOTE_MAX characters; `required` is the message
    shown when it is left empty (None: the note is optional)."""
    return TextAreaField(
        label,
        filters=[strip_filter],
        validators=[
            DataRequired(required) if required else Optional(),
            Length(max=NOTE_MAX, message=f"Keep it under {NOTE_MAX} characters."),
            no_control_chars,
        ],
    )


SURE_REQUIRED = "Tick the box to confirm."


def sure_field(label: str, *, id: str) -> BooleanField:
    """The required tick of an action that cannot be undone (works without JS);
    `id` is unique on the page, where several such forms may sit."""
    return BooleanField(label, id=id, validators=[DataRequired(SURE_REQUIRED)])


class ConfirmForm(FlaskForm):
    """No fields: a POST button that carries the CSRF token."""


def whole_number(low: int, high: int, message: str) -> Validator:
    """Require a whole number from `low` to `high`; parse errors show `message` once."""

    def check(form: Any, field: Field) -> None:
        if field.process_errors:
            raise StopValidation()
        if field.data is None or not low <= field.data <= high:
            raise StopValidation(message)

    return check


def text(
    label: str, limit: int, *, required: str | None = None, area: bool = False
) -> StringField:
    """Return a stripped text field of at most `limit` characters."""
    first = [DataRequired(required)] if required else [Optional()]
    kind = TextAreaField if area else StringField
    return kind(
        label,
        filters=[strip_filter],
        validators=[
            *first,
            Length(max=limit, message=f"Keep this to {limit} characters or fewer."),
            no_control_chars if area else single_line,
        ],
    )


def number(label: str, low: int, high: int, message: str) -> IntegerField:
    """Return a required whole-number field with one clear message."""
    return StrictIntegerField(
        label,
        invalid_value_message=message,
        validators=[whole_number(low, high, message)],
        render_kw={"min": low, "max": high, "step": 1, "inputmode": "numeric"},
    )


def email_field(label: str = "Email") -> EmailField:
    """An email address field: trimmed, bounded, checked, autofilled."""
    return EmailField(
        label,
        filters=[strip_filter],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
        validators=[
            DataRequired("Enter your email address."),
            Length(max=254, message="An email address is at most 254 characters."),
            single_line,
            Email("Enter a valid email address, like name@example.org."),
        ],
    )
