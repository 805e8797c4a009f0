"""The engine's public API is the modules its ``__all__`` names, and the light ones stay light:
a caller that wants skill names or a pair's explanation does not load numba."""

from __future__ import annotations

import importlib
import subprocess
import sys

import twoway.engine

LIGHT = ("skills", "model", "scoring", "explain")


def test_every_public_module_named_in_all_imports() -> None:
    for name in twoway.engine.__all__:
        assert importlib.import_module(f"twoway.engine.{name}").__name__ == f"twoway.engine.{name}"


def test_the_scoring_and_skill_modules_load_no_compiled_kernels() -> None:
    imports = "; ".join(f"import twoway.engine.{name}" for name in LIGHT)
    probe = f"import sys; {imports}; print('numba' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip() == "False"
