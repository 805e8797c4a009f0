"""Changing a level on the profile page goes through the people service and records no growth.

Bob edits his own lists; growth (``LevelChange``) is only recorded inside a partnership.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.test import Client

from twoway.partnerships.models import LevelChange
from twoway.people import services
from twoway.people.tests.helpers import make_complete


def test_a_level_changed_on_the_profile_page_goes_through_teaching_set_and_records_no_growth(
    client: Client, bob: Any
) -> None:
    profile = make_complete(bob, teaches={"SQL": 2})
    client.force_login(bob)
    services.teaching_set(profile=profile, skill_text="SQL", level=2, note="Window functions")

    with mock.patch.object(services, "teaching_set", wraps=services.teaching_set) as spy:
        client.post("/me/teaches/sql/update/", {"level": "4"})

    spy.assert_called_once()
    assert spy.call_args.kwargs["level"] == 4
    row = profile.teaches.get()
    assert (row.level, row.note) == (4, "Window functions")
    assert not LevelChange.objects.filter(user=bob).exists()


def test_a_priority_changed_on_the_profile_page_goes_through_learning_set_and_keeps_the_reason(
    client: Client, bob: Any
) -> None:
    profile = make_complete(bob)
    client.force_login(bob)
    services.learning_set(profile=profile, skill_text="Figma", priority=1, why="Wireframes")

    with mock.patch.object(services, "learning_set", wraps=services.learning_set) as spy:
        client.post("/me/learns/figma/update/", {"priority": "3"})

    spy.assert_called_once()
    row = profile.learns.get()
    assert (row.priority, row.why) == (3, "Wireframes")


def test_a_level_that_is_not_a_number_is_explained_and_nothing_changes(
    client: Client, bob: Any
) -> None:
    profile = make_complete(bob, teaches={"SQL": 2})
    client.force_login(bob)

    response = client.post("/me/teaches/sql/update/", {"level": "lots"}, follow=True)

    assert response.status_code == 200
    assert "Level must be between 1 and 5." in response.content.decode()
    assert profile.teaches.get().level == 2
