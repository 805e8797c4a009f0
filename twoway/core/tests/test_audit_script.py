"""`make audit` (scripts/audit.py) never reports clean when pip-audit could not check: skipped
packages or an unreachable vulnerability service fail with exit 2 and say so."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "audit.py"


@pytest.fixture
def audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pip_audit_writes(audit: ModuleType, monkeypatch: Any, report: dict[str, Any] | None) -> None:
    def fake(path: Path) -> subprocess.CompletedProcess[str]:
        if report is not None:
            path.write_text(json.dumps(report))
        error = "" if report is not None else "requests.exceptions.ConnectionError: no route"
        return subprocess.CompletedProcess([], 0 if report else 1, "", error)

    monkeypatch.setattr(audit, "run_pip_audit", fake)


CHECKED = {"name": "django", "version": "5.2.19", "vulns": []}


def test_skipped_packages_fail_loudly_instead_of_passing(
    audit: ModuleType, monkeypatch: Any, capsys: Any
) -> None:
    skipped = {"name": "numpy", "skip_reason": "Dependency not found on PyPI"}
    _pip_audit_writes(audit, monkeypatch, {"dependencies": [CHECKED, skipped], "fixes": []})
    assert audit.main() == 2
    assert "could not check" in capsys.readouterr().err


def test_an_unreachable_vulnerability_service_fails_loudly(
    audit: ModuleType, monkeypatch: Any, capsys: Any
) -> None:
    _pip_audit_writes(audit, monkeypatch, None)
    assert audit.main() == 2
    assert "out of reach: requests.exceptions.ConnectionError" in capsys.readouterr().err


def test_a_known_vulnerability_is_named_with_its_fix(
    audit: ModuleType, monkeypatch: Any, capsys: Any
) -> None:
    vuln = {"id": "PYSEC-2026-1", "fix_versions": ["5.2.20"]}
    report = {"dependencies": [{**CHECKED, "vulns": [vuln]}], "fixes": []}
    _pip_audit_writes(audit, monkeypatch, report)
    assert audit.main() == 1
    assert "django 5.2.19: PYSEC-2026-1 (fixed in 5.2.20)" in capsys.readouterr().out


def test_every_package_checked_and_clean_passes(
    audit: ModuleType, monkeypatch: Any, capsys: Any
) -> None:
    _pip_audit_writes(audit, monkeypatch, {"dependencies": [CHECKED], "fixes": []})
    assert audit.main() == 0
    assert "No known vulnerabilities in the 1 installed packages" in capsys.readouterr().out
