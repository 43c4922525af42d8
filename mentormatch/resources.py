"""Where the app's templates, static files and migrations are: installed or checkout.

A built wheel carries `templates/`, `static/` and `migrations/` inside the package
(pyproject's force-include); a checkout keeps them at the top level beside it.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder `name` inside the installed package, else in the checkout."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name
