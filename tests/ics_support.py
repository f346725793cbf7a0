"""Reading exported calendars back three independent ways, and a strict line-level RFC 5545 check.

Each reader returns events as plain dicts with the same keys, so a test can
demand that icalendar, vobject and (when installed) libical all understood the
same thing: same text, same instants, same attendees.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import subprocess
from pathlib import Path

import vobject
from icalendar import Calendar

UTC = dt.UTC
LIBICAL_SCRIPT = Path(__file__).with_name("libical_read.py")
TEXT_PROPS = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT"}
_NAME = re.compile(r"^[A-Za-z0-9-]+")
_ESCAPE = re.compile(r"\\(.|$)")


def _instant(value: object) -> object:
    if isinstance(value, dt.datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(UTC)
    return value


def read_icalendar(data: bytes) -> list[dict]:
    events = []
    for ev in Calendar.from_ical(data).walk("VEVENT"):
        attendees = ev.get("attendee", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        events.append(
            {
                "uid": str(ev["uid"]),
                "summary": str(ev["summary"]),
                "description": str(ev.get("description", "")),
                "location": str(ev.get("location", "")),
                "start": _instant(ev.decoded("dtstart")),
                "end": _instant(ev.decoded("dtend")),
                "stamp": _instant(ev.decoded("dtstamp")),
                "sequence": int(ev.get("sequence", 0)),
                "status": str(ev.get("status", "")),
                "attendees": [(str(a), str(a.params.get("CN", ""))) for a in attendees],
                "triggers": [a.decoded("trigger") for a in ev.walk("VALARM")],
                "rrule": ev["rrule"].to_ical().decode() if "rrule" in ev else "",
            }
        )
    return events


def read_vobject(data: bytes) -> list[dict]:
    cal = vobject.readOne(data.decode("utf-8"))
    events = []
    for ev in cal.vevent_list:
        def text(name: str, ev=ev) -> str:
            return getattr(ev, name).value if hasattr(ev, name) else ""

        events.append(
            {
                "uid": ev.uid.value,
                "summary": ev.summary.value,
                "description": text("description"),
                "location": text("location"),
                "start": _instant(ev.dtstart.value),
                "end": _instant(ev.dtend.value),
                "stamp": _instant(ev.dtstamp.value),
                "sequence": int(text("sequence") or 0),
                "status": text("status"),
                "attendees": [(a.value, a.params.get("CN", [""])[0]) for a in getattr(ev, "attendee_list", [])],
                "triggers": [alarm.trigger.value for alarm in getattr(ev, "valarm_list", [])],
                "rrule": text("rrule"),
            }
        )
    return events


@functools.cache
def libical_python() -> str | None:
    """A Python interpreter that can import libical's GObject bindings, if this machine has one
    (Debian: apt-get install python3-gi gir1.2-ical-3.0)."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if not candidate:
            continue
        probe = subprocess.run(
            [candidate, "-c", "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"],
            capture_output=True,
        )
        if probe.returncode == 0:
            return candidate
    return None


def read_libical(data: bytes) -> tuple[list[str], list[dict]]:
    """(errors libical flagged, events) as libical reads them."""
    python = libical_python()
    assert python, "libical is not installed"
    out = subprocess.run([python, str(LIBICAL_SCRIPT)], input=data, capture_output=True, check=True).stdout
    parsed = json.loads(out)

    def when(value: dict) -> object:
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
        # Anything but a UTC instant reads as None, which no expected value equals.
        return dt.datetime.fromtimestamp(value["utc"], UTC) if value["is_utc"] else None

    events = []
    for ev in parsed["events"]:
        events.append(
            {
                **ev,
                "description": ev["description"] or "",
                "location": ev["location"] or "",
                "status": ev["status"] or "",
                "rrule": ev["rrule"] or "",
                "start": when(ev["start"]),
                "end": when(ev["end"]),
                "stamp": when(ev["stamp"]),
                "attendees": [tuple(a) for a in ev["attendees"]],
                "triggers": [dt.timedelta(seconds=s) for s in ev["triggers"]],
            }
        )
    return parsed["errors"], events


def unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def rfc5545_problems(data: bytes) -> list[str]:
    """What a strict reader would object to, line by line (empty list: none)."""
    problems: list[str] = []
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    if re.search(rb"(?<!\r)\n", data) or re.search(rb"\r(?!\n)", data):
        problems.append("a line end that is not CRLF")
    for number, raw in enumerate(data.split(b"\r\n")[:-1], 1):
        if len(raw) > 75:
            problems.append(f"line {number}: {len(raw)} octets")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: a fold splits a UTF-8 character")
    if problems:
        return problems
    lines = unfold(data)
    stack: list[str] = []
    tzids_used: set[str] = set()
    tzids_defined: set[str] = set()
    counts: list[dict[str, int]] = []
    for line in lines:
        if re.search(r"[\x00-\x08\x0a-\x1f\x7f]", line):
            problems.append(f"control character in {line[:40]!r}")
        name_match = _NAME.match(line)
        if not name_match:
            problems.append(f"no property name: {line[:40]!r}")
            continue
        name = name_match.group().upper()
        head, sep, value = _split_value(line)
        if not sep:
            problems.append(f"no ':' in {line[:40]!r}")
            continue
        if name == "BEGIN":
            stack.append(value)
            counts.append({})
            continue
        if name == "END":
            if not stack or stack.pop() != value:
                problems.append(f"END:{value} does not close the open component")
            problems.extend(_required(value, counts.pop()))
            continue
        if counts:
            counts[-1][name] = counts[-1].get(name, 0) + 1
        params = head[len(name):]
        tzids_used.update(re.findall(r";TZID=\"?([^\";:]+)", params, re.IGNORECASE))
        if name == "TZID" and stack and stack[-1] == "VTIMEZONE":
            tzids_defined.add(value)
        if name in TEXT_PROPS and _bad_text(value):
            problems.append(f"{name}: unescaped or unknown escape in {value[:40]!r}")
        if name == "DTSTAMP" and not value.endswith("Z"):
            problems.append(f"DTSTAMP not in UTC: {value}")
        if name in {"DTSTART", "DTEND"} and "VALUE=DATE" not in params.upper() and "TZID" not in params.upper():
            if not value.endswith("Z"):
                problems.append(f"{name} is a floating time: {value}")
    if stack:
        problems.append(f"unclosed {stack}")
    problems.extend(f"TZID {tz} has no VTIMEZONE" for tz in tzids_used - tzids_defined)
    return problems


def _bad_text(value: str) -> bool:
    """A TEXT value with an escape RFC 5545 does not define, or a bare ';' or ','."""
    if any(char not in "\\;,nN" or not char for char in _ESCAPE.findall(value)):
        return True
    return bool(re.search("[;,]", _ESCAPE.sub("", value)))


def _split_value(line: str) -> tuple[str, str, str]:
    """Split at the first ':' outside a quoted parameter value."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:i], ":", line[i + 1 :]
    return line, "", ""


REQUIRED = {
    "VCALENDAR": {"PRODID": 1, "VERSION": 1},
    "VEVENT": {"UID": 1, "DTSTAMP": 1, "DTSTART": 1},
    "VALARM": {"ACTION": 1, "TRIGGER": 1},
}
AT_MOST_ONCE = {"SUMMARY", "DESCRIPTION", "LOCATION", "DTEND", "SEQUENCE", "STATUS", "CREATED", "LAST-MODIFIED"}


def _required(component: str, seen: dict[str, int]) -> list[str]:
    problems = [
        f"{component}: {prop} appears {seen.get(prop, 0)} times, expected {n}"
        for prop, n in REQUIRED.get(component, {}).items()
        if seen.get(prop, 0) != n
    ]
    problems.extend(f"{component}: {prop} more than once" for prop in AT_MOST_ONCE if seen.get(prop, 0) > 1)
    if component == "VALARM" and "DESCRIPTION" not in seen:
        problems.append("VALARM: a DISPLAY alarm needs a DESCRIPTION")
    return problems
