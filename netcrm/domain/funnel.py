"""The funnel for a period: reached out -> responded -> solid.

Reached: people with an outbound touch in the period. Responded: of those,
people with an inbound touch in the period after their first outbound one
(a reply, a call back, them reaching out next). Solid: of those reached, the
people whose relationship stage is "solid" (the user's own judgement). Each
stage is a subset of the one before, so the rates read like a funnel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from netcrm.domain.ledger import Ledger, ledger
from netcrm.domain.model import Contact, Interaction

DEFAULT_DAYS = 365


@dataclass(frozen=True, slots=True)
class Funnel:
    start: dt.date
    end: dt.date  # inclusive
    reached: int
    responded: int
    solid: int

    @property
    def response_rate(self) -> float:
        return self.responded / self.reached if self.reached else 0.0

    @property
    def solid_rate(self) -> float:
        return self.solid / self.reached if self.reached else 0.0

    def text(self) -> str:
        """"240 reached, 100 responded (42%), 10 solid (4%)"."""
        return (
            f"{self.reached} reached, {self.responded} responded ({self.response_rate:.0%}), "
            f"{self.solid} solid ({self.solid_rate:.0%})"
        )


def funnel(
    contacts: Mapping[str, Contact] | Iterable[Contact],
    interactions: Iterable[Interaction],
    start: dt.date,
    end: dt.date,
) -> Funnel:
    """Counts over the days `start`..`end` (both included)."""
    return funnel_of(ledger(interactions, start, end), contacts)


def funnel_of(book: Ledger, contacts: Mapping[str, Contact] | Iterable[Contact]) -> Funnel:
    """The funnel over a ledger's period (from its `funnel_from` to its end)."""
    by_id = contacts if isinstance(contacts, Mapping) else {c.id: c for c in contacts}
    solid = 0
    for cid in book.funnel_reached:
        contact = by_id.get(cid)
        if contact is not None and contact.stage == "solid":
            solid += 1
    return Funnel(book.funnel_from, book.until, len(book.funnel_reached), len(book.responded), solid)


def last_days(today: dt.date, days: int = DEFAULT_DAYS) -> tuple[dt.date, dt.date]:
    """The period of the last `days` days, today included."""
    return today - dt.timedelta(days=days - 1), today
