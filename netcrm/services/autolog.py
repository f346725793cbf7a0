"""Touches that log themselves: what calendar and mail imports share, and the calendar import.

An import reads files (formats/ does the parsing), matches addresses to the
people in the network, and stores everything in ONE write at the end. Each
automatic touch carries a stable `source` key (the event UID and instance, or
the mail thread, day, person and direction), so importing the same or an
overlapping newer export again adds nothing, and a moved meeting moves its
touch. Future meetings become catch-ups marked with the same kind of key
(`Plan.source`): the person shows them as upcoming and is not going cold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from netcrm.domain.model import Contact, Interaction, Plan
from netcrm.errors import NetcrmError
from netcrm.formats.calendar_events import Meeting, count_events, read_meetings
from netcrm.services.touches import record_interactions
from netcrm.services.workspace import Workspace

Progress = Callable[[int, int], None]
DEFAULT_SINCE_DAYS = 365
# Future meetings are looked for this far ahead; only the next instance of each series becomes a catch-up.
UPCOMING_DAYS = 60
MAX_MINUTES = 60 * 24 * 14  # the longest catch-up a Plan can hold


def no_progress(done: int, total: int) -> None:
    """Progress callback that shows nothing."""


def stable_id(prefix: str, source: str) -> str:
    """A record id derived from its source key, shaped like `new_id`'s ("t-0123456789")."""
    return f"{prefix}-{hashlib.blake2b(source.encode(), digest_size=5).hexdigest()}"


@dataclass
class AutologResult:
    """What an import did (or, in a dry run, would do)."""

    logged: list[Interaction] = field(default_factory=list)  # new touches
    moved: list[Interaction] = field(default_factory=list)  # touches whose meeting moved
    upcoming: list[Plan] = field(default_factory=list)  # new or changed catch-ups from future meetings
    closed_plans: list[Plan] = field(default_factory=list)  # upcoming meetings that happened or were cancelled
    known: int = 0  # already imported before
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> count
    problems: list[str] = field(default_factory=list)  # malformed input: "FILE: where: what"

    def changes(self) -> int:
        return len(self.logged) + len(self.moved) + len(self.upcoming) + len(self.closed_plans)

    def summary(self) -> str:
        parts = [f"{plural(len(self.logged), 'touch')} logged"]
        if self.moved:
            parts.append(f"{len(self.moved)} moved")
        if self.upcoming:
            parts.append(f"{len(self.upcoming)} upcoming")
        parts.append(f"{self.known} already known")
        parts.append(f"{sum(self.skipped.values())} skipped")
        if self.problems:
            parts.append(f"{len(self.problems)} unreadable")
        return ", ".join(parts)

    def skip_lines(self) -> list[str]:
        return [f"{count} {reason}" for reason, count in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0]))]

    def per_person(self, names: dict[str, str]) -> list[str]:
        """ "Ana Lima: 3 touches (2 email, 1 video), 1 upcoming", one line per person, by name."""
        kinds: dict[str, Counter[str]] = {}
        for item in [*self.logged, *self.moved]:
            for cid in item.contacts:
                kinds.setdefault(cid, Counter())[item.kind] += 1
        ahead = Counter(cid for plan in self.upcoming for cid in plan.contacts)
        lines = []
        for cid in sorted(set(kinds) | set(ahead), key=lambda c: names.get(c, c).casefold()):
            counted = kinds.get(cid, Counter())
            text = f"{names.get(cid, cid)}: {plural(sum(counted.values()), 'touch')}"
            if counted:
                text += " (" + ", ".join(f"{n} {k}" for k, n in sorted(counted.items())) + ")"
            if ahead[cid]:
                text += f", {ahead[cid]} upcoming"
            lines.append(text)
        return lines


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "es" if noun.endswith("ch") else "s")


class Directory:
    """Addresses -> people in the network, and the user's own addresses."""

    def __init__(self, ws: Workspace) -> None:
        self.by_email: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for contact in ws.repo.contacts():
            self.names[contact.id] = contact.name
            for address in contact.emails:
                self.by_email.setdefault(address.strip().lower(), contact.id)
        self.me = {a.strip().lower() for a in ws.config.me.emails if a.strip()}

    def person(self, address: str) -> str | None:
        return None if address in self.me else self.by_email.get(address)


class Known:
    """What earlier imports stored, by source key."""

    def __init__(self, ws: Workspace) -> None:
        self.touches = {i.source: i for i in ws.repo.interactions() if i.source}
        self.plans = {p.source: p for p in ws.repo.plans() if p.source}


def files_in(path: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """`path` itself, or the files under a folder with one of `suffixes`, in a stable order."""
    if not path.exists():
        raise NetcrmError(f"{path}: no such file or folder")
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


def since_from(ws: Workspace, since: dt.datetime | None, default_days: int | None) -> dt.datetime | None:
    if since is not None:
        return since
    return ws.now() - dt.timedelta(days=default_days) if default_days else None


def commit(ws: Workspace, result: AutologResult, dry_run: bool) -> None:
    """Store an import's touches and catch-ups in one write (nothing in a dry run)."""
    if dry_run or not result.changes():
        return
    with ws.repo.transaction():
        record_interactions(ws, [*result.logged, *result.moved])
        ws.repo.put_many([*result.upcoming, *result.closed_plans])


# Calendar ---------------------------------------------------------------------------------------


def import_calendar(
    ws: Workspace,
    path: Path,
    since: dt.datetime | None = None,
    max_attendees: int | None = None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> AutologResult:
    """Past meetings with people in the network become touches; future ones, upcoming catch-ups."""
    now = ws.now()
    start = since_from(ws, since, DEFAULT_SINCE_DAYS)
    assert start is not None
    limit = max_attendees or ws.config.max_attendees
    tz = ws.config.tzinfo()
    files = files_in(path, (".ics", ".ical", ".ifb", ".icalendar"))
    blobs = [(f, _read(f)) for f in files]
    total = sum(count_events(data) for _, data in blobs) or 1
    book = CalendarBook(ws, now, limit)
    done = 0
    for file, data in blobs:
        meetings, problems = read_meetings(data, str(file), start, now + dt.timedelta(days=UPCOMING_DAYS), tz)
        book.result.problems += [f"{p.where}: {p.what}" for p in problems]
        for meeting in sorted(meetings, key=lambda m: m.start):
            book.add(meeting)
        done += count_events(data)
        progress(min(done, total), total)
    commit(ws, book.result, dry_run)
    return book.result


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        raise NetcrmError(f"{file}: cannot read: {exc.strerror or exc}") from None


class CalendarBook:
    """Sorts meeting instances into touches, upcoming catch-ups and skips."""

    def __init__(self, ws: Workspace, now: dt.datetime, max_attendees: int) -> None:
        self.ws = ws
        self.now = now
        self.max_attendees = max_attendees
        self.people = Directory(ws)
        self.known = Known(ws)
        self.result = AutologResult()
        self.seen: set[str] = set()
        self.next_of_series: set[str] = set()

    def add(self, meeting: Meeting) -> None:
        source = f"ics:{meeting.key}"
        if source in self.seen:  # the same instance in two files of one import
            return
        self.seen.add(source)
        reason = self.skip_reason(meeting)
        if meeting.cancelled:
            self.close(source, "cancelled")
        if reason:
            self.result.skipped[reason] += 1
            return
        contacts, inbound = self.who(meeting)
        if not contacts:
            reason = (
                "meetings where they declined" if self._matched(meeting) else "meetings with nobody in your network"
            )
            self.result.skipped[reason] += 1
            return
        if meeting.start > self.now:
            self.upcoming(meeting, source, contacts)
        else:
            self.happened(meeting, source, contacts, inbound)

    def skip_reason(self, meeting: Meeting) -> str:
        if meeting.cancelled:
            return "cancelled"
        if meeting.all_day:
            return "all-day events"
        if meeting.private or meeting.free:
            return "private or free-time events"
        if len({a.email for a in meeting.attendees} | {meeting.organizer} - {""}) > self.max_attendees:
            return f"meetings with more than {self.max_attendees} people"
        mine = [a for a in meeting.attendees if a.email in self.people.me]
        if mine and all(a.partstat == "DECLINED" for a in mine):
            return "meetings you declined"
        return ""

    def _matched(self, meeting: Meeting) -> bool:
        return any(self.people.person(a.email) for a in meeting.attendees)

    def who(self, meeting: Meeting) -> tuple[list[str], bool]:
        """The people in the network at the meeting (not those who declined), and whether they invited me."""
        ids: dict[str, None] = {}
        organizer = self.people.person(meeting.organizer) if meeting.organizer else None
        if organizer:
            ids[organizer] = None
        for attendee in meeting.attendees:
            cid = self.people.person(attendee.email)
            if cid and attendee.partstat != "DECLINED":
                ids[cid] = None
            elif cid and cid in ids and attendee.email == meeting.organizer:
                del ids[cid]  # an organiser who declined their own meeting did not attend
        return list(ids), organizer is not None

    def happened(self, meeting: Meeting, source: str, contacts: list[str], inbound: bool) -> None:
        plan = self.known.plans.get(source)
        old = self.known.touches.get(source)
        if old is None and plan is not None and plan.status == "done":  # closed by hand: `netcrm done` logged it
            self.result.known += 1
            return
        self.close(source, "done")
        kind = "video" if meeting.video else "meeting"
        if old is not None:
            if old.at == meeting.start and set(old.contacts) == set(contacts):
                self.result.known += 1
            else:
                self.result.moved.append(msgspec.structs.replace(old, at=meeting.start, contacts=contacts))
            return
        self.result.logged.append(
            Interaction(
                id=stable_id("t", source),
                contacts=contacts,
                at=meeting.start,
                kind=kind,
                direction="inbound" if inbound else "outbound",
                summary=meeting.summary,
                source=source,
            )
        )

    def close(self, source: str, status: str) -> None:
        """An upcoming meeting stored by an earlier import has happened, or was cancelled since."""
        plan = self.known.plans.get(source)
        if plan is not None and plan.status == "planned":
            self.result.closed_plans.append(
                msgspec.structs.replace(plan, status=status, sequence=plan.sequence + 1, updated=self.now)
            )

    def upcoming(self, meeting: Meeting, source: str, contacts: list[str]) -> None:
        series = meeting.key.split("|", 1)[0]
        if series in self.next_of_series:
            return
        self.next_of_series.add(series)
        minutes = max(0, min(MAX_MINUTES, int((meeting.end - meeting.start).total_seconds() // 60)))
        fields = {
            "contacts": contacts,
            "start": meeting.start,
            "duration": minutes,
            "kind": "video" if meeting.video else "meeting",
            "where": meeting.location,
            "agenda": meeting.summary,
        }
        old = self.known.plans.get(source)
        if old is None:
            plan = Plan(id=stable_id("p", source), source=source, created=self.now, updated=self.now, **fields)
            self.result.upcoming.append(plan)
        elif old.status == "planned" and any(getattr(old, k) != v for k, v in fields.items()):
            self.result.upcoming.append(
                msgspec.structs.replace(old, **fields, sequence=old.sequence + 1, updated=self.now)
            )
        else:
            self.result.known += 1


def from_calendar(plan: Plan) -> bool:
    """A catch-up read from the user's own calendar (not planned in netcrm): shown as upcoming,
    counted as planned for the going-cold panel, never exported back to that calendar."""
    return plan.source.startswith("ics:")


def names_of(contacts: Iterable[Contact]) -> dict[str, str]:
    return {c.id: c.name for c in contacts}
