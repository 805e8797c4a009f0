"""The demo seeds a running program with weeks of activity and one ready for a round."""

from __future__ import annotations

from typing import Any

import pytest

from twoway.core.demo.seed import demo_seed
from twoway.programs.dashboard import at_risk, program_charts
from twoway.programs.demo import READY, RUNNING
from twoway.programs.models import Program


@pytest.mark.slow
def test_the_demo_has_a_running_program_and_one_ready_for_a_round(db: Any) -> None:
    demo_seed()

    running, ready = Program.objects.get(name=RUNNING), Program.objects.get(name=READY)
    assert [m.email for m in running.managers.all()] == ["priya@northwind.example"]
    assert [m.email for m in ready.managers.all()] == ["priya@northwind.example"]
    assert running.rounds.get().status == "published"
    assert not ready.rounds.exists() and ready.enrolments.count() >= 30
    charts = {c.key: dict(c.rows) for c in program_charts(running)}
    assert sum(charts["sessions"].values()) > 50
    assert charts["growth"]["Mentors learned"] > 0 and charts["growth"]["Mentees learned"] > 0
    assert sum(charts["satisfaction"].values()) > 0
    assert at_risk(running)
