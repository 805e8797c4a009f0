"""The pages and API endpoints the web load benchmark drives, with their targets (issue 17).

Shared by ``web_load.py`` (which measures queries per request and prints the table) and
``web_locustfile.py`` (which sends the load). A path is built from a :class:`Fixtures`: rows of
the seeded database (handles, post slugs, the large program), so every request asks for
something that exists. Plain data only: no Django import, so locust can load it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

# The search terms: the catalogue's common skills and rarer ones, so the pages list
# hundreds of members for some and a handful for others.
SEARCH_TERMS = ("Python", "Public speaking", "SQL", "Code review", "Rust", "Figma")


@dataclass
class Fixtures:
    """What a load test needs from the seeded database: written to JSON for locust."""

    sessions: list[str]  # session keys of members signed in beforehand
    manager_session: str  # the large program's manager
    handles: list[str]
    post_slugs: list[str]
    program_id: int
    search_terms: list[str] = field(default_factory=lambda: list(SEARCH_TERMS))

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)))

    @classmethod
    def read(cls, path: Path) -> Fixtures:
        return cls(**json.loads(path.read_text()))


@dataclass(frozen=True)
class Target:
    """A target of issue 17: at least ``rps`` requests a second and/or p99 at most ``p99_ms``."""

    rps: float | None = None
    p99_ms: float | None = None

    def met(self, rps: float, p99_ms: float) -> bool:
        return (self.rps is None or rps >= self.rps) and (
            self.p99_ms is None or p99_ms <= self.p99_ms
        )

    def __str__(self) -> str:
        parts = [
            f"≥ {self.rps:.0f} rps" if self.rps else "",
            f"p99 ≤ {self.p99_ms:.0f} ms" if self.p99_ms else "",
        ]
        return ", ".join(part for part in parts if part)


@dataclass(frozen=True)
class Endpoint:
    """One thing to load: ``who`` is "member", "manager" or "visitor"; ``weight`` its share of
    the mixed traffic; ``peer`` the measured figures the issue quotes, for reference."""

    name: str
    who: str
    target: Target
    weight: int
    before: str  # the measurement of this endpoint before the work (rps, latency)

    def path(self, fixtures: Fixtures, n: int) -> str:
        """The ``n``-th request's path: the variable part cycles through the fixtures."""
        return PATHS[self.name](fixtures, n)


def _pick(items: list[str], n: int) -> str:
    return quote_plus(items[n % len(items)])


PATHS: dict[str, Callable[[Fixtures, int], str]] = {
    "search page": lambda f, n: f"/people/?teaches={_pick(f.search_terms, n)}",
    "search API": lambda f, n: f"/api/profiles?teaches={_pick(f.search_terms, n)}",
    "profile page": lambda f, n: f"/people/{_pick(f.handles, n + 1)}/",
    "profile API": lambda f, n: f"/api/profiles/{_pick(f.handles, n + 1)}",
    "home": lambda f, n: "/",
    "partnerships": lambda f, n: "/partnerships/",
    "suggestions": lambda f, n: "/suggestions/",
    "dashboard": lambda f, n: f"/programs/{f.program_id}/dashboard/",
    "post page": lambda f, n: f"/posts/{_pick(f.post_slugs, n)}/",
    "Atom feed": lambda f, n: "/posts/feed/",
}

SEARCH = Target(rps=150, p99_ms=100)
ENDPOINTS = [
    Endpoint("search page", "member", SEARCH, 12, "6–17 rps (0.4–1.3 s), 13 queries"),
    Endpoint("search API", "member", SEARCH, 4, "11–16 rps"),
    Endpoint("profile page", "member", Target(rps=500), 20, "28–74 rps (110–267 ms)"),
    Endpoint("profile API", "member", Target(rps=500), 6, "43 rps"),
    Endpoint("home", "member", Target(rps=300), 20, "54–103 rps"),
    Endpoint("partnerships", "member", Target(rps=300), 10, "27–33 rps (227–285 ms)"),
    Endpoint("suggestions", "member", Target(p99_ms=150), 3, "1.8–3.7 rps (2–4 s), 34 queries"),
    Endpoint("dashboard", "manager", Target(p99_ms=150), 2, "4.3–8.8 rps (0.9–1.9 s), 26 queries"),
    Endpoint("post page", "visitor", Target(rps=300), 15, "12–36 rps, 14 queries"),
    Endpoint("Atom feed", "visitor", Target(rps=300), 8, "27–51 rps, 8 queries"),
]
BY_NAME = {endpoint.name: endpoint for endpoint in ENDPOINTS}

MIXED_RPS = 200
MIXED_MINUTES = 10

# The peer (anitab-org/mentorship-backend, Flask), as measured by the tester on this
# machine; it cannot be installed here (see docs/benchmarks.md), so these are quoted, not re-run.
PEER = [
    ("user search", "13–61 rps"),
    ("user by id", "133–862 rps"),
    ("dashboard", "46–72 rps"),
]
