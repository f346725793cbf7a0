"""Following a change: the directory and its sorted lists updated for the people a commit touched.

Rebuilding the directory costs every contact's warmth, folded name and sort
(134 ms at 10,000 people, seconds at 30,000 with a million touches). A commit,
or a refresh that picked up another process's writes, names the records it
changed (`Changes`); only those people's rows are taken out of the sorted lists
and put back where they now belong, by binary search, so a change to someone
far down the list costs a few dictionary look-ups.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netcrm.domain.lookup import fold
from netcrm.domain.model import Contact, Plan
from netcrm.domain.search import Query, SearchIndex
from netcrm.domain.warmth import Warmth, warmth
from netcrm.services.directory import Directory, by_name

if TYPE_CHECKING:
    from netcrm.services.workspace import Workspace
    from netcrm.storage.repository import Changes

NameKey = tuple[str, str]


def row_key(w: Warmth) -> NameKey:
    """Where a row sits in the list: the directory's name order."""
    return by_name(w.contact)


def cold_key(w: Warmth) -> tuple[Any, ...]:
    """Where a row sits in going cold: most overdue first, then the name order (as `Directory.going_cold`)."""
    return (-w.days / w.cadence, -w.days, *by_name(w.contact))


@dataclass
class Delta:
    """What the main screen needs to follow one change, read from the repository in one go
    (in a worker for changes from other processes, so the UI thread never waits on a file)."""

    changes: Changes
    today: dt.date
    # Everyone whose row may have changed, as stored now (None: no longer stored).
    contacts: dict[str, Contact | None] = field(default_factory=dict)
    planned: frozenset[str] | None = None  # people with a catch-up ahead, when plans changed

    @property
    def people(self) -> set[str]:
        """Whose page (profile, plans, timeline) changed."""
        return set(self.contacts) | self.changes.people


def gather(ws: Workspace, changes: Changes) -> Delta:
    ids = set(changes.of(Contact))
    planned = None
    if changes.of(Plan):
        ids |= changes.people  # a catch-up planned or closed moves its people in or out of going cold
        planned = frozenset(ws.planned_ids())
    return Delta(changes, ws.today(), {cid: ws.repo.contact(cid) for cid in ids}, planned)


@dataclass
class Moved:
    """The rows of the changed people as they were (`before`) and as they are now (`after`)."""

    before: list[Warmth] = field(default_factory=list)
    after: list[Warmth] = field(default_factory=list)
    archive: bool = False  # someone entered, left or changed in the archive


def follow(directory: Directory, delta: Delta, old_names: Mapping[str, str]) -> Moved:
    """Update `directory` in place (rows, search index, archive, planned) for `delta`.

    `old_names`: each person's name as the directory sorted them, to find their old row.
    """
    if delta.planned is not None:
        directory.planned = delta.planned
    moved = Moved()
    active, index, archived = directory.active, directory.index, directory.archived_people
    for cid, contact in delta.contacts.items():
        name = old_names.get(cid)
        if name is not None:
            key = (fold(name), cid)
            at = find(active, key, row_key)
            if at is not None:
                moved.before.append(active.pop(at))
                index.remove(at)
            else:
                at = find(archived, key, by_name)
                if at is not None:
                    del archived[at]
                    moved.archive = True
        if contact is None:
            continue
        if contact.archived:
            insort(archived, contact, key=by_name)
            moved.archive = True
            continue
        row = warmth(contact, directory.today, directory.cadences)
        at = bisect_left(active, by_name(contact), key=row_key)
        active.insert(at, row)
        index.insert(at, contact)
        moved.after.append(row)
    if moved.archive:
        for cached in ("archived", "archive_index"):  # worked out again when the archive is searched
            directory.__dict__.pop(cached, None)
    return moved


def find(rows: list[Any], key: Any, key_of: Callable[[Any], Any]) -> int | None:
    """The position of the row whose sort key is `key` in `rows` sorted by `key_of`, or None."""
    at = bisect_left(rows, key, key=key_of)
    return at if at < len(rows) and key_of(rows[at]) == key else None


def resort(rows: list[Warmth], gone: Iterable[Warmth], new: Iterable[Warmth], key_of: Callable[[Warmth], Any]) -> bool:
    """Take the `gone` rows out of `rows` (sorted by `key_of`) and put the `new` ones in place.

    True when `rows` changed.
    """
    changed = False
    for row in gone:
        at = find(rows, key_of(row), key_of)
        if at is not None:
            del rows[at]
            changed = True
    for row in new:
        insort(rows, row, key=key_of)
        changed = True
    return changed


def cold_rows(directory: Directory, rows: Iterable[Warmth]) -> list[Warmth]:
    """Those of `rows` the going-cold panel lists."""
    return [w for w in rows if directory.is_cold(w)]


def matching(directory: Directory, query: Query, rows: Iterable[Warmth]) -> list[Warmth]:
    """Those of `rows` (active people) that `query` keeps: one person checked, not the whole index."""
    kept = []
    for w in rows:
        if (query.words or query.fields) and not SearchIndex([w.contact]).matches(query):
            continue
        if all(directory.is_(state, w) for state in query.states):
            kept.append(w)
    return kept


class Saved:
    """What this process committed (the app's own saves, undo, screens' actions) and is not shown yet.

    An after-commit hook keeps each commit's `last_changes`, so an action that commits
    twice, or a screen that commits several times before it closes, is shown in full.
    """

    HOOK = "app-follow"

    def __init__(self, ws: Workspace) -> None:
        self._pending: list[Changes] = []
        previous = ws.hooks.get(self.HOOK)
        if previous in ws.repo.after_commit:
            ws.repo.after_commit.remove(previous)

        def keep(repo: Any) -> None:
            self._pending.append(repo.last_changes)  # may run on a worker thread: a list append is atomic

        ws.hooks[self.HOOK] = keep
        ws.repo.after_commit.append(keep)

    def take(self) -> Changes:
        from netcrm.storage.repository import Changes

        taken = Changes()
        while self._pending:
            taken.merge(self._pending.pop(0))
        return taken
