"""Onboarding's time zone select asks app.js for the browser's zone only while it is still at the
default; the edit page never does, and any IANA zone the browser names is accepted."""

from __future__ import annotations

from typing import Any

from twoway.people.forms import ProfileBasicsForm, ProfileEditForm
from twoway.people.services import profile_ensure

ATTR = "data-browser-timezone"


def test_onboarding_asks_for_the_browsers_zone_while_the_profile_is_at_utc(alice: Any) -> None:
    form = ProfileBasicsForm(instance=profile_ensure(user=alice))
    assert form.fields["timezone"].widget.attrs[ATTR] == "UTC"


def test_a_saved_zone_a_posted_form_and_the_edit_page_are_left_alone(alice: Any) -> None:
    profile = profile_ensure(user=alice)
    assert ATTR not in ProfileEditForm(instance=profile).fields["timezone"].widget.attrs
    assert ATTR not in ProfileBasicsForm({}, instance=profile).fields["timezone"].widget.attrs
    profile.timezone = "Asia/Tokyo"
    assert ATTR not in ProfileBasicsForm(instance=profile).fields["timezone"].widget.attrs


def test_a_zone_outside_the_common_list_is_accepted_and_a_made_up_one_is_not(alice: Any) -> None:
    data = {"display_name": "Alice", "languages": "English", "capacity": 1}
    profile = profile_ensure(user=alice)
    assert ProfileBasicsForm({**data, "timezone": "Europe/Vienna"}, instance=profile).is_valid()
    assert not ProfileBasicsForm({**data, "timezone": "Mars/Olympus"}, instance=profile).is_valid()
