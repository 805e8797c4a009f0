"""A web process starts without the engine's compiled kernels: numba and scipy load only where a
match runs (the worker), so a new gunicorn worker answers sooner (docs/deploy.md, "Cold start")."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
application = get_wsgi_application()
get_resolver().url_patterns  # every app's urls, views and API imported
print("loaded:" + ",".join(n for n in ("numba", "scipy", "llvmlite") if n in sys.modules))
"""


def test_a_web_process_loads_every_view_without_numba_or_scipy() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "twoway.settings"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, env=env,
        check=True,
    )  # fmt: skip
    said = [line for line in done.stdout.splitlines() if line.startswith("loaded:")]
    assert said == ["loaded:"]  # none of them
