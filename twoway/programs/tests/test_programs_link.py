"""The top bar's Programs link (programs.services.shows_programs, one query in plain SQL).

Priya is in the "Program managers" group; Alice takes part in Priya's program; Charlie manages
one he was added to; Bob has nothing to do with programs; Sam is staff.
"""

from __future__ import annotations

from typing import Any

import pytest

from twoway.programs.services import shows_programs
from twoway.programs.tests.helpers import enrol, program_for

pytestmark = pytest.mark.django_db


def test_the_programs_link_shows_for_would_be_managers_managers_and_participants(
    priya: Any, alice: Any, bob: Any, charlie: Any, make_user: Any
) -> None:
    program = program_for(priya)
    enrol(program, [alice])
    program.managers.add(charlie)
    sam = make_user("sam@example.com", is_staff=True)
    assert shows_programs(priya)
    assert shows_programs(alice)
    assert shows_programs(charlie)
    assert shows_programs(sam)
    assert not shows_programs(bob)


def test_the_programs_link_appears_as_soon_as_bob_is_enrolled(priya: Any, bob: Any) -> None:
    assert not shows_programs(bob)
    enrol(program_for(priya), [bob])
    assert shows_programs(bob)
