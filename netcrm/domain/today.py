"""Today's reach-out queue: a few people per work day, chosen for a reason you can say out loud.

Candidates come from four places: going cold (past their cadence), never
contacted, a new role in the last month (a `milestone` touch whose summary
starts with "New role" or "Moved"), and a birthday in the next week. Each gets
an urgency score; the highest win, and ties are broken by a hash of the date
and the person's id, so the queue is the same all day and different tomorrow.

The queue is computed from the state at the start of the day: someone you
reached out to this morning stays in today's queue, marked done, instead of
being replaced by the next person. Two passes over the interactions give all
that (the second finds the last touch behind a conversation starter, for the
few people chosen). Pure: no I/O, the day is a parameter.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import heapq
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypedDict, TypeVar, Unpack

import msgspec

from netcrm.domain.model import NOT_A_TOUCH, Birthday, Contact, Interaction
from netcrm.domain.names import call_name
from netcrm.domain.warmth import OVERDUE_AT, Cadences, Listed, Paced, band_for, days_since, is_resting

NEW_ROLE_PREFIXES = ("new role", "moved")
NEW_ROLE_WINDOW = 30  # days a job change stays news
BIRTHDAY_WINDOW = 7  # days ahead a birthday is worth a message
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Candidate(Paced, Protocol):
    """What ranking reads of a person: a Contact, or a `Due` (the same fields decoded alone)."""

    @property
    def birthday(self) -> str | None: ...


class Due(Listed, kw_only=True, gc=False):
    """The fields of a contact the queue is ranked by: what the list reads, and the birthday.
    Decoded alone for every person; only the few shown are decoded in full."""

    birthday: Birthday | None = None


# A table of contacts as stored ({table: {document id: contact}}) read as `Due`s only.
DUE_TABLE = msgspec.json.Decoder(dict[str, dict[str, Due]])


def due_id(due: Due) -> str:
    return due.id


P = TypeVar("P", bound=Candidate)


@dataclass(slots=True)
class QueueEntry:
    """One person in today's queue, why they are there and what to talk about."""

    contact: Contact
    score: float
    reasons: list[str]
    starter: str = ""
    done: bool = False
    last: Interaction | None = None


@dataclass(slots=True)
class DayQueue:
    day: dt.date
    target: int
    work_day: bool
    entries: list[QueueEntry] = field(default_factory=list)
    waiting: int = 0  # further candidates not shown today
    skipped: int = 0

    @property
    def done(self) -> int:
        return sum(1 for e in self.entries if e.done)


# A person's timeline newest first; an iterable, so a caller may read it lazily (the
# repository reads year files only as far as the queue iterates).
TimelineOf = Callable[[str], Iterable[Interaction]]


@dataclass(slots=True)
class _DayFacts:
    """What a pass over the last month of the timeline tells about the day."""

    today: set[str] = field(default_factory=set)  # people touched today
    new_role: dict[str, Interaction] = field(default_factory=dict)  # latest job-change news
    before: dict[str, Interaction] = field(default_factory=dict)  # latest touch before today, when needed


def _day_facts(
    recent: Iterable[Interaction], today: dt.date, touched: set[str], timeline_of: TimelineOf
) -> _DayFacts:
    """Job news from the last month, and the touch before today's for people touched today."""
    facts = _DayFacts(today=touched)
    roles = facts.new_role
    news_from = today - dt.timedelta(days=NEW_ROLE_WINDOW)
    for item in recent:
        if item.kind in NOT_A_TOUCH and news_from <= item.at.date() <= today:
            if item.summary.lower().startswith(NEW_ROLE_PREFIXES):
                for cid in item.contacts:
                    seen = roles.get(cid)
                    if seen is None or item.at > seen.at:
                        roles[cid] = item
    for cid in touched:
        earlier = next((i for i in timeline_of(cid) if i.kind not in NOT_A_TOUCH and i.at.date() < today), None)
        if earlier is not None:
            facts.before[cid] = earlier
    return facts


def last_touch_item(timeline: Iterable[Interaction]) -> Interaction | None:
    """The latest real touch of a timeline given newest first."""
    return next((i for i in timeline if i.kind not in NOT_A_TOUCH), None)


def timelines(interactions: Iterable[Interaction]) -> TimelineOf:
    """Each person's timeline, newest first, for callers that hold all touches in a list."""
    index: dict[str, list[Interaction]] = {}
    for item in interactions:
        for cid in item.contacts:
            index.setdefault(cid, []).append(item)
    for items in index.values():
        items.sort(key=lambda i: i.at, reverse=True)
    return lambda cid: index.get(cid, ())


def birthday_reason(days: int, date: dt.date) -> str:
    if days == 0:
        return "birthday today"
    if days == 1:
        return "birthday tomorrow"
    if days < 7:
        return f"birthday {DAY_NAMES[date.weekday()]}"
    return f"birthday next {DAY_NAMES[date.weekday()]}"


def ago_words(days: int) -> str:
    """"today", "yesterday", "5 days ago", "3 weeks ago", "4 months ago"."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def _tie_break(day: dt.date, contact_id: str) -> bytes:
    return hashlib.blake2b(f"{day.isoformat()}|{contact_id}".encode(), digest_size=8).digest()


def _upcoming_birthdays(today: dt.date) -> dict[str, int]:
    """"MM-DD" -> days ahead, for the birthday window (29 Feb counts on the 28th in other years)."""
    ahead: dict[str, int] = {}
    for days in range(BIRTHDAY_WINDOW, -1, -1):
        date = today + dt.timedelta(days=days)
        ahead[f"{date.month:02d}-{date.day:02d}"] = days
        if date.month == 2 and date.day == 28 and not calendar.isleap(date.year):
            ahead["02-29"] = days
    return ahead


def _reasons(
    contact: Candidate, today: dt.date, cadences: Cadences, facts: _DayFacts, birthdays: dict[str, int]
) -> list[tuple[float, str]]:
    """(urgency, reason) pairs for one person, as they stood this morning."""
    found: list[tuple[float, str]] = []
    last = contact.last_touch
    if contact.id in facts.today:  # judge them by how things stood before today's touch
        previous = facts.before.get(contact.id)
        last = previous.at if previous else None
    cadence = cadences.for_contact(contact)
    if last is None or (today - last.date()).days >= OVERDUE_AT * cadence:
        # As `warmth` reads it: from the last touch, else from when you met or added them.
        days = days_since(last if last is not None else contact.met_on or contact.created, today)
        ratio = days / cadence
        if last is None:
            since = contact.met_on or (contact.created.date() if contact.created else None)
            met = f", met {ago_words((today - since).days)}" if since else ""
            found.append((1.2 + min(days, 90) / 90, f"never contacted{met}"))
        elif ratio >= OVERDUE_AT:
            found.append((min(ratio, 5.0), f"{band_for(ratio)}: {days} days, cadence {cadence}"))
    if contact.birthday:
        ahead = birthdays.get(contact.birthday[-5:])
        if ahead is not None:
            found.append((6.0 - 0.5 * ahead, birthday_reason(ahead, today + dt.timedelta(days=ahead))))
    news = facts.new_role.get(contact.id)
    if news is not None:
        age = (today - news.at.date()).days
        summary = news.summary.strip()
        found.append((4.5 - age / 15, summary[:1].lower() + summary[1:]))
    if len(found) > 1:
        found.sort(key=lambda pair: -pair[0])
    return found


def starter(contact: Contact, reasons: Collection[str], last: Interaction | None, today: dt.date) -> str:
    """Something to open with, from what you know about them."""
    ideas: list[str] = []
    who = call_name(contact)  # "Mai", not "Nguyễn": the name you would greet them with
    if any(r.startswith("birthday") for r in reasons):
        ideas.append(f"wish {who} a happy birthday")
    if any(r.startswith(NEW_ROLE_PREFIXES) for r in reasons):
        ideas.append(f"congratulate {who} on the new role")
    if contact.family:
        ideas.append(f"ask {who} how {_and(contact.family[:3])} {'is' if len(contact.family) == 1 else 'are'} doing")
    if contact.asks:
        ideas.append(f"{who} was looking for {contact.asks[0]}: any progress?")
    if contact.offers:
        ideas.append(f"you could offer {contact.offers[0]}")
    if last is not None:
        topic = f": {last.summary}" if last.summary else ""
        ideas.append(f"last time ({last.kind}, {ago_words((today - last.at.date()).days)}){topic}")
    if not ideas and contact.interests:
        ideas.append(f"talk about {contact.interests[0]}")
    if not ideas and contact.how_met:
        ideas.append(f"remember: {contact.how_met}")
    return "; ".join(ideas[:3])


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(slots=True)
class Ranking(Generic[P]):
    """The day's queue before the people chosen are read in full: (score, person, reasons)."""

    day: dt.date
    target: int
    work_day: bool
    chosen: list[tuple[float, P, list[str]]]
    waiting: int
    skipped: int
    facts: _DayFacts


class DayOptions(TypedDict, total=False):
    """How the day's queue is asked for (defaults: one person, a work day, nobody planned or skipped)."""

    target: int
    work_day: bool
    planned: Collection[str]
    skipped: Collection[str]


def rank(
    people: Iterable[P],
    recent: Iterable[Interaction],
    today: dt.date,
    cadences: Cadences,
    *,
    timeline_of: TimelineOf,
    **options: Unpack[DayOptions],
) -> Ranking[P]:
    """Who is in the day's queue and why: the `target` most urgent people not skipped, resting
    or planned. Reads only the fields of `Candidate`, so a caller may rank light records."""
    target, work_day = options.get("target", 1), options.get("work_day", True)
    planned, skipped = options.get("planned", frozenset()), options.get("skipped", frozenset())
    people = people if isinstance(people, list) else list(people)
    touched = {c.id for c in people if c.last_touch is not None and c.last_touch.date() == today}
    facts = _day_facts(recent, today, touched, timeline_of)
    birthdays = _upcoming_birthdays(today)
    ranked: list[tuple[float, bytes, P, list[str]]] = []
    skipped_count = 0
    for person in people:
        if is_resting(person, today, planned):
            continue
        found = _reasons(person, today, cadences, facts, birthdays)
        if not found:
            continue
        if person.id in skipped:
            skipped_count += 1
            continue
        score = round(found[0][0] + 0.1 * (len(found) - 1), 3)
        ranked.append((score, _tie_break(today, person.id), person, [r for _, r in found]))
    chosen = heapq.nsmallest(target, ranked, key=lambda row: (-row[0], row[1]))
    return Ranking(
        today,
        target,
        work_day,
        [(score, person, reasons) for score, _, person, reasons in chosen],
        waiting=max(0, len(ranked) - target),
        skipped=skipped_count,
        facts=facts,
    )


def fill(ranking: Ranking[P], contacts: Mapping[str, Contact], timeline_of: TimelineOf) -> DayQueue:
    """The queue of a ranking, with each chosen person's whole record from `contacts` (by id):
    the starter and the last touch behind it."""
    today, facts = ranking.day, ranking.facts
    queue = DayQueue(today, ranking.target, ranking.work_day, waiting=ranking.waiting, skipped=ranking.skipped)
    for _, person, _ in ranking.chosen:
        if person.id not in facts.before:
            last = last_touch_item(timeline_of(person.id))
            if last is not None:
                facts.before[person.id] = last
    for score, person, reasons in ranking.chosen:
        contact = contacts[person.id]
        last = facts.before.get(contact.id)
        queue.entries.append(
            QueueEntry(
                contact,
                score,
                reasons,
                starter(contact, reasons, last, today),
                done=contact.id in facts.today,
                last=last,
            )
        )
    return queue


def build_queue(
    contacts: Iterable[Contact],
    recent: Iterable[Interaction],
    today: dt.date,
    cadences: Cadences,
    *,
    timeline_of: TimelineOf | None = None,
    **options: Unpack[DayOptions],
) -> DayQueue:
    """The day's queue: the `target` most urgent people not skipped, resting or planned.

    `recent` must hold at least the last month of touches (for job news);
    `timeline_of(id)` gives a person's timeline newest first. Without it, the
    timelines are built from `recent`, which must then hold every touch. The
    app passes only the last month and the repository's per-person timelines,
    so the queue never converts 100,000 touches.
    """
    recent = recent if isinstance(recent, list) else list(recent)
    if timeline_of is None:
        timeline_of = timelines(recent)
    ranking = rank(contacts, recent, today, cadences, timeline_of=timeline_of, **options)
    return fill(ranking, {c.id: c for _, c, _ in ranking.chosen}, timeline_of)
