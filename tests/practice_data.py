"""Small builders for the practice tests: people and touches on a fixed calendar."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

from netcrm.domain.model import Contact, Interaction

TZ = zoneinfo.ZoneInfo("Europe/Berlin")
MONDAY = dt.date(2026, 11, 23)
_ids = itertools.count()


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), TZ)


def person(name: str, **fields) -> Contact:
    fields.setdefault("id", name.lower().replace(" ", "-"))
    fields.setdefault("created", at(MONDAY - dt.timedelta(days=400)))
    return Contact(name=name, **fields)


def touch(who: Contact | list[Contact], day: dt.date, kind: str = "email", inbound: bool = False,
          summary: str = "", hour: int = 10) -> Interaction:
    people = who if isinstance(who, list) else [who]
    return Interaction(id=f"t{next(_ids)}", contacts=[p.id for p in people], at=at(day, hour), kind=kind,
                       direction="inbound" if inbound else "outbound", summary=summary)


def days_ago(n: int, today: dt.date = MONDAY) -> dt.date:
    return today - dt.timedelta(days=n)
