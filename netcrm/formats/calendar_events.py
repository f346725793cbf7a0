"""Meetings from an iCalendar file, as Google, Outlook/Exchange, Apple and Thunderbird export them.

Bytes in, plain `Meeting` records out: every instance of every event inside a
window, recurring ones expanded by `recurring_ical_events` (RRULE, RDATE,
EXDATE, RECURRENCE-ID overrides), Google's X-WR-TIMEZONE applied by
`x_wr_timezone`, Outlook's Windows zone names ("W. Europe Standard Time")
mapped by icalendar. Only what a touch needs is kept: who, when, the summary,
and whether there is a meeting link; the description is looked at for a link
and never returned. A broken event is reported with its position and skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import icalendar
import recurring_ical_events
import x_wr_timezone

# Video meeting links (Zoom, Teams, Meet, Webex, Whereby, Jitsi, GoToMeeting, Skype).
VIDEO_LINK = re.compile(
    r"zoom\.us/|teams\.microsoft\.com/|teams\.live\.com/|meet\.google\.com/|webex\.com/|whereby\.com/"
    r"|meet\.jit\.si/|gotomeeting\.com/|join\.skype\.com/",
    re.IGNORECASE,
)
# Where calendars put the link besides LOCATION and DESCRIPTION (RFC 7986 CONFERENCE, vendors' X- names).
LINK_PROPERTIES = ("LOCATION", "DESCRIPTION", "CONFERENCE", "URL")


@dataclass(frozen=True, slots=True)
class Attendee:
    email: str  # lower case, without "mailto:"
    name: str = ""
    partstat: str = ""  # ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION or ""


@dataclass(frozen=True, slots=True)
class Meeting:
    """One instance of one event."""

    key: str  # UID, plus "|" and the original start for an instance of a recurring event
    start: dt.datetime  # timezone-aware
    end: dt.datetime
    summary: str
    organizer: str  # e-mail address, lower case, "" when none
    attendees: tuple[Attendee, ...]
    all_day: bool = False
    cancelled: bool = False
    private: bool = False  # CLASS:PRIVATE/CONFIDENTIAL
    free: bool = False  # TRANSP:TRANSPARENT: shown as free time
    video: bool = False
    location: str = ""
    revision: tuple[int, str] = (0, "")  # SEQUENCE, then LAST-MODIFIED or DTSTAMP: the newer export wins


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    what: str
    position: int = 0  # the event's place in the file, counting from 1; 0: the file as a whole
    uid: str = ""

    def text(self) -> str:
        """ "FILE: event 3 (UID x): what went wrong"."""
        if not self.position:
            return f"{self.file}: {self.what}"
        return f"{self.file}: event {self.position} ({f'UID {self.uid}' if self.uid else 'no UID'}): {self.what}"


def address(value: object) -> str:
    """ "mailto:Ana@Example.org" -> "ana@example.org"; "" when it is no address."""
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().lower() if "@" in text else ""


def read_meetings(
    data: bytes, name: str, since: dt.datetime, until: dt.datetime, tz: dt.tzinfo, first: int = 1
) -> tuple[list[Meeting], list[Problem]]:
    """Every meeting instance starting in [since, until) in the iCalendar bytes `data`.

    `tz` places floating times (no zone given) and all-day dates. `name` names the
    file in problems, `first` is the position of the first event in that file (for a
    chunk of it). A file that is not iCalendar at all is one problem.
    """
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError) as exc:
        return [], [Problem(name, f"not an iCalendar file ({_short(exc)})")]
    meetings: list[Meeting] = []
    problems: list[Problem] = []
    for calendar in calendars:
        found, trouble = _read_calendar(calendar, name, since, until, tz, first)
        meetings += found
        problems += trouble
    return meetings, problems


def _read_calendar(
    calendar: icalendar.Calendar, name: str, since: dt.datetime, until: dt.datetime, tz: dt.tzinfo, first: int
) -> tuple[list[Meeting], list[Problem]]:
    try:
        calendar = x_wr_timezone.to_standard(calendar)
    except Exception as exc:  # noqa: BLE001 - a library error on one odd file must not stop the import
        return [], [Problem(name, f"time zone: {_short(exc)}")]
    events = cast(list[icalendar.Event], list(calendar.walk("VEVENT")))  # walk("VEVENT") yields only events
    recurring = {str(e.get("UID", "")) for e in events if "RRULE" in e or "RDATE" in e or "RECURRENCE-ID" in e}
    try:
        instances = list(recurring_ical_events.of(calendar).between(since, until))
    except Exception:  # noqa: BLE001 - find the broken event(s) one series at a time, below
        return _series_by_series(calendar, events, recurring, name, since, until, tz, first)
    return _meetings(instances, recurring, tz, name, first)


def _series_by_series(
    calendar: icalendar.Calendar,
    events: list[icalendar.Event],
    recurring: set[str],
    name: str,
    since: dt.datetime,
    until: dt.datetime,
    tz: dt.tzinfo,
    first: int,
) -> tuple[list[Meeting], list[Problem]]:
    """The slow way, only for a file with a broken event: each series alone, so one names the culprit."""
    meetings: list[Meeting] = []
    problems: list[Problem] = []
    for uid, (position, series) in _series(events).items():
        single = icalendar.Calendar()
        for component in calendar.walk("VTIMEZONE"):
            single.add_component(component)
        for event in series:
            single.add_component(event)
        try:
            instances = list(recurring_ical_events.of(single).between(since, until))
            found, trouble = _meetings(instances, recurring, tz, name, first + position - 1)
            meetings += found
            problems += trouble
        except Exception as exc:  # noqa: BLE001
            known = "" if uid.startswith("#") else uid
            problems.append(Problem(name, _short(exc), first + position - 1, known))
    return meetings, problems


def _series(events: Iterable[icalendar.Event]) -> dict[str, tuple[int, list[icalendar.Event]]]:
    """Events grouped by UID (an override belongs with its series), each with its first position."""
    grouped: dict[str, tuple[int, list[icalendar.Event]]] = {}
    for position, event in enumerate(events, 1):
        uid = str(event.get("UID", "")) or f"#{position}"
        grouped.setdefault(uid, (position, []))[1].append(event)
    return grouped


def _meetings(
    instances: Iterable[icalendar.Event], recurring: set[str], tz: dt.tzinfo, name: str, first: int
) -> tuple[list[Meeting], list[Problem]]:
    """The instances as meetings; one with a broken property (icalendar raises on reading it) is a problem."""
    meetings: list[Meeting] = []
    problems: list[Problem] = []
    for event in instances:
        try:
            found = meeting(event, recurring, tz)
        except Exception as exc:  # noqa: BLE001 - icalendar's BrokenCalendarProperty and friends
            problems.append(Problem(name, _short(exc), first, str(event.get("UID", ""))))
            continue
        if found is not None:
            meetings.append(found)
    return meetings, problems


def _when(event: icalendar.Event, name: str) -> dt.date:
    """A DTSTART, DTEND or RECURRENCE-ID value (a date or a datetime); icalendar types a
    property as the union of every property type, so the one this is is said here."""
    prop: Any = event[name]
    value: dt.date = prop.dt
    return value


def meeting(event: icalendar.Event, recurring: set[str], tz: dt.tzinfo) -> Meeting | None:
    """One expanded instance as a `Meeting`; None when it has no start."""
    if "DTSTART" not in event:
        return None
    raw_start = _when(event, "DTSTART")
    all_day = not isinstance(raw_start, dt.datetime)
    start = _aware(raw_start, tz)
    end = _aware(_when(event, "DTEND"), tz) if "DTEND" in event else start
    uid = str(event.get("UID", ""))
    if not uid:  # no UID (khal once wrote such files): the start and summary are the identity
        uid = f"{raw_start.isoformat()}|{event.get('SUMMARY', '')}"
    key = uid
    if uid in recurring and "RECURRENCE-ID" in event:
        key = f"{uid}|{_stamp(_aware(_when(event, 'RECURRENCE-ID'), tz))}"
    attendees = tuple(_attendees(event.get("ATTENDEE")))
    organizer = address(event.get("ORGANIZER"))
    return Meeting(
        key=key,
        start=start,
        end=max(end, start),
        summary=" ".join(str(event.get("SUMMARY", "")).split()),
        organizer=organizer,
        attendees=attendees,
        all_day=all_day,
        cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
        private=str(event.get("CLASS", "")).upper() in {"PRIVATE", "CONFIDENTIAL"},
        free=str(event.get("TRANSP", "")).upper() == "TRANSPARENT",
        video=has_video_link(event),
        location=" ".join(str(event.get("LOCATION", "")).split()),
        revision=(_int(event.get("SEQUENCE")), _stamp_of(event.get("LAST-MODIFIED") or event.get("DTSTAMP"))),
    )


def has_video_link(event: icalendar.Event) -> bool:
    for key, value in event.property_items(recursive=False):
        if key in LINK_PROPERTIES or key.startswith("X-"):
            text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            if VIDEO_LINK.search(text):
                return True
    return False


def _attendees(value: object) -> Iterable[Attendee]:
    values = value if isinstance(value, list) else [value] if value is not None else []
    for item in values:
        email = address(item)
        if not email:
            continue
        params = getattr(item, "params", {})
        yield Attendee(email, str(params.get("CN", "")).strip(), str(params.get("PARTSTAT", "")).upper())


def _aware(value: dt.date | dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(), tz)
    return value if value.tzinfo else value.replace(tzinfo=tz)


def _int(value: object) -> int:
    try:
        return int(str(value)) if value is not None else 0
    except ValueError:
        return 0


def _stamp_of(prop: object) -> str:
    """A DTSTAMP/LAST-MODIFIED as text that sorts by time; "" when absent or broken (it only breaks ties)."""
    try:
        value = getattr(prop, "dt", None)
    except Exception:  # noqa: BLE001 - icalendar raises BrokenCalendarProperty on a broken value
        return ""
    return _stamp(value) if isinstance(value, dt.datetime) and value.tzinfo else ""


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
