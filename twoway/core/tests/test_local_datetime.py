"""A day and a clock time typed in a time zone become one aware datetime, or a named error."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from twoway.core.times import local_datetime


def test_a_paris_evening_in_winter_is_an_hour_ahead_of_utc() -> None:
    start = local_datetime(date(2031, 3, 4), time(18, 30), "Europe/Paris", field="timezone")
    assert (start.hour, start.minute, start.utcoffset()) == (18, 30, timedelta(hours=1))


def test_an_unknown_zone_is_refused_on_the_field_the_caller_names() -> None:
    with pytest.raises(ValidationError) as caught:
        local_datetime(date(2031, 3, 4), time(18, 30), "Mars/Olympus", field="tz")
    assert list(caught.value.message_dict) == ["tz"]
    assert "not a known time zone" in caught.value.message_dict["tz"][0]
