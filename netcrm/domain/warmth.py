"""Who is going cold: days since the last touch against the cadence chosen for them.

`ratio = days since last touch / cadence`. Below 0.8 a person is warm, up to 1
due, up to 2 overdue, beyond that cold. Archived and snoozed people, and people
with a catch-up already planned, are left out of the going-cold list: there is
nothing to do about them today. The clock is always a parameter.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import msgspec

from netcrm.domain.lookup import fold
from netcrm.domain.model import Circle, Contact, Days, NonEmpty

Band = Literal["warm", "due", "overdue", "cold"]
BANDS: tuple[Band, ...] = ("warm", "due", "overdue", "cold")
DUE_AT = 0.8
OVERDUE_AT = 1.0
COLD_AT = 2.0
# How each band is drawn, the same in the app and on the command line: a mark that
# survives without colour, and a colour (a Rich colour name; the CLI maps it to ANSI).
MARKS: dict[str, str] = {"warm": "●", "due": "◐", "overdue": "○", "cold": "✕"}
BAND_COLOURS: dict[str, str] = {"warm": "green", "due": "yellow", "overdue": "dark_orange", "cold": "red"}
# Days between touches when neither the person nor their tags say (config `cadence` overrides).
CIRCLE_CADENCE: dict[str, int] = {"internal": 30, "external": 60}


class Paced(Protocol):
    """What warmth reads of a person: a Contact, or a light decode of just these fields
    (today's queue ranks every person from ten of a contact's thirty fields)."""

    @property
    def id(self) -> str: ...
    @property
    def circle(self) -> str: ...
    @property
    def tags(self) -> Sequence[str]: ...
    @property
    def cadence(self) -> int | None: ...
    @property
    def met_on(self) -> dt.date | None: ...
    @property
    def created(self) -> dt.datetime | None: ...
    @property
    def last_touch(self) -> dt.datetime | None: ...
    @property
    def snoozed_until(self) -> dt.date | None: ...
    @property
    def archived(self) -> bool: ...


class Listed(msgspec.Struct, kw_only=True, gc=False):
    """A person as the list and warmth read them (the name and the `Paced` fields), decoded
    alone for everyone when the app opens: its first frame lists from these, and the whole
    records follow. Types and defaults as in `Contact`, so a stored value reads the same
    either way; no cycles, so the collector need not track them."""

    id: NonEmpty
    name: NonEmpty
    circle: Circle = "external"
    tags: list[str] = []
    met_on: dt.date | None = None
    cadence: Days | None = None
    snoozed_until: dt.date | None = None
    archived: bool = False
    created: dt.datetime | None = None
    last_touch: dt.datetime | None = None


# A table of contacts as stored ({table: {document id: contact}}) read as `Listed`s only.
LISTED_TABLE = msgspec.json.Decoder(dict[str, dict[str, Listed]])


# A person's id (a C call: taking everyone's id is a step of the app's first frame).
listed_id: Callable[[Listed], str] = operator.attrgetter("id")


@dataclass(frozen=True, slots=True)
class Cadences:
    """How often to be in touch, in days: per contact, else per tag, else per circle."""

    by_circle: Mapping[str, int] = field(default_factory=lambda: dict(CIRCLE_CADENCE))
    by_tag: Mapping[str, int] = field(default_factory=dict)
    fallback: int = 45

    def for_contact(self, contact: Paced) -> int:
        if contact.cadence:
            return contact.cadence
        tag_cadences = [self.by_tag[t] for t in contact.tags if t in self.by_tag]
        if tag_cadences:
            return min(tag_cadences)
        return self.by_circle.get(contact.circle, self.fallback)


class Warmth(msgspec.Struct, frozen=True):
    """Where one person stands today (a Struct: `list` builds one per person, ~3x cheaper than a
    frozen dataclass)."""

    contact: Contact
    days: int  # since the last touch (or since you met / added them)
    cadence: int
    band: Band
    touched: bool  # False: never contacted

    @property
    def ratio(self) -> float:
        return self.days / self.cadence

    @property
    def overdue_days(self) -> int:
        """Days past the cadence; negative while still inside it."""
        return self.days - self.cadence


def band_for(ratio: float) -> Band:
    if ratio < DUE_AT:
        return "warm"
    if ratio < OVERDUE_AT:
        return "due"
    if ratio < COLD_AT:
        return "overdue"
    return "cold"


def reference_time(contact: Paced) -> tuple[dt.datetime | dt.date | None, bool]:
    """The moment the silence started counting, and whether it was a real touch."""
    if contact.last_touch is not None:
        return contact.last_touch, True
    return contact.met_on or contact.created, False


def days_since(moment: dt.datetime | dt.date | None, today: dt.date) -> int:
    """Whole days from `moment` (a reference time) to `today`; 0 when there is none."""
    if moment is None:
        return 0
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    return max(0, (today - day).days)


def warmth(contact: Contact, today: dt.date, cadences: Cadences) -> Warmth:
    since, touched = reference_time(contact)
    days = days_since(since, today)
    cadence = cadences.for_contact(contact)
    return Warmth(contact, days, cadence, band_for(days / cadence), touched)


def warmths(contacts: Iterable[Contact], today: dt.date, cadences: Cadences) -> list[Warmth]:
    """`warmth` of each contact, in one loop: the list and the app's first frame build one per
    person, and the four helper calls per person were most of it (10,000 people: ~8 -> ~3 ms).
    The same answers as `warmth`, which stays the definition (a property test holds them equal)."""
    by_tag, by_circle, fallback = cadences.by_tag, cadences.by_circle, cadences.fallback
    day = today.toordinal()
    rows = []
    for c in contacts:
        since: dt.datetime | dt.date | None = c.last_touch
        touched = since is not None
        if not touched:
            since = c.met_on or c.created
        days = 0
        if since is not None:
            days = max(0, day - (since.date() if isinstance(since, dt.datetime) else since).toordinal())
        cadence = c.cadence
        if not cadence:
            tagged = [by_tag[t] for t in c.tags if t in by_tag] if by_tag else None
            cadence = min(tagged) if tagged else by_circle.get(c.circle, fallback)
        ratio = days / cadence
        band: Band = "warm" if ratio < DUE_AT else "due" if ratio < OVERDUE_AT else "overdue" if ratio < COLD_AT else "cold"
        rows.append(Warmth(c, days, cadence, band, touched))
    return rows


def is_resting(contact: Paced, today: dt.date, planned: Collection[str]) -> bool:
    """Archived, snoozed or with a catch-up ahead: not someone to chase today."""
    if contact.archived or contact.id in planned:
        return True
    return contact.snoozed_until is not None and contact.snoozed_until > today


def going_cold(
    contacts: Iterable[Contact],
    today: dt.date,
    cadences: Cadences,
    planned: frozenset[str] | set[str] = frozenset(),
) -> list[Warmth]:
    """People past their cadence, most overdue (relative to cadence) first."""
    active = (c for c in contacts if not is_resting(c, today, planned))
    return overdue([warmth(c, today, cadences) for c in active], today, planned)


def overdue(rows: Iterable[Warmth], today: dt.date, planned: frozenset[str] | set[str] = frozenset()) -> list[Warmth]:
    """`going_cold` for warmths already computed (the app has them for the list anyway)."""
    found = [w for w in rows if w.ratio >= OVERDUE_AT and not is_resting(w.contact, today, planned)]
    found.sort(key=most_overdue_first)
    return found


def most_overdue_first(w: Warmth) -> tuple[float, int, str, str]:
    """Sort key: the most overdue relative to cadence first, then longest silence, then by name."""
    return (-w.ratio, -w.days, fold(w.contact.name), w.contact.id)
