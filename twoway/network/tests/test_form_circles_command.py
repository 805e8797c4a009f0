"""``twoway form_circles`` forms circles from open members with the engine."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from twoway.network.models import Circle, Membership
from twoway.people.tests.helpers import make_complete


def _ring(make_user: Any) -> None:
    for name, teaches, learns in [
        ("Ana", "SQL", "Figma"),
        ("Sam", "Figma", "Go"),
        ("Lee", "Go", "SQL"),
    ]:
        user = make_user(f"{name.lower()}@example.com", first_name=name)
        make_complete(user, teaches={teaches: 4}, learns={learns: 3})


def test_a_dry_run_prints_the_circles_and_writes_nothing(make_user: Any) -> None:
    _ring(make_user)
    out = StringIO()
    call_command("form_circles", "--dry-run", stdout=out)
    assert "Ana learns Figma from Sam; teaches SQL to Lee." in out.getvalue()
    assert "1 circles for 3 of 3 open members. Dry run: nothing written." in out.getvalue()
    assert not Circle.objects.exists()


def test_it_writes_closed_circles_and_skips_people_already_in_one(make_user: Any) -> None:
    _ring(make_user)
    call_command("form_circles", "--name", "Spring", stdout=StringIO())
    assert list(Circle.objects.values_list("name", "status")) == [("Spring · circle 1", "closed")]
    assert Membership.objects.count() == 3
    out = StringIO()
    call_command("form_circles", stdout=out)
    assert "0 circles for 0 of 0 open members." in out.getvalue()


def test_sizes_outside_three_to_six_are_refused(db: Any) -> None:
    with pytest.raises(CommandError, match="3–6"):
        call_command("form_circles", "--size-max", "9")
