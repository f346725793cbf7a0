"""One pass over the timeline that the habit, the weekly chart and the funnel all read from.

Stats over 100,000 touches must stay cheap, so the timeline is walked once,
sorting touches into days; everything else works day by day with set
operations: per day, who was reached out to and how many touches there were;
over the funnel's period, who was reached and who answered after being
reached. A touch's day is its date in the offset it was recorded with (as
for warmth).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

from netcrm.domain.model import NOT_A_TOUCH, Interaction


@dataclass(slots=True)
class Ledger:
    since: dt.date
    until: dt.date  # inclusive
    funnel_from: dt.date
    reached: dict[dt.date, set[str]] = field(default_factory=dict)  # people reached out to, per day
    touches: dict[dt.date, int] = field(default_factory=dict)  # real touches (both ways), per day
    funnel_reached: set[str] = field(default_factory=set)  # outbound touch since funnel_from
    responded: set[str] = field(default_factory=set)  # and an inbound one after it


def _people(items: Iterable[Interaction]) -> set[str]:
    return set(chain.from_iterable(i.contacts for i in items))


def ledger(interactions: Iterable[Interaction], since: dt.date, until: dt.date,
           funnel_from: dt.date | None = None) -> Ledger:
    """Walk the touches from `since` to `until` (both included) once."""
    book = Ledger(since, until, funnel_from or since)
    days: dict[dt.date, list[Interaction]] = {}
    bucket_of = days.get
    for item in interactions:  # the only per-touch Python loop: keep it lean
        if item.kind in NOT_A_TOUCH:
            continue
        day = item.at.date()
        if since <= day <= until:
            bucket = bucket_of(day)
            if bucket is None:
                days[day] = [item]
            else:
                bucket.append(item)
    reached_before, responded = book.funnel_reached, book.responded
    for day in sorted(days):
        items = days[day]
        book.touches[day] = len(items)
        outs = [i for i in items if i.direction == "outbound"]
        reached = book.reached[day] = _people(outs)
        if day < book.funnel_from:
            continue
        ins = [i for i in items if i.direction != "outbound"]
        answering = _people(ins)
        responded |= answering & reached_before
        for cid in (answering & reached) - reached_before:  # reached and answered the same day
            first = min(i.at for i in outs if cid in i.contacts)
            if any(i.at > first for i in ins if cid in i.contacts):
                responded.add(cid)
        reached_before |= reached
    return book
