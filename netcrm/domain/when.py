"""Dates and durations typed the way people say them.

"tomorrow 10:00", "fri", "next tue 9am", "2026-12-03 14:30", "in 2 weeks",
"3 days ago", "dec 3", and for a moment also "in 30m" / "2h ago" (minutes and
hours; a month is "mo" or "month", never a bare "m"). `now` is a parameter (timezone-aware), so the same text
always means the same instant in tests. A weekday alone means the coming one
when planning and the last one when logging, which is what people mean.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, TypeVar

from netcrm.errors import NetcrmError

Prefer = Literal["future", "past"]
DateLike = TypeVar("DateLike", dt.date, dt.datetime)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
UNITS = {"d": 1, "day": 1, "w": 7, "wk": 7, "week": 7, "mo": 30, "month": 30, "y": 365, "yr": 365, "year": 365}
CLOCK_UNITS = {"m": 1, "min": 1, "minute": 1, "h": 60, "hr": 60, "hour": 60}
HINT = "try 'tomorrow 10:00', 'fri', '2026-12-03 14:30', 'in 2 weeks' or '3 days ago'"

_TIME = re.compile(r"^(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
_RELATIVE = re.compile(r"^(?:in\s+)?([+-]?\d+|next|last)\s*([a-z]+?)s?(\s+ago)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class DateError(NetcrmError):
    """A date, time or duration that cannot be read."""


# Dates netcrm can store, show in any time zone and do arithmetic on (years).
FIRST_YEAR = 1900
YEARS_AHEAD = 100


def _in_range(value: DateLike, now: dt.datetime, text: str) -> DateLike:
    low, high = FIRST_YEAR, now.year + YEARS_AHEAD
    if not low <= value.year <= high:
        raise DateError(f"date {text.strip()!r} is out of range ({low} to {high})")
    return value


def parse_when(
    text: str,
    now: dt.datetime,
    prefer: Prefer = "future",
    default_time: dt.time = dt.time(9, 0),
) -> dt.datetime:
    """The instant `text` names, in `now`'s time zone unless it carries its own offset;
    from 1900 to a hundred years ahead ("in 9999999 years" is a DateError, not an overflow)."""
    if len(text) > 100:
        raise DateError(f"date {text[:30]!r}... is too long to be a date; {HINT}")
    try:
        return _in_range(_parse_when(text, now, prefer, default_time), now, text)
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, DateError):
            raise
        raise DateError(f"date {text.strip()!r} is out of range ({FIRST_YEAR} to {now.year + YEARS_AHEAD})") from None


def _parse_when(text: str, now: dt.datetime, prefer: Prefer, default_time: dt.time) -> dt.datetime:
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise DateError(f"empty date; {HINT}")
    if raw == "now":
        return now.replace(microsecond=0)
    soon = _clock_offset(raw)
    if soon is not None:
        return (now + soon).replace(second=0, microsecond=0)
    try:
        parsed = dt.datetime.fromisoformat(raw.upper().replace(" ", "T", 1))
    except ValueError:
        pass
    else:
        if parsed.tzinfo is None:
            if _ISO_DATE.match(raw):
                parsed = dt.datetime.combine(parsed.date(), default_time)
            parsed = parsed.replace(tzinfo=now.tzinfo)
        return parsed
    day_part, time_part = _split_time(raw)
    day = _parse_day(day_part, now.date(), prefer) if day_part else now.date()
    if day is None:
        raise DateError(f"cannot read date {text.strip()!r}; {HINT}")
    if time_part is None:
        if not day_part:
            raise DateError(f"cannot read date {text.strip()!r}; {HINT}")
        at = default_time
        if day_part == "today" or _RELATIVE.match(day_part):
            # "3 days ago" / "in 2 weeks": the same time of day, shifted.
            at = now.time().replace(second=0, microsecond=0)
    else:
        at = time_part
    return dt.datetime.combine(day, at, tzinfo=now.tzinfo)


def _clock_offset(raw: str) -> dt.timedelta | None:
    """"in 30m", "in 2 hours", "45 min ago" -> a signed offset from now."""
    match = _RELATIVE.match(raw)
    if not match or match.group(2) not in CLOCK_UNITS or not match.group(1).lstrip("+-").isdigit():
        return None
    minutes = int(match.group(1)) * CLOCK_UNITS[match.group(2)]
    return dt.timedelta(minutes=-minutes if match.group(3) else minutes)


def _split_time(raw: str) -> tuple[str, dt.time | None]:
    """Peel a trailing time of day ("10:00", "9am", "at 3pm") off the text."""
    whole = _TIME.match(raw)
    if whole and (whole.group(2) or whole.group(3) or raw.startswith("at ")):
        return "", _to_time(whole)
    words = raw.split(" ")
    for cut in (2, 1):
        if len(words) > cut:
            match = _TIME.match(" ".join(words[-cut:]))
            if match and (match.group(2) or match.group(3) or words[-cut] == "at"):
                return " ".join(words[:-cut]), _to_time(match)
    return raw, None


def _to_time(match: re.Match[str]) -> dt.time:
    hour, minute, ampm = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if ampm and not 1 <= hour <= 12:
        raise DateError(f"no such time of day {match.group(0)!r}")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise DateError(f"no such time of day {match.group(0)!r}")
    return dt.time(hour, minute)


def _parse_day(text: str, today: dt.date, prefer: Prefer) -> dt.date | None:
    named = {"today": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}
    if text in named:
        return today + dt.timedelta(days=named[text])
    iso = _ISO_DATE.match(text)
    if iso:
        return _date(int(iso[1]), int(iso[2]), int(iso[3]), text)
    return _weekday(text, today, prefer) or _relative(text, today) or _month_day(text, today, prefer)


def _weekday(text: str, today: dt.date, prefer: Prefer) -> dt.date | None:
    words = text.split(" ")
    direction = prefer
    if len(words) == 2 and words[0] in ("next", "last", "this"):
        direction = "past" if words[0] == "last" else "future"
        words = words[1:]
    if len(words) != 1 or len(words[0]) < 3:
        return None
    for index, name in enumerate(WEEKDAYS):
        # "fri", "thurs", "friday" name a day; "month" does not name Monday.
        if name.startswith(words[0]):
            if direction == "future":
                ahead = (index - today.weekday()) % 7 or 7
                return today + dt.timedelta(days=ahead)
            back = (today.weekday() - index) % 7 or 7
            return today - dt.timedelta(days=back)
    return None


def _relative(text: str, today: dt.date) -> dt.date | None:
    match = _RELATIVE.match(text)
    if not match or match.group(2) not in UNITS:
        return None
    count = {"next": 1, "last": -1}.get(match.group(1))
    amount = (count if count is not None else int(match.group(1))) * UNITS[match.group(2)]
    if match.group(3):
        amount = -amount
    return today + dt.timedelta(days=amount)


def _month_day(text: str, today: dt.date, prefer: Prefer) -> dt.date | None:
    """"dec 3", "3 dec", "december 3 2026"."""
    words = text.replace(",", " ").split()
    month = next((i + 1 for i, m in enumerate(MONTHS) for w in words if w.startswith(m) and w.isalpha()), None)
    numbers = [int(w) for w in words if w.isdigit()]
    if month is None or not numbers or len(words) != len(numbers) + 1:
        return None
    day, year = numbers[0], (numbers[1] if len(numbers) > 1 else None)
    if year is not None:
        return _date(year, month, day, text)
    candidate = _date(today.year, month, day, text)
    if prefer == "future" and candidate < today:
        candidate = _date(today.year + 1, month, day, text)
    if prefer == "past" and candidate > today:
        candidate = _date(today.year - 1, month, day, text)
    return candidate


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"no such date {text!r}") from None


def parse_day(text: str, today: dt.date, prefer: Prefer = "future") -> dt.date:
    """A calendar day ("fri", "in 2 weeks", "2026-12-03"), from 1900 to a hundred years ahead."""
    if len(text) > 100:
        raise DateError(f"date {text[:30]!r}... is too long to be a date; {HINT}")
    raw = " ".join(text.strip().lower().split())
    high = today.year + YEARS_AHEAD
    try:
        day = _parse_day(raw, today, prefer) if raw else None
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, DateError):
            raise
        raise DateError(f"date {text.strip()!r} is out of range ({FIRST_YEAR} to {high})") from None
    if day is None:
        raise DateError(f"cannot read date {text.strip()!r}; {HINT}")
    if not FIRST_YEAR <= day.year <= high:
        raise DateError(f"date {text.strip()!r} is out of range ({FIRST_YEAR} to {high})")
    return day


_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?|s)?)?)?$")


def parse_minutes(text: str, least: int = 0) -> int:
    """"30m", "1h", "1h30m", "1.5h", "90" -> minutes (`least` or more: a catch-up lasts at least 1)."""
    minutes = _minutes(text)
    if minutes < least:
        raise DateError(f"duration {text.strip()!r}: expected at least {least} minute{'s' if least > 1 else ''}")
    return minutes


def _minutes(text: str) -> int:
    raw = text.strip().lower().replace(" ", "")
    if raw.isdigit() and len(raw) < 9:
        return int(raw)
    if len(raw) > 20:  # no duration is that long; int() of 5,000 digits is an error of its own
        raise DateError(f"cannot read duration {text.strip()[:20]!r}...; try '30m', '1h' or '1h30m'")
    match = _DURATION.match(raw)
    if not raw or not match or not (match.group(1) or match.group(2)):
        raise DateError(f"cannot read duration {text.strip()!r}; try '30m', '1h' or '1h30m'")
    return round(float(match.group(1) or 0) * 60) + int(match.group(2) or 0)


def parse_birthday(text: str) -> str:
    """"1985-04-16", "--04-16", "04-16", "16 apr", "apr 16 1985" -> the stored form."""
    raw = " ".join(text.strip().lower().replace(",", " ").split())
    match = re.match(r"^(?:(\d{4})|-)?-?(\d{1,2})-(\d{1,2})$", raw)
    month: int | None
    if match:
        year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    else:
        words = raw.split()
        month = next((i + 1 for i, m in enumerate(MONTHS) for w in words if w.startswith(m) and w.isalpha()), None)
        numbers = [w for w in words if w.isdigit()]
        if month is None or not numbers or len(words) != len(numbers) + 1:
            raise DateError(f"cannot read birthday {text.strip()!r}; try '1985-04-16', '16 apr' or '--04-16'")
        day = int(numbers[0])
        year = numbers[1] if len(numbers) > 1 and len(numbers[1]) == 4 else None
    # 2000 is a leap year, so 29 Feb is accepted when the year is unknown.
    _date(int(year) if year else 2000, month, day, text.strip())
    return f"{year or '-'}-{month:02d}-{day:02d}"
