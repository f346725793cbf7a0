"""`export ics`: every catch-up (and birthday) of the network as one calendar file.

The events themselves are `formats.ics_events`; this module looks up the people
of each plan (names, a reminder of who they are and the last touch) and writes
the file atomically.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from netcrm.domain.bounds import local_time
from netcrm.domain.model import Contact, Plan
from netcrm.domain.touches import is_touch
from netcrm.formats.ics_events import (
    UID_DOMAIN,
    UTC,
    birthday_event,
    birthday_ics,
    clean_param,
    join_names,
    new_calendar,
    plan_event,
    plan_ics,
    text,
)
from netcrm.services.workspace import Workspace

# Used by other services (sync) and kept importable from here.
__all__ = [
    "UID_DOMAIN", "IcsExport", "birthday_ics", "clean_param", "export_ics", "join_names", "people_of", "plan_ics",
    "save_ics", "text", "write_ics",
]


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
        # Newest years first, only as far as the latest touch: not every year's file (sync vdir, 200 catch-ups).
        latest = next((item for item in self.ws.repo.newest_touches(contact.id) if is_touch(item)), None)
        if latest is None:
            return local_time(contact.last_touch, self.tz).strftime("%a %d %b %Y") if contact.last_touch else "none yet"
        text = f"{latest.kind} on {local_time(latest.at, self.tz).strftime('%a %d %b %Y')}"
        return f"{text} ({latest.summary})" if latest.summary else text


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


def people_of(ws: Workspace) -> _People:
    """The per-export cache of names and reminders, shared by many `plan_ics` calls."""
    return _People(ws)
