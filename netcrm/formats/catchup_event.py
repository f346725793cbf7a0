"""Reading back one catch-up event from a calendar file a calendar app may have changed.

What netcrm takes from it: when it starts and ends (a moved event), whether it
is cancelled, and the plan netcrm wrote into X-NETCRM-PLAN (so another netcrm
syncing the same calendar gets the whole plan). Times come back in UTC; a
floating time is read in `tz`, the user's zone, as calendar apps mean it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import msgspec

from netcrm.domain.model import Plan


class EventError(ValueError):
    """A calendar file netcrm cannot read as a catch-up; the message says why."""


@dataclass
class EventFacts:
    uid: str
    start: dt.datetime
    end: dt.datetime
    cancelled: bool
    plan: Plan | None

    def fields(self) -> dict[str, str]:
        """What the sync compares: start, end and status, as strings."""
        return {"start": utc_text(self.start), "end": utc_text(self.end), "cancelled": str(self.cancelled)}


def utc_text(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def plan_fields(plan: Plan) -> dict[str, str]:
    return {"start": utc_text(plan.start), "end": utc_text(plan.end), "cancelled": str(plan.status == "cancelled")}


_ESCAPE = re.compile(r"\\([\\,;nN])")


def unescape(text: str) -> str:
    """RFC 5545 TEXT unescaping (icalendar leaves X- properties as written)."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _moment(value: object, tz: dt.tzinfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tz)
    raise EventError(f"not a date or time: {value!r}")


def read_event(data: bytes, tz: dt.tzinfo) -> EventFacts:
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(data)
        event = next(iter(cal.walk("VEVENT")), None)
        if event is None:
            raise EventError("no VEVENT in the file")
        start = _moment(event.decoded("dtstart"), tz)
        if "dtend" in event:
            end = _moment(event.decoded("dtend"), tz)
        elif "duration" in event:
            end = start + event.decoded("duration")
        else:
            end = start
        raw_plan = event.get("x-netcrm-plan")
        plan = msgspec.json.decode(unescape(str(raw_plan)).encode(), type=Plan) if raw_plan is not None else None
    except EventError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is one unreadable event
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EventError(text[:160]) from None
    cancelled = str(event.get("status", "")).upper() == "CANCELLED"
    return EventFacts(str(event.get("uid", "")).strip(), start, end, cancelled, plan)
