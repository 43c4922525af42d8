"""Find every feature's ``jobs`` module so its declarations reach the REGISTRY."""

from __future__ import annotations

import pkgutil
from importlib import import_module
from importlib.util import find_spec

import mentormatch
from mentormatch.core.jobs import REGISTRY, JobSpec


def discover_jobs() -> dict[str, JobSpec]:
    """Import ``mentormatch.<feature>.jobs`` for every feature that has one.

    A new feature only has to add its ``jobs.py``: nothing lists the modules.
    """
    for module in pkgutil.iter_modules(mentormatch.__path__):
        if not module.ispkg:
            continue
        name = f"mentormatch.{module.name}.jobs"
        if find_spec(name) is not None:
            import_module(name)
    return REGISTRY
