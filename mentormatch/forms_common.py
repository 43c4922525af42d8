"""Field filters and validators shared by every form."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from wtforms import Field
from wtforms.validators import ValidationError

try:  # WTForms 3.3 deprecates (value, label) tuples in favour of SelectChoice
    from wtforms import SelectChoice
except ImportError:  # pragma: no cover - older WTForms
    SelectChoice = None  # type: ignore[assignment,misc]

# C0/C1 control characters other than tab, newline and carriage return. PostgreSQL
# refuses NUL in text, so letting one through would be a 500 in production only.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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


def options(pairs: Iterable[tuple[str, str]]) -> list[Any]:
    """Return select choices in the shape this WTForms version prefers."""
    if SelectChoice is None:
        return list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]
