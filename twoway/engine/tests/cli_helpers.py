"""Running ``twoway match`` as a real process, the way a program manager would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FILES = Path(__file__).with_name("files")
REPO = Path(__file__).resolve().parents[3]
DEVSURVEY_COLUMNS = ["--column", "id=respondent", "--column", "teaches=have"]
DEVSURVEY_COLUMNS += ["--column", "learns=want"]

PEOPLE = """\
id,name,email,teaches,learns,group
p1,Ana,ana@example.com,Python:5;SQL:2,Figma:3;Rust,red
p2,Ben,,Figma:4;Rust:4,Python:3,blue
p3,Cai,,SQL:5;Go:4,Python;Kubernetes,red
p4,Dee,,Kubernetes:5;Python:4,SQL:3;Go,blue
p5,Eli,,Public speaking:4,Haskell:3,green
"""


def twoway_match(
    *args: str | Path, cwd: Path, language: str = "en"
) -> subprocess.CompletedProcess[str]:
    """``twoway match ARGS`` in a fresh interpreter, with stderr and stdout captured, speaking
    ``language`` (the ``LANGUAGE`` variable, as a terminal's locale would)."""
    command = [sys.executable, "-m", "twoway.cli", "match", *map(str, args)]
    env = {**os.environ, "LANGUAGE": language}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def people_file(folder: Path, text: str = PEOPLE, name: str = "people.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
