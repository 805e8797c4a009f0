"""Refusals reach API clients with their own code, and every code is documented."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _codes_raised() -> dict[str, str]:
    """Every ``Refused(message, code)`` in the app code: code → where."""
    found: dict[str, str] = {}
    for path in (ROOT / "twoway").rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Refused":
                code = node.args[1] if len(node.args) > 1 else None
                assert isinstance(code, ast.Constant), f"{path}:{node.lineno} names no code"
                found[str(code.value)] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_refusal_code_raised_is_listed_in_the_api_reference() -> None:
    documented = (ROOT / "docs" / "api.md").read_text()
    raised = _codes_raised()
    assert len(raised) >= 20
    missing = {code: where for code, where in raised.items() if f"| `{code}` |" not in documented}
    assert not missing


@pytest.mark.parametrize("module", ["programs", "network", "partnerships", "posts", "people"])
def test_each_apps_api_imports_on_its_own_after_setup(module: str) -> None:
    """No import cycle through the site's API module (it used to fail half-initialised)."""
    code = (
        f"import django; django.setup(); import twoway.{module}.api; import twoway.api; print('ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "twoway.settings", "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
        check=False,
    )
    assert done.stdout.strip() == "ok", done.stderr
