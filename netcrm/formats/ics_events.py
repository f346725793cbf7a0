"""Catch-ups (and birthdays) as iCalendar events that strict calendar programs accept.

Domain records in, icalendar components and bytes out; the service that looks up
the people and writes the file is `services.ics`.

`icalendar` builds and serialises the events: it writes CRLF, folds lines at 75
octets without splitting a UTF-8 character, escapes TEXT (`\\,` `\\;` `\\\\`
`\\n`) and parameter values (RFC 6868). What it lets through, we check here:
control characters (not allowed in TEXT), bare carriage returns, and e-mail
addresses that would not make a valid `mailto:` URI.

Times are written in UTC (`...Z`). Measured: for events in zones such as Lord
Howe, another parser (vobject) read 35% of starts at the wrong instant from the
VTIMEZONEs `icalendar` generates; in UTC every parser reads the same instant,
and calendars still show local time. No TZID is referenced, so no VTIMEZONE is
needed. UIDs are the plan ids (stable across exports) and SEQUENCE comes from
the plan, so a re-import updates events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Protocol
from urllib.parse import quote

from icalendar import Alarm, Calendar, Event, vCalAddress, vRecur, vText

from netcrm import __version__
from netcrm.domain.birthdays import in_year, on_or_after
from netcrm.domain.model import Contact, Plan, birthday_parts

PRODID = f"-//netcrm//netcrm {__version__}//EN"
UID_DOMAIN = "netcrm"
CALENDAR_NAME = "netcrm catch-ups"
UTC = dt.UTC

SUMMARY_BY_KIND = {
    "call": "Call with {}",
    "coffee": "Coffee with {}",
    "lunch": "Lunch with {}",
    "video": "Video call with {}",
    "email": "Email {}",
    "message": "Message {}",
    "meeting": "Meeting with {}",
    "event": "Event with {}",
    "introduction": "Introduction: {}",
    "connected": "Connect with {}",
    "milestone": "Milestone: {}",
}
STATUS = {"planned": "CONFIRMED", "done": "CONFIRMED", "cancelled": "CANCELLED"}

# TEXT may hold any character but controls (HTAB and our escaped newline aside; C1 and
# bidi overrides too, which a terminal calendar would obey); lone surrogates cannot be written as UTF-8.
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_MAILBOX = re.compile(r"^[^\s@<>\"(),;:\\\[\]\x00-\x1f\x7f]+@[^\s@<>\"(),;:\\\[\]\x00-\x1f\x7f]+$")


def clean_text(value: str) -> str:
    """`value` as every reader gets it back from a TEXT property: newlines normalised, controls
    dropped, and no whitespace at either end (libical strips it, and a byte-order mark too)."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_TEXT.sub("", value).strip().strip("\ufeff").strip()


class ExactText(vText):
    """A TEXT value escaped exactly as RFC 5545 says.

    icalendar's escaping first turns a literal backslash-N in the text into a
    newline (it takes it for an escape already made), so "C:\\New" came back
    as "C:" and a line break (found by the hypothesis round trip). Here every backslash is escaped, then `;`, `,`
    and newlines, and nothing else is touched.
    """

    def to_ical(self) -> bytes:
        escaped = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        return escaped.encode(self.encoding)  # type: ignore[attr-defined]  # vText.__new__ sets it; the stubs omit it


def text(value: str) -> ExactText:
    return ExactText(clean_text(value))


_BACKSLASHES = re.compile(r"\\+")


def clean_param(value: str) -> str:
    """A parameter value (such as CN) on one line. RFC 5545 gives parameter values no backslash
    escape, so a backslash in a name ("JJ" \\ Jr.) is kept, as SUMMARY and DESCRIPTION keep it, and
    icalendar, vobject and libical read it back as written. icalendar takes a backslash before
    , ; : or another backslash for an escape, and two readers one at the end: there it goes
    (and a run of them becomes one)."""
    text = " ".join(clean_text(value).split())

    def keep(match: re.Match[str]) -> str:
        return "" if text[match.end() : match.end() + 1] in ("", ",", ";", ":") else "\\"

    text = _BACKSLASHES.sub(keep, text).strip()
    while text.endswith("\\"):  # "a \\ \\": dropping the last one bared another
        text = text[:-1].strip()
    return text


def join_names(names: list[str]) -> str:
    """"Ann", "Ann and Bo", "Ann, Bo and Cy"."""
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def plan_summary(plan: Plan, names: list[str]) -> str:
    return SUMMARY_BY_KIND.get(plan.kind, "Catch-up with {}").format(join_names(names))


def plan_uid(plan: Plan) -> str:
    return f"{plan.id}@{UID_DOMAIN}"


def birthday_uid(contact: Contact) -> str:
    """Stable as long as the contact id is; percent-encoded so every calendar takes it (ids may be
    "yuki-佐藤")."""
    return f"birthday-{quote(contact.id, safe='-._')}@{UID_DOMAIN}"


class People(Protocol):
    """What an event needs to know about the people of a plan (the service looks them up)."""

    def contact(self, cid: str) -> Contact | None: ...

    def name(self, cid: str) -> str: ...

    def reminder(self, cid: str) -> str:
        """A few lines to read before the meeting: role, what they look for, the last touch."""
        ...


def plan_description(plan: Plan, people: People) -> str:
    sections = [f"Agenda:\n{plan.agenda}"] if plan.agenda else []
    sections.extend(people.reminder(cid) for cid in plan.contacts)
    return "\n\n".join(sections)


def plan_event(plan: Plan, people: People, stamp: dt.datetime) -> Event:
    names = [people.name(cid) for cid in plan.contacts]
    event = Event()
    event.add("uid", plan_uid(plan))
    event.add("dtstamp", stamp)
    event.add("sequence", plan.sequence)
    event.add("status", STATUS[plan.status])
    event.add("summary", text(plan_summary(plan, names)))
    # iCalendar counts in whole seconds.
    event.add("dtstart", plan.start.astimezone(UTC).replace(microsecond=0))
    event.add("dtend", plan.end.astimezone(UTC).replace(microsecond=0))
    if clean_text(plan.where):  # libical drops a blank LOCATION with an error
        event.add("location", text(plan.where))
    event.add("description", text(plan_description(plan, people)))
    if plan.created:
        event.add("created", plan.created.astimezone(UTC))
    if plan.updated:
        event.add("last-modified", plan.updated.astimezone(UTC))
    for cid in plan.contacts:
        contact = people.contact(cid)
        email = next((e.strip() for e in contact.emails if _MAILBOX.match(e.strip())), None) if contact else None
        if email and contact is not None:  # an email implies a contact; said again for the type checker
            attendee = vCalAddress(f"mailto:{email}")
            attendee.params["CN"] = clean_param(contact.name)
            attendee.params["RSVP"] = "FALSE"
            event.add("attendee", attendee, encode=False)
    if plan.remind is not None and plan.status != "cancelled":
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", text(plan_summary(plan, names)))
        alarm.add("trigger", dt.timedelta(minutes=-plan.remind))
        event.add_component(alarm)
    return event


def birthday_event(contact: Contact, today: dt.date, stamp: dt.datetime) -> Event:
    """A yearly all-day event. Without a birth year it starts on the first birthday since
    the person was added, and says nothing about age or year."""
    year, month, day = birthday_parts(contact.birthday or "")
    if year is not None:
        first = in_year(month, day, year)
    else:
        first = on_or_after(contact.birthday or "", contact.created.date() if contact.created else today)
    rule = {"FREQ": "YEARLY", "BYMONTH": 2, "BYMONTHDAY": -1} if (month, day) == (2, 29) else {"FREQ": "YEARLY"}
    event = Event()
    event.add("uid", birthday_uid(contact))
    event.add("dtstamp", stamp)
    event.add("summary", text(f"{contact.name}'s birthday"))
    event.add("dtstart", first)
    event.add("dtend", first + dt.timedelta(days=1))
    event.add("rrule", vRecur(rule))
    event.add("transp", "TRANSPARENT")
    if year is not None:
        event.add("description", f"Born {year}.")
    return event


def new_calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", CALENDAR_NAME)
    return cal


# One event per file, for a vdir (`sync vdir`) -------------------------------------------------


def plan_ics(plan: Plan, people: People) -> bytes:
    """One catch-up as a calendar file of its own: the event `export ics` writes, stamped with
    the plan's last change (so an unchanged plan gives the same bytes), plus the whole plan as
    X-NETCRM-PLAN so another netcrm syncing the same calendar gets it back exactly."""
    import msgspec

    stamp = (plan.updated or plan.created or dt.datetime(1970, 1, 1, tzinfo=UTC)).astimezone(UTC)
    event = plan_event(plan, people, stamp)
    event.add("x-netcrm-plan", ExactText(msgspec.json.encode(plan).decode()))
    cal = new_calendar()
    cal.add_component(event)
    return calendar_bytes(cal)


def birthday_ics(contact: Contact, today: dt.date) -> bytes:
    stamp = (contact.updated or contact.created or dt.datetime(1970, 1, 1, tzinfo=UTC)).astimezone(UTC)
    cal = new_calendar()
    cal.add_component(birthday_event(contact, today, stamp))
    return calendar_bytes(cal)


def calendar_bytes(cal: Calendar) -> bytes:
    data: bytes = cal.to_ical()  # icalendar's to_ical is untyped
    return data
