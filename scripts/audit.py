"""`make audit`: pip-audit over the installed packages, read so that "could not check" never
passes for "no known vulnerabilities".

pip-audit prints "No known vulnerabilities found" and exits 0 even when it skipped every package
(none found on its vulnerability service) or when it never reached the service. This script runs
it with a JSON report and exits:
  0  every installed package was checked and none has a known vulnerability;
  1  some package has a known vulnerability (listed with the versions that fix it);
  2  the audit could not be done: the service was out of reach, or packages were skipped.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any


def run_pip_audit(report: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--skip-editable",
               "--format", "json", "--output", str(report), *sys.argv[1:]]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, check=False)


def could_not_check(why: str) -> int:
    print(f"AUDIT FAILED: pip-audit could not check the dependencies. {why}\n"
          "This is not a clean result: nothing is known about their vulnerabilities.",
          file=sys.stderr)  # fmt: skip
    return 2


def judge(dependencies: list[dict[str, Any]]) -> int:
    skipped = [d for d in dependencies if "skip_reason" in d]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    if skipped:
        examples = "; ".join(d["skip_reason"] for d in skipped[:3])
        return could_not_check(f"{len(skipped)} of {len(dependencies)} packages were skipped "
                               f"(e.g. {examples}).")  # fmt: skip
    if vulnerable:
        print(f"{len(vulnerable)} of {len(dependencies)} packages have known vulnerabilities.")
        return 1
    print(f"No known vulnerabilities in the {len(dependencies)} installed packages.")
    return 0


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        result = run_pip_audit(report)
        if not report.exists():
            last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
            return could_not_check(f"Its vulnerability service was out of reach: {last}")
        dependencies = json.loads(report.read_text())["dependencies"]
    if not dependencies:
        return could_not_check("It found no installed packages.")
    return judge(dependencies)


if __name__ == "__main__":
    sys.exit(main())
