"""Human dates and durations, read against the fixed clock: Sunday 2026-11-22 10:00 in Berlin."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import NOW, TZ

from netcrm.domain.when import DateError, parse_day, parse_minutes, parse_when


def at(day: str, time: str = "09:00", tz: dt.tzinfo = TZ) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=tz)


FUTURE = {
    "tomorrow 10:00": at("2026-11-23", "10:00"),
    "tomorrow": at("2026-11-23"),
    "fri": at("2026-11-27"),
    "friday 14:30": at("2026-11-27", "14:30"),
    "sun": at("2026-11-29"),  # a weekday alone is never today: today is "today"
    "next tue 9am": at("2026-11-24"),
    "thurs at 3pm": at("2026-11-26", "15:00"),
    "in 2 weeks": at("2026-12-06", "10:00"),  # relative days keep the time of day
    "in 2 weeks 14:00": at("2026-12-06", "14:00"),
    "next week": at("2026-11-29", "10:00"),
    "next month": at("2026-12-22", "10:00"),
    "dec 3": at("2026-12-03"),
    "3 dec 10:00": at("2026-12-03", "10:00"),
    "jan 5": at("2027-01-05"),  # already past this year: the coming one
    "december 3 2027": at("2027-12-03"),
    "2026-12-03 14:30": at("2026-12-03", "14:30"),
    "2026-12-03": at("2026-12-03"),
    "2026-12-03T14:30+00:00": at("2026-12-03", "14:30", dt.UTC),
    "today 17:00": at("2026-11-22", "17:00"),
    "at 3pm": at("2026-11-22", "15:00"),
    "12am": at("2026-11-22", "00:00"),
    "now": NOW,
    "in 30m": at("2026-11-22", "10:30"),
    "in 2 hours": at("2026-11-22", "12:00"),
    "  Tomorrow   10:00 ": at("2026-11-23", "10:00"),
}

PAST = {
    "fri": at("2026-11-20"),
    "sun": at("2026-11-15"),
    "last fri 18:00": at("2026-11-20", "18:00"),
    "3 days ago": at("2026-11-19", "10:00"),
    "yesterday 15:00": at("2026-11-21", "15:00"),
    "dec 3": at("2025-12-03"),
    "nov 22": at("2026-11-22"),
    "45 min ago": at("2026-11-22", "09:15"),
    "2h ago": at("2026-11-22", "08:00"),
    "last week": at("2026-11-15", "10:00"),
}


@pytest.mark.parametrize(("text", "expected"), FUTURE.items(), ids=FUTURE.keys())
def test_planning_reads_the_coming_date(text, expected):
    assert parse_when(text, NOW, prefer="future") == expected


@pytest.mark.parametrize(("text", "expected"), PAST.items(), ids=PAST.keys())
def test_logging_reads_the_date_just_gone(text, expected):
    assert parse_when(text, NOW, prefer="past") == expected


def test_default_time_is_used_when_no_time_is_given():
    assert parse_when("fri", NOW, "past", default_time=dt.time(12, 0)) == at("2026-11-20", "12:00")


BAD = [
    "",
    "   ",
    "the day after never",
    "feb 30",
    "2026-02-30",
    "fri 25:00",
    "13pm",
    "10:75",
    "in 2 fortnights",
    "next month-ish",
    "month",  # not Monday
    "5",
    "in 3m days",
]


@pytest.mark.parametrize("text", BAD)
def test_unreadable_dates_raise_date_error_with_a_hint(text):
    with pytest.raises(DateError) as caught:
        parse_when(text, NOW)
    message = str(caught.value)
    assert "\n" not in message
    assert "date" in message or "time" in message


def test_a_bare_m_is_never_a_month():
    """`in 30m` once meant 900 days; for a day it is now an error, not a silent misreading."""
    assert parse_when("in 30m", NOW) == at("2026-11-22", "10:30")
    with pytest.raises(DateError):
        parse_day("3m", NOW.date())
    assert parse_day("3mo", NOW.date()) == dt.date(2027, 2, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("fri", dt.date(2026, 11, 27)), ("in 2 weeks", dt.date(2026, 12, 6)), ("2026-12-03", dt.date(2026, 12, 3)),
     ("tomorrow", dt.date(2026, 11, 23)), ("jan 5", dt.date(2027, 1, 5))],
)
def test_parse_day(text, expected):
    assert parse_day(text, NOW.date()) == expected


@pytest.mark.parametrize("text", ["", "someday", "fri 10:00", "2026-13-01"])
def test_parse_day_rejects(text):
    with pytest.raises(DateError):
        parse_day(text, NOW.date())


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("30m", 30), ("1h", 60), ("1h30m", 90), ("1h 30m", 90), ("1.5h", 90), ("90", 90), ("2 hours", 120),
     ("45 min", 45), ("45 minutes", 45), (" 20M ", 20), ("0", 0)],
)
def test_durations(text, minutes):
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "abc", "1d", "h", "-5", "1h30", "m30"])
def test_bad_durations(text):
    with pytest.raises(DateError) as caught:
        parse_minutes(text)
    assert "duration" in str(caught.value)
