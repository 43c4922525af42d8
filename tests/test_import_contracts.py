"""`make lint`'s import contracts fail on the two breaches they exist for."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists(), reason="import-linter is not installed"
)


def run_contracts(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package and its contracts, to break on purpose."""
    copy = tmp_path_factory.mktemp("contracts")
    shutil.copytree(
        ROOT / "mentormatch",
        copy / "mentormatch",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def breach(tree: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    path = tree / module
    original = path.read_text()
    path.write_text(original + "\n" + line + "\n")
    try:
        return run_contracts(tree)
    finally:
        path.write_text(original)


def test_contracts_kept_on_the_real_tree(tree):
    result = run_contracts(tree)
    assert result.returncode == 0, result.stdout + result.stderr


def test_contracts_fail_when_a_service_imports_flask(tree):
    result = breach(tree, "mentormatch/pairings/services/items.py", "import flask")
    assert result.returncode != 0
    assert "Services and the core import no Flask" in result.stdout
    assert "BROKEN" in result.stdout


def test_contracts_fail_when_a_feature_imports_another_features_internals(tree):
    line = "from mentormatch.pairings.services import items"
    result = breach(tree, "mentormatch/admin/routes.py", line)
    assert result.returncode != 0
    assert "admin uses other features only through" in result.stdout
    assert "mentormatch.admin.routes -> mentormatch.pairings.services.items" in (
        " ".join(result.stdout.split())
    )
