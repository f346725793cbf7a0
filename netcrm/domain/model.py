"""The records netcrm keeps: people, touches, planned catch-ups and introductions.

They are msgspec Structs: plain typed data with no I/O. The same types validate
every edge (YAML files, the database, forms), so a bad field is reported with
its path instead of travelling inward. `omit_defaults` keeps stored documents
and YAML files small; field order is the order people read a record in.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

import msgspec

Circle = Literal["internal", "external"]
Direction = Literal["outbound", "inbound"]
Stage = Literal["new", "acquaintance", "active", "solid"]
PlanStatus = Literal["planned", "done", "cancelled"]
Kind = Literal[
    "call",
    "coffee",
    "lunch",
    "video",
    "email",
    "message",
    "meeting",
    "event",
    "introduction",
    "connected",
    "milestone",
]

KINDS: tuple[str, ...] = get_args(Kind)
CIRCLES: tuple[str, ...] = get_args(Circle)
STAGES: tuple[str, ...] = get_args(Stage)
# Timeline entries that are news about a person, not a conversation with them:
# they do not reset how long it has been since you last talked.
NOT_A_TOUCH = frozenset({"milestone"})

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
Days = Annotated[int, msgspec.Meta(ge=1, le=3650)]
Minutes = Annotated[int, msgspec.Meta(ge=0, le=60 * 24 * 14)]
# "1985-04-16", or "--04-16" when the year is not known (vCard/ISO 8601 style).
Birthday = Annotated[str, msgspec.Meta(pattern=r"^(\d{4}|-)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")]


class Record(msgspec.Struct, kw_only=True, omit_defaults=True, forbid_unknown_fields=True):
    """Base for every stored record: strict about unknown keys, quiet about defaults."""


class Contact(Record, kw_only=True):
    """A person in the network and what you remember about them."""

    id: NonEmpty
    name: NonEmpty
    # Other names this person goes by (a maiden name, "Bob" for Robert, a card's spelling): search finds them.
    aka: list[str] = []
    # Name parts as the source gave them (vCard N, LinkedIn First/Last Name); empty means "parse the name".
    given_name: str = ""
    family_name: str = ""
    # What you call them ("Mai", "Bob"): greetings and starters use it before any parsed part.
    call_name: str = ""
    org: str = ""
    department: str = ""
    title: str = ""
    circle: Circle = "external"
    tags: list[str] = []
    skills: list[str] = []
    asks: list[str] = []
    offers: list[str] = []
    interests: list[str] = []
    goals: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    links: list[str] = []
    location: str = ""
    timezone: str = ""
    how_met: str = ""
    met_on: dt.date | None = None
    introduced_by: str | None = None
    family: list[str] = []
    birthday: Birthday | None = None
    notes: str = ""
    cadence: Days | None = None
    stage: Stage = "new"
    snoozed_until: dt.date | None = None
    archived: bool = False
    external_ids: list[str] = []
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    # Denormalised from the timeline so the going-cold panel never scans touches.
    last_touch: dt.datetime | None = None


class Interaction(Record, kw_only=True):
    """One touch on the timeline of one or more people."""

    id: NonEmpty
    contacts: Annotated[list[str], msgspec.Meta(min_length=1)]
    at: dt.datetime
    kind: Kind
    direction: Direction = "outbound"
    summary: str = ""
    notes: str = ""
    # Where an automatically logged touch came from ("ics:UID|instance", "mail:thread|day|person|direction"):
    # the stable key that makes a second import of the same calendar or mailbox add nothing.
    source: str = ""


class Plan(Record, kw_only=True):
    """A catch-up planned ahead; `id` doubles as the stable calendar UID."""

    id: NonEmpty
    contacts: Annotated[list[str], msgspec.Meta(min_length=1)]
    start: dt.datetime
    duration: Minutes = 30
    kind: Kind = "meeting"
    where: str = ""
    agenda: str = ""
    remind: Minutes | None = None
    status: PlanStatus = "planned"
    sequence: int = 0
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    # Set for a meeting read from the user's own calendar ("ics:UID|instance"): shown as upcoming and
    # counted as planned, but never exported back to that calendar.
    source: str = ""

    @property
    def end(self) -> dt.datetime:
        try:
            return self.start + dt.timedelta(minutes=self.duration)
        except OverflowError:  # a start stored before dates had a range (31 Dec 9999)
            return dt.datetime.max.replace(tzinfo=self.start.tzinfo)


class Introduction(Record, kw_only=True):
    """You put two people in touch, for a reason; the outcome comes later."""

    id: NonEmpty
    a: NonEmpty
    b: NonEmpty
    why: str = ""
    at: dt.datetime
    outcome: str = ""


class Skip(Record, kw_only=True):
    """Someone skipped in the day's reach-out queue: they stay out of it until tomorrow."""

    id: NonEmpty  # "<day>:<contact id>"
    contact: NonEmpty
    day: dt.date


class PairVerdict(Record, kw_only=True):
    """A pair the user ruled on for good: not one person ("different") or no introduction ("no-intro")."""

    id: NonEmpty  # "<verdict>:<smaller id>|<larger id>"
    a: NonEmpty
    b: NonEmpty
    verdict: Literal["different", "no-intro"]
    at: dt.datetime


def pair_verdict_id(verdict: str, a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"{verdict}:{first}|{second}"


def birthday_parts(birthday: str) -> tuple[int | None, int, int]:
    """(year or None, month, day) of a stored birthday string."""
    year, month, day = birthday.rsplit("-", 2)
    return (int(year) if year.strip("-") else None, int(month), int(day))
