"""Catch-ups (and birthdays) as an iCalendar file that strict calendar programs accept.

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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from icalendar import Alarm, Calendar, Event, vCalAddress, vRecur, vText

from netcrm import __version__
from netcrm.domain.birthdays import in_year, on_or_after
from netcrm.domain.bounds import local_time
from netcrm.domain.model import Contact, Plan, birthday_parts
from netcrm.domain.touches import is_touch
from netcrm.services.workspace import Workspace

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
    dropped, and no whitespace at either end (libical strips it)."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_TEXT.sub("", value).strip()


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


@dataclass
class IcsExport:
    """The calendar as bytes (empty when there is no event to write) and what went in."""

    data: bytes
    plans: Counter[str] = field(default_factory=Counter)
    birthdays: int = 0

    @property
    def events(self) -> int:
        return sum(self.plans.values()) + self.birthdays

    def describe(self) -> str:
        parts = [f"{n} {status}" for status, n in sorted(self.plans.items())]
        if self.birthdays:
            parts.append(f"{self.birthdays} birthday{'s' if self.birthdays != 1 else ''}")
        return f"{self.events} event{'s' if self.events != 1 else ''} ({', '.join(parts)})"


class _People:
    """Contact lookups and the short reminder of each person, computed once per export."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.tz = ws.config.tzinfo()
        self._reminders: dict[str, str] = {}

    def contact(self, cid: str) -> Contact | None:
        return self.ws.repo.contact(cid)

    def name(self, cid: str) -> str:
        contact = self.contact(cid)
        return contact.name if contact else cid

    def reminder(self, cid: str) -> str:
        text = self._reminders.get(cid)
        if text is None:
            text = self._reminders[cid] = self._describe(cid)
        return text

    def _describe(self, cid: str) -> str:
        contact = self.contact(cid)
        if contact is None:
            return cid
        role = ", ".join(part for part in (contact.title, contact.department, contact.org) if part)
        lines = [f"{contact.name}: {role}" if role else contact.name]
        if contact.asks:
            lines.append(f"  Looking for: {'; '.join(contact.asks)}")
        lines.append(f"  Last touch: {self._last_touch(contact)}")
        return "\n".join(lines)

    def _last_touch(self, contact: Contact) -> str:
        latest = next((item for item in self.ws.repo.timeline(contact.id) if is_touch(item)), None)
        if latest is None:
            return local_time(contact.last_touch, self.tz).strftime("%a %d %b %Y") if contact.last_touch else "none yet"
        text = f"{latest.kind} on {local_time(latest.at, self.tz).strftime('%a %d %b %Y')}"
        return f"{text} ({latest.summary})" if latest.summary else text


def plan_description(plan: Plan, people: _People) -> str:
    sections = [f"Agenda:\n{plan.agenda}"] if plan.agenda else []
    sections.extend(people.reminder(cid) for cid in plan.contacts)
    return "\n\n".join(sections)


def plan_event(plan: Plan, people: _People, stamp: dt.datetime) -> Event:
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
    if plan.where.strip():  # libical drops a blank LOCATION with an error
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


def export_ics(ws: Workspace, *, birthdays: bool = False, plans: Iterable[Plan] | None = None) -> IcsExport:
    """Every catch-up (cancelled ones as STATUS:CANCELLED so calendars drop them) and,
    if asked, every active person's birthday."""
    stamp = ws.now().astimezone(UTC)
    people = _People(ws)
    result = IcsExport(b"")
    cal = new_calendar()
    for plan in sorted(ws.repo.plans() if plans is None else plans, key=lambda p: (p.start, p.id)):
        if plan.source:  # a meeting read from the user's calendar is already there: never send it back
            continue
        cal.add_component(plan_event(plan, people, stamp))
        result.plans[plan.status] += 1
    if birthdays:
        today = ws.today()
        for contact in sorted(ws.repo.contacts(), key=lambda c: c.id):
            if contact.birthday and not contact.archived:
                cal.add_component(birthday_event(contact, today, stamp))
                result.birthdays += 1
    if result.events:
        result.data = cal.to_ical()
    return result


def write_ics(ws: Workspace, path: Path, *, birthdays: bool = False) -> IcsExport:
    """Write the calendar atomically (mode 0600); nothing is written when it has no events,
    since a calendar without components is invalid and some programs reject it."""
    from netcrm.storage.atomic import atomic_write

    result = export_ics(ws, birthdays=birthdays)
    if result.events:
        atomic_write(path, result.data)
    return result


def save_ics(result: IcsExport, path: Path) -> None:
    """Write an export atomically (mode 0600): the file holds the old calendar or the new one,
    never half of it. Commands call this rather than the storage layer."""
    from netcrm.storage.atomic import atomic_write

    atomic_write(path, result.data)


# One event per file, for a vdir (`sync vdir`) -------------------------------------------------


def people_of(ws: Workspace) -> _People:
    """The per-export cache of names and reminders, shared by many `plan_ics` calls."""
    return _People(ws)


def plan_ics(plan: Plan, people: _People) -> bytes:
    """One catch-up as a calendar file of its own: the event `export ics` writes, stamped with
    the plan's last change (so an unchanged plan gives the same bytes), plus the whole plan as
    X-NETCRM-PLAN so another netcrm syncing the same calendar gets it back exactly."""
    import msgspec

    stamp = (plan.updated or plan.created or dt.datetime(1970, 1, 1, tzinfo=UTC)).astimezone(UTC)
    event = plan_event(plan, people, stamp)
    event.add("x-netcrm-plan", ExactText(msgspec.json.encode(plan).decode()))
    cal = new_calendar()
    cal.add_component(event)
    return cal.to_ical()


def birthday_ics(contact: Contact, today: dt.date) -> bytes:
    stamp = (contact.updated or contact.created or dt.datetime(1970, 1, 1, tzinfo=UTC)).astimezone(UTC)
    cal = new_calendar()
    cal.add_component(birthday_event(contact, today, stamp))
    return cal.to_ical()
