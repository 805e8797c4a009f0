"""The engine stays plain Python: importing every module of it loads no Django."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import importlib, pkgutil, sys
import twoway.engine as engine
for module in pkgutil.walk_packages(engine.__path__, "twoway.engine."):
    if ".tests" not in module.name:
        importlib.import_module(module.name)
loaded = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
print(",".join(loaded))
"""


def test_importing_every_engine_module_loads_no_django() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip() == ""


def test_the_engine_imports_the_modules_it_is_made_of() -> None:
    probe = SCRIPT.replace('print(",".join(loaded))', 'print("twoway.engine.match" in sys.modules)')
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip() == "True"
