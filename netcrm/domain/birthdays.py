"""When a birthday falls: stored as "1985-04-16" or "--04-16" (year unknown).

A 29 February birthday is kept on 28 February in other years, the way the
calendar export's yearly rule (last day of February) shows it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from netcrm.domain.model import Contact, birthday_parts


class UpcomingBirthday(NamedTuple):
    day: dt.date
    contact: Contact
    age: int | None
    """The age they turn that day, only when the birth year is known."""


def on_or_after(birthday: str, start: dt.date) -> dt.date:
    """The first day on or after `start` that is this birthday."""
    _, month, day = birthday_parts(birthday)
    for year in (start.year, start.year + 1):
        candidate = in_year(month, day, year)
        if candidate >= start:
            return candidate
    raise AssertionError("a birthday comes round within a year")


def in_year(month: int, day: int, year: int) -> dt.date:
    """The birthday in `year`: 29 February on the 28th in other years; a day past the month's end
    (31 February, stored before birthdays were checked) on its last day."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def upcoming(contacts: Iterable[Contact], today: dt.date, days: int = 60) -> list[UpcomingBirthday]:
    """Birthdays of active people from today through `days` ahead, soonest first."""
    end = today + dt.timedelta(days=days)
    found = []
    for contact in contacts:
        if contact.archived or not contact.birthday:
            continue
        day = on_or_after(contact.birthday, today)
        if day <= end:
            year = birthday_parts(contact.birthday)[0]
            found.append(UpcomingBirthday(day, contact, day.year - year if year else None))
    return sorted(found, key=lambda b: (b.day, b.contact.name.casefold()))
