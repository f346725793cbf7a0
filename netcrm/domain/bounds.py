"""What a record may hold: text without control characters, dates a calendar can show, real
birthdays, email addresses that are addresses.

Checked at the edges (CLI arguments, forms, YAML, `edit`), so a typo or a hostile
card is a one-line error naming the field instead of a value that crashes every
later read (a catch-up in the year 9999 overflows its end time; a touch in the
year 1 cannot be shown in a time zone east of UTC). Imports from other programs
clean text instead of refusing it (`clean_record`) and say how many fields they cleaned.
The clock is a parameter: this module reads nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import msgspec

from netcrm.domain.model import Contact, Interaction, Introduction, Plan, Record, birthday_parts
from netcrm.domain.text import has_controls, strip_controls, visible
from netcrm.errors import NetcrmError

R = TypeVar("R", bound=Record)

FIRST_YEAR = 1900
# How far ahead a plan (or a snooze) may be, and how far back a plan may lie.
PLAN_YEARS = 100
# A touch "in the future" by less than this is a clock or time-zone slip, not a plan.
TOUCH_SKEW = dt.timedelta(days=1)
# Free text that may span lines; every other string (names, titles, places, tags) is one line.
MULTILINE = frozenset({"notes", "agenda", "outcome"})


class BoundsError(NetcrmError):
    """A value outside what netcrm can store and show again."""


def _strings(record: Record) -> list[tuple[str, str]]:
    """(field, text) for every string and string-list field of `record`."""
    found = []
    for name in record.__struct_fields__:
        value = getattr(record, name)
        if isinstance(value, str):
            found.append((name, value))
        elif isinstance(value, list):
            found += [(name, item) for item in value if isinstance(item, str)]
    return found


def check_text(record: Record, skip: set[str] | frozenset[str] = frozenset()) -> None:
    """Refuse a control character (ESC, C1, DEL, bidi overrides; a line break in a one-line field)."""
    for name, value in _strings(record):
        if name in skip:
            continue
        if has_controls(value, multiline=name in MULTILINE):
            kind = "a line break" if "\n" in value and name not in MULTILINE else "a control character"
            raise BoundsError(f"{name}: {kind} is not allowed here (got '{visible(value)}')", field=name)


def clean_record(record: R) -> tuple[R, list[str]]:
    """`record` with control characters removed from its text, and the fields that changed."""
    changes: dict[str, Any] = {}
    for name in record.__struct_fields__:
        value = getattr(record, name)
        multiline = name in MULTILINE
        if isinstance(value, str) and has_controls(value, multiline):
            changes[name] = strip_controls(value, multiline)
        elif isinstance(value, list) and any(isinstance(v, str) and has_controls(v, multiline) for v in value):
            changes[name] = [strip_controls(v, multiline) if isinstance(v, str) else v for v in value]
    if not changes:
        return record, []
    return msgspec.structs.replace(record, **changes), sorted(changes)


def check_birthday(value: str | None) -> None:
    """A real day: 31 February is refused; 29 February without a year is accepted."""
    if not value:
        return
    try:
        year, month, day = birthday_parts(value)
        dt.date(year or 2000, month, day)
    except ValueError:
        raise BoundsError(f"birthday: no such date (got '{visible(value)}')", field="birthday") from None
    if year is not None and year < FIRST_YEAR:
        raise BoundsError(f"birthday: {value} is before {FIRST_YEAR}", field="birthday")


def check_email(value: str) -> None:
    """One address, checked for syntax only (no DNS; internal names like `corp.local` are fine)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError as exc:
        raise BoundsError(f"emails: '{visible(value)}' is not an email address ({exc})", field="emails") from None


def check_fields(record: Record, before: Record | None = None) -> None:
    """The rules that need no clock: clean text, real birthdays, email syntax.

    Fields whose value equals `before`'s (the stored record being changed) are
    not checked again: a value stored before these rules existed must not stop
    the user from snoozing or archiving that person; it is refused once edited.
    """
    same = set()
    if before is not None:
        same = {n for n in record.__struct_fields__ if getattr(record, n) == getattr(before, n, None)}
    check_text(record, skip=same)
    if isinstance(record, Contact):
        if "birthday" not in same:
            check_birthday(record.birthday)
        old = set(before.emails) if isinstance(before, Contact) else set()
        for email in record.emails:
            if email not in old:
                check_email(email)


def year_range(now: dt.datetime) -> tuple[int, int]:
    """The years any stored date may fall in."""
    return FIRST_YEAR, now.year + PLAN_YEARS


def check_when(value: dt.datetime | dt.date, now: dt.datetime, name: str, *, future: dt.timedelta | None = None,
               past_years: int | None = None) -> None:
    """`value` between 1900 (or `past_years` back) and `future` after now (or 100 years ahead)."""
    low, high = year_range(now)
    if past_years is not None:
        low = max(low, now.year - past_years)
    shown = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if not low <= value.year <= high:
        raise BoundsError(f"{name}: {shown} is out of range ({low} to {high})", field=name)
    if future is not None and isinstance(value, dt.datetime) and value - now > future:
        raise BoundsError(f"{name}: {shown} is in the future", field=name)


def check_dates(record: Record, now: dt.datetime) -> None:
    """Every date of `record` in a range a calendar can show and arithmetic cannot overflow."""
    if isinstance(record, Contact):
        check_birthday(record.birthday)
        for name in ("met_on", "snoozed_until", "created", "updated", "last_touch"):
            value = getattr(record, name)
            if value is not None:
                check_when(value, now, name)
    elif isinstance(record, Plan):
        check_when(record.start, now, "start", past_years=PLAN_YEARS)
    elif isinstance(record, (Interaction, Introduction)):
        check_when(record.at, now, "at", future=TOUCH_SKEW)


def check_record(record: Record, now: dt.datetime) -> None:
    """All the rules: what a YAML file or an edit must satisfy before it is stored."""
    check_fields(record)
    check_dates(record, now)


def local_time(value: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    """`value` in `tz`, or as stored when that is past the calendar's edge (year 1 at +14:00)."""
    try:
        return value.astimezone(tz)
    except OverflowError:
        return value
