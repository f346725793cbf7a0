"""`import calendar`: past meetings with people in the network become touches, future ones upcoming.

Meeting instances come from `formats.calendar_events` (recurring events expanded,
read chunk by chunk so a progress bar can move); `CalendarBook` decides for each
one: skip it (and why), log it, move the touch an earlier import logged, or keep
it as an upcoming catch-up (a `Plan` with a `source` key), closing upcoming ones
that have happened or were cancelled since.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import msgspec

from netcrm.domain.model import Interaction, Kind, Plan
from netcrm.errors import NetcrmError
from netcrm.formats.calendar_chunks import calendar_chunks, locate
from netcrm.formats.calendar_events import Meeting, Problem, read_meetings
from netcrm.services.autolog import (
    DEFAULT_SINCE_DAYS,
    MAX_MINUTES,
    UPCOMING_DAYS,
    AutologResult,
    Directory,
    Known,
    Progress,
    collector_paused,
    commit,
    files_in,
    no_progress,
    since_from,
    stable_id,
)
from netcrm.services.workspace import Workspace


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
    if not files:
        raise NetcrmError(f"{path}: no .ics files in this folder")
    blobs = [(f, _read(f)) for f in files]
    until = now + dt.timedelta(days=UPCOMING_DAYS)
    book = CalendarBook(ws, now, limit)
    with collector_paused():
        _read_calendars(book, blobs, start, until, tz, progress)
    commit(ws, book.result, dry_run)
    return book.result


def _read_calendars(
    book: CalendarBook,
    blobs: list[tuple[Path, bytes]],
    start: dt.datetime,
    until: dt.datetime,
    tz: dt.tzinfo,
    progress: Progress,
) -> None:
    total = sum(data.count(b"BEGIN:VEVENT") for _, data in blobs) or 1
    done = 0
    newest: dict[str, Meeting] = {}  # one instance in several files (overlapping exports): the newest version
    for file, data in blobs:
        for chunk in calendar_chunks(data):
            meetings, problems = read_meetings(chunk.data, str(file), start, until, tz, chunk.first)
            for meeting in meetings:
                seen = newest.get(meeting.key)
                if seen is None or meeting.revision >= seen.revision:
                    newest[meeting.key] = meeting
            for problem in dict.fromkeys(_placed(p, data).text() for p in problems):  # once per event
                book.result.problems.append(problem)
            done += chunk.events
            progress(min(done, total), total)
    for meeting in sorted(newest.values(), key=lambda m: m.start):
        book.add(meeting)


def _placed(problem: Problem, data: bytes) -> Problem:
    """A problem found in a chunk, with the event's position in the whole file."""
    position = locate(data, problem.uid) if problem.uid else 0
    return dataclasses.replace(problem, position=position) if position else problem


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
        self.next_of_series: set[str] = set()

    def add(self, meeting: Meeting) -> None:
        source = f"ics:{meeting.key}"
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
        kind: Kind = "video" if meeting.video else "meeting"
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
        fields: dict[str, Any] = {
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
