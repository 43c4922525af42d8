"""Request hooks and template globals."""

from __future__ import annotations

from typing import Any

from flask import Flask

from mentormatch.matching.catalog import (
    CERTIFICATIONS_BY_CODE,
    MEETING_FORMAT_LABELS,
)


def register_hooks(app: Flask) -> None:
    """Expose catalogue labels to every template."""

    @app.context_processor
    def catalogue_labels() -> dict[str, Any]:
        return {
            "cert_names": {c: v.name for c, v in CERTIFICATIONS_BY_CODE.items()},
            "format_labels": MEETING_FORMAT_LABELS,
        }
