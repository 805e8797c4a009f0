"""Finding times two members share, from weekly windows in their own zones: plain functions,
checked on known weeks (clocks changing in Berlin and New York on different Sundays) and on
properties that hold for any week."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.scheduling.slots import (
    OFFER_MAX,
    Member,
    Window,
    free_starts,
    spread,
    window_problems,
)

from .helpers import BERLIN, NEW_YORK

WEEKDAYS = range(5)
# Alice in Berlin after work, Bob in New York in the morning: three hours shared in winter.
ALICE = Member(tuple(Window(d, time(17), time(20)) for d in WEEKDAYS), BERLIN)
BOB = Member(tuple(Window(d, time(9), time(14)) for d in WEEKDAYS), NEW_YORK)


def local(instant: datetime, tz: str) -> datetime:
    return instant.astimezone(zoneinfo.ZoneInfo(tz))


def by_day(starts: list[datetime], tz: str) -> dict[str, list[str]]:
    days: dict[str, list[str]] = {}
    for start in starts:
        at = local(start, tz)
        days.setdefault(f"{at:%a %d %b}", []).append(f"{at:%H:%M}")
    return days


def test_in_winter_berlin_evenings_meet_new_york_mornings_for_three_hours() -> None:
    now = datetime(2025, 2, 3, tzinfo=UTC)  # a Monday
    starts = free_starts(ALICE, BOB, now=now, days=5, minutes=60)
    assert by_day(starts, BERLIN)["Mon 03 Feb"] == ["17:00", "17:30", "18:00", "18:30", "19:00"]
    assert by_day(starts, NEW_YORK)["Mon 03 Feb"] == ["11:00", "11:30", "12:00", "12:30", "13:00"]
    assert len(by_day(starts, BERLIN)) == 5


def test_the_week_new_york_has_changed_its_clocks_and_berlin_has_not_shares_an_hour_less() -> None:
    """New York moves to summer time on 9 March 2025, Berlin on 30 March: in between, 14:00 in
    New York is 19:00 in Berlin, so Bob's morning ends an hour into Alice's evening."""
    now = datetime(2025, 3, 3, tzinfo=UTC)
    days = by_day(free_starts(ALICE, BOB, now=now, days=14, minutes=60), BERLIN)
    assert days["Fri 07 Mar"] == ["17:00", "17:30", "18:00", "18:30", "19:00"]
    assert days["Mon 10 Mar"] == ["17:00", "17:30", "18:00"]
    assert days["Fri 14 Mar"] == ["17:00", "17:30", "18:00"]
    assert "Sat 08 Mar" not in days and "Sun 09 Mar" not in days


def test_a_search_across_berlins_change_keeps_each_members_clock_times() -> None:
    """Over Berlin's change (30 March 2025) both are on summer time again: the full three hours,
    an hour earlier in UTC, at the same clock times."""
    now = datetime(2025, 3, 27, tzinfo=UTC)
    starts = free_starts(ALICE, BOB, now=now, days=7, minutes=60)
    berlin = by_day(starts, BERLIN)
    assert berlin["Thu 27 Mar"] == ["17:00", "17:30", "18:00"]
    assert berlin["Mon 31 Mar"] == ["17:00", "17:30", "18:00", "18:30", "19:00"]
    in_utc = by_day(starts, "UTC")
    assert in_utc["Thu 27 Mar"][0] == "16:00" and in_utc["Mon 31 Mar"][0] == "15:00"
    for start in starts:
        assert time(17) <= local(start, BERLIN).time() <= time(19)
        assert time(9) <= local(start, NEW_YORK).time() <= time(13)


def test_a_window_on_the_night_the_clocks_go_back_lasts_its_real_length() -> None:
    """01:00–04:00 in New York on 2 November 2025 is four real hours (01:00 happens twice)."""
    night = Member((Window(6, time(1), time(4)),), NEW_YORK)
    always = Member(tuple(Window(d, time(0), time(23, 59)) for d in range(7)), "UTC")
    now = datetime(2025, 11, 1, tzinfo=UTC)
    starts = free_starts(night, always, now=now, days=3, minutes=30)
    assert len(starts) == 8  # 05:00 to 08:30 UTC, every half hour: four hours
    assert starts[0] == datetime(2025, 11, 2, 5, tzinfo=UTC)


def test_nothing_in_the_past_nor_beyond_the_search_is_offered() -> None:
    now = datetime(2025, 2, 3, 16, 40, tzinfo=UTC)  # Monday, during the shared hours
    starts = free_starts(ALICE, BOB, now=now, days=2, minutes=60)
    assert starts[0] == datetime(2025, 2, 3, 17, tzinfo=UTC)
    assert max(starts) + timedelta(minutes=60) <= now + timedelta(days=2)
    days = by_day(starts, BERLIN)
    assert days["Mon 03 Feb"][0] == "18:00" and len(days["Tue 04 Feb"]) == 5
    assert "Wed 05 Feb" not in days  # the two days end at 16:40 UTC, before an hour fits


def test_a_planned_session_is_cut_out_of_the_shared_time() -> None:
    now = datetime(2025, 2, 3, tzinfo=UTC)
    session = (datetime(2025, 2, 3, 17, tzinfo=UTC), datetime(2025, 2, 3, 18, tzinfo=UTC))
    starts = free_starts(ALICE, BOB, now=now, days=1, minutes=60, busy=[session])
    assert by_day(starts, BERLIN)["Mon 03 Feb"] == ["17:00", "19:00"]


def test_no_shared_window_means_no_times() -> None:
    early = Member((Window(0, time(6), time(8)),), NEW_YORK)
    assert (
        free_starts(ALICE, early, now=datetime(2025, 2, 3, tzinfo=UTC), days=14, minutes=30) == []
    )


def test_five_offers_go_to_five_different_days_when_there_are_five() -> None:
    starts = free_starts(ALICE, BOB, now=datetime(2025, 2, 3, tzinfo=UTC), days=14, minutes=60)
    offered = spread(starts, BERLIN)
    assert len(offered) == OFFER_MAX
    assert len({local(s, BERLIN).date() for s in offered}) == OFFER_MAX
    assert offered == sorted(offered)


def test_with_fewer_days_than_offers_the_days_take_more_than_one() -> None:
    starts = free_starts(ALICE, BOB, now=datetime(2025, 2, 3, tzinfo=UTC), days=2, minutes=60)
    offered = spread(starts, BERLIN)
    assert len(offered) == OFFER_MAX
    assert len({local(s, BERLIN).date() for s in offered}) == 2


def test_an_end_before_the_start_and_an_overlap_are_named_on_their_rows() -> None:
    windows = [
        Window(0, time(9), time(12)),
        Window(0, time(12), time(14)),  # touching is fine
        Window(1, time(10), time(9)),
        Window(0, time(11), time(13)),
    ]
    problems = window_problems(windows)
    assert problems[0] == (2, "end", "The end must be after the start.")
    assert problems[1][:2] == (3, "start")
    assert "Monday 09:00–12:00" in problems[1][2]
    assert len(problems) == 2


# --- Properties -------------------------------------------------------------------------------

ZONES = [BERLIN, NEW_YORK, "Asia/Kolkata", "Australia/Sydney", "UTC", "Asia/Tokyo"]


@st.composite
def members(draw: st.DrawFn) -> Member:
    """Day-time windows (clocks change at night in these zones, so no window meets a gap)."""
    windows = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(6 * 4, 20 * 4))
        end = draw(st.integers(start + 1, 22 * 4))
        windows.append(Window(draw(st.integers(0, 6)), time(*divmod(start * 15, 60)),
                              time(*divmod(end * 15, 60))))  # fmt: skip
    return Member(tuple(windows), draw(st.sampled_from(ZONES)))


def inside(member: Member, instant: datetime) -> bool:
    at = local(instant, member.tz)
    return any(
        w.weekday == at.weekday() and w.start <= at.time().replace(fold=0) <= w.end
        for w in member.windows
    )


@settings(max_examples=150, deadline=None)
@given(
    a=members(),
    b=members(),
    now=st.datetimes(datetime(2024, 1, 1), datetime(2027, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC)
    ),
    minutes=st.sampled_from([30, 45, 60, 90]),
    busy_at=st.integers(0, 14 * 24),
)
def test_every_time_found_suits_both_members_on_their_own_clocks(
    a: Member, b: Member, now: datetime, minutes: int, busy_at: int
) -> None:
    busy = (now + timedelta(hours=busy_at), now + timedelta(hours=busy_at, minutes=50))
    starts = free_starts(a, b, now=now, days=14, minutes=minutes, busy=[busy])
    length = timedelta(minutes=minutes)
    assert starts == sorted(set(starts))
    for start in starts:
        assert now <= start and start + length <= now + timedelta(days=14)
        assert not (start < busy[1] and busy[0] < start + length)
        for moment in (start, start + length / 2, start + length):
            assert inside(a, moment) and inside(b, moment)
    offered = spread(starts, a.tz)
    assert len(offered) == min(OFFER_MAX, len(starts))
    assert set(offered) <= set(starts)
