"""Cold start of an app process: from starting gunicorn to its first 200, and whether the engine's
numba kernels compile inside it. Prints figures; asserts nothing (docs/deploy.md records them).

    .venv/bin/python benchmarks/cold_start.py [--members 30]

It seeds a throwaway SQLite file with the demo (untimed), starts gunicorn (one worker, DEBUG off)
with NUMBA_DEBUG_CACHE=1, and times, from the moment the process is started:
- the first 200 from /healthz (the process imported Django and the app, and reached the database);
- a demo member's home page, signed in (suggestions are scored by the engine's kernels).
Numba's cache messages in the output tell whether each kernel was loaded from the cache (warmed at
install: `python -m twoway.engine.warm`) or compiled and saved (a compile at run time).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEMO_LOGIN = ("sam@northwind.example", "twoway-demo")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _first_200(url: str, started: float, server: subprocess.Popen[bytes]) -> float:
    while True:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before answering")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.02)


def _sign_in_and_open_home(base: str) -> float:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "the login page has a CSRF token"
    form = {"username": DEMO_LOGIN[0], "password": DEMO_LOGIN[1], "csrfmiddlewaretoken": token[1]}
    opener.open(f"{base}/accounts/login/", urllib.parse.urlencode(form).encode()).read()
    began = time.perf_counter()
    home = opener.open(f"{base}/").read().decode()
    assert "Welcome back" in home, "signed in"
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
        env.update(SQLITE_PATH=f"{folder}/cold.sqlite3", DEBUG="false", PORT=str(port),
                   WEB_CONCURRENCY="1", NUMBA_DEBUG_CACHE="1", LOG_FORMAT="text")  # fmt: skip
        twoway = [str(BIN / "twoway")]
        subprocess.run([*twoway, "migrate", "--no-input"], env=env, check=True, capture_output=True)
        subprocess.run([*twoway, "seed_demo", "--members", str(args.members), "--no-logins"],
                       env=env, check=True, capture_output=True)  # fmt: skip
        log = Path(folder) / "gunicorn.log"
        base = f"http://127.0.0.1:{port}"
        with log.open("wb") as out:
            started = time.perf_counter()
            server = subprocess.Popen(
                [str(BIN / "gunicorn"), "--config", "python:twoway.gunicorn_conf", "twoway.wsgi"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                healthz = _first_200(f"{base}/healthz", started, server)
                home = _sign_in_and_open_home(base)
            except Exception:
                print(log.read_text()[-3000:], file=sys.stderr)
                raise
            finally:
                server.terminate()
                server.wait(timeout=30)
        text = log.read_text()
    loaded = len(re.findall(r"\[cache\] data loaded from", text))
    compiled = len(re.findall(r"\[cache\] data saved to", text))
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    print(f"gunicorn start → first 200 from /healthz: {healthz:.2f} s")
    print(f"first signed-in home page (suggestions scored by the engine): {home:.2f} s")
    print(f"numba kernels loaded from the cache: {loaded}; compiled in the app process: {compiled}")


if __name__ == "__main__":
    main()
