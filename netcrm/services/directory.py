"""Who is listed, in what order, and how warm: the one answer `netcrm list`, the app's
contact list, its going-cold panel and its palette all use.

A `Directory` is built once per change (everyone's warmth, folded names, a search
index) and then answers queries in the app's search language, so a keystroke in
the app costs a few thousand substring checks and the CLI lists exactly what the
app would show for the same query, in the same order.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from netcrm.domain.lookup import fold
from netcrm.domain.model import Contact
from netcrm.domain.search import Query, SearchIndex, parse_query
from netcrm.domain.warmth import LISTED_TABLE, OVERDUE_AT, Cadences, Warmth, is_resting, listed_id, warmths

if TYPE_CHECKING:
    from netcrm.services.workspace import Workspace

SORTS = ("name", "overdue", "last-touch")
ColdQuery = Query(states=("cold",))
NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


def by_name(contact: Contact) -> tuple[str, str]:
    """The list's order: accent-folded name ("Émile" sorts with "Emile"), then id for equal names."""
    return (fold(contact.name), contact.id)


_id = operator.attrgetter("id")


def _folded_name(contact: Contact) -> str:
    return fold(contact.name)


def _overdue_ties_by_name(w: Warmth) -> tuple[float, int]:
    return (-w.days / w.cadence, -w.days)


def _last_touch_first(w: Warmth) -> tuple[dt.datetime, ...]:
    return (w.contact.last_touch or NEVER,)


@dataclass(slots=True)
class Found:
    """People matching a query, sorted, with the index positions a narrower query can search within."""

    rows: list[Warmth]
    total: int  # everyone in the searched part of the network (active, or the archive)
    positions: list[int] | None = None


@dataclass
class Directory:
    today: dt.date
    planned: frozenset[str]
    active: list[Warmth] = field(default_factory=list)  # by name
    archived_people: list[Contact] = field(default_factory=list)  # by name; their warmth only when searched
    cadences: Cadences = field(default_factory=Cadences)
    index: SearchIndex = field(default_factory=lambda: SearchIndex([]))
    # Built from `Listed` records (see `glance_directory`), or `Glimpse`s (`glance_ahead`): rows,
    # order, warmth and going cold are right, but there is nothing to search in yet.
    light: bool = False

    @functools.cached_property
    def archived(self) -> list[Warmth]:
        return warmths(self.archived_people, self.today, self.cadences)

    @functools.cached_property
    def archive_index(self) -> SearchIndex:
        return SearchIndex(self.archived_people)

    @classmethod
    def build(
        cls, contacts: Iterable[Contact], today: dt.date, cadences: Cadences, planned: Iterable[str] = ()
    ) -> Directory:
        # By id, then (stably) by folded name: the order of `by_name` without a tuple to build
        # and compare per person (a third faster: 30,000 people ~41 -> ~29 ms).
        people = sorted(contacts, key=_id)
        people.sort(key=_folded_name)
        active = [c for c in people if not c.archived]
        archived = [c for c in people if c.archived]
        return cls(today, frozenset(planned), warmths(active, today, cadences), archived, cadences,
                   SearchIndex(active))

    def going_cold(self) -> list[Warmth]:
        """People past their cadence with nothing planned, most overdue first (the side panel)."""
        return self.search(ColdQuery, sort="overdue").rows

    def search(
        self,
        query: Query | str = "",
        *,
        sort: str = "name",
        limit: int | None = None,
        include_archived: bool = False,
        within: Sequence[int] | None = None,
    ) -> Found:
        """People matching `query`, sorted by `sort` (one of SORTS), at most `limit` of them.

        "is:archived" searches only the archive; `include_archived` searches both.
        `within`: index positions known to hold every match (see `Query.narrows`).
        """
        if isinstance(query, str):
            query = parse_query(query)
        if self.light and (query.words or query.fields or query.archived):
            return Found([], 0)  # a light directory has only names and warmth: ask the whole one
        if sort not in SORTS:
            raise ValueError(f"sort: expected one of {', '.join(SORTS)}, got {sort!r}")
        if query.archived:
            rows, positions = self._match(self.archived, self.archive_index, query, within)
            total = len(self.archived)
        elif include_archived:
            rows = self._match(self.active, self.index, query, None)[0]
            rows += self._match(self.archived, self.archive_index, query, None)[0]
            rows.sort(key=lambda w: by_name(w.contact))
            positions, total = None, len(self.active) + len(self.archived)
        else:
            rows, positions = self._match(self.active, self.index, query, within)
            total = len(self.active)
        if query.states:
            rows = [w for w in rows if all(self._is(state, w) for state in query.states)]
        if sort == "overdue":
            # Rows come in name order and the sort is stable: the same order as `most_overdue_first`
            # without folding every name again.
            rows.sort(key=_overdue_ties_by_name)
        elif sort == "last-touch":
            rows.sort(key=_last_touch_first, reverse=True)  # stable: equal times keep name order
        return Found(rows[:limit] if limit is not None else rows, total, positions)

    @staticmethod
    def _match(
        rows: list[Warmth], index: SearchIndex, query: Query, within: Sequence[int] | None
    ) -> tuple[list[Warmth], list[int] | None]:
        if not (query.words or query.fields):
            return list(rows), None
        positions = index.matches(query, within)
        return [rows[i] for i in positions], positions

    def _is(self, state: str, w: Warmth) -> bool:
        if state == "snoozed":
            until = w.contact.snoozed_until
            return until is not None and until > self.today
        if state == "cold":  # what the going-cold panel lists
            return w.ratio >= OVERDUE_AT and not is_resting(w.contact, self.today, self.planned)
        raise ValueError(state)

    def is_(self, state: str, w: Warmth) -> bool:
        """Whether `w` is in `state` ("snoozed", "cold") today: one person checked, as `search` does."""
        return self._is(state, w)

    def is_cold(self, w: Warmth) -> bool:
        """Whether going cold lists `w`."""
        return self._is("cold", w)


def load_directory(ws: Workspace) -> Directory:
    """Everyone in `ws`, today, with the configured cadences and the catch-ups already planned."""
    return Directory.build(ws.repo.contacts(), ws.today(), ws.cadences(), ws.planned_ids())


def glance_directory(ws: Workspace, least: int = 0) -> Directory | None:
    """The directory as the app's first frame needs it: everyone's name and warmth from a
    light read of ten fields (`Listed`, a fifth of decoding everyone), in the very order and
    with the warmth of `load_directory`; search waits for that one. None when the people
    are decoded already, one of them does not fit `Listed`, or there are fewer than `least`
    (then `load_directory`). Where each person is stored is not learnt: the whole records
    follow at once, and the person shown first is found by a search of one shard."""
    people = ws.repo.contacts_through(LISTED_TABLE, listed_id, learn=False)
    if people is None or len(people) < least:
        return None
    # A Listed has every field that building the rows, warmth and going cold read (`Paced`,
    # and the name); nothing else is read of these rows while `light` holds (see `search`).
    stand_ins = cast(list[Contact], people)
    directory = Directory.build(stand_ins, ws.today(), ws.cadences(), ws.planned_ids())
    directory.light = True
    return directory
