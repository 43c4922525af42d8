"""The suggestions page's filter form (GET, no CSRF: it changes nothing)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField

from mentormatch.core.choices import LANGUAGES
from mentormatch.matching import RankFilters
from mentormatch.matching.catalog import (
    CERTIFICATION_CODES,
    MEETING_FORMAT_LABELS,
    SKILL_NAMES,
)
from mentormatch.web.forms import options

ANY = ("", "Any")


def _choices(values: Iterable[str]) -> list[object]:
    return options([ANY, *((v, v) for v in values)])


def _select(label: str, values: Iterable[str]) -> SelectField:
    # default "" so that an absent parameter means "any", not an invalid choice
    return SelectField(label, choices=_choices(values), default="")


TIMEZONE_WINDOW_HOURS = 3.0


class SuggestionFilterForm(FlaskForm):
    """Narrow suggestions by certification, skill, chapter, language, format, zone."""

    class Meta:
        csrf = False

    certification = _select("Certification held", CERTIFICATION_CODES)
    skill = _select("Skill offered", SKILL_NAMES)
    chapter = _select("Chapter", ())
    language = _select("Language", LANGUAGES)
    format = SelectField(
        "Meeting format",
        choices=options([ANY, *MEETING_FORMAT_LABELS.items()]),
        default="",
    )
    near = BooleanField("My time zone ±3 h")

    def set_chapters(self, chapters: list[str]) -> None:
        self.chapter.choices = _choices(chapters)

    def to_filters(self) -> RankFilters:
        """Return the engine filters for the valid fields (invalid ones are dropped)."""
        return RankFilters(
            certification=self.certification.data or None,
            skill=self.skill.data or None,
            chapter=self.chapter.data or None,
            language=self.language.data or None,
            format=self.format.data or None,
            max_timezone_hours=TIMEZONE_WINDOW_HOURS if self.near.data else None,
        )

    @property
    def active(self) -> list[str]:
        """Labels of the filters in use, to suggest which one to relax."""
        return [
            f.label.text
            for f in (
                self.certification,
                self.skill,
                self.chapter,
                self.language,
                self.format,
                self.near,
            )
            if f.data
        ]
