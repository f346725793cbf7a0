"""Touches that log themselves: what `import calendar` and `import mail` share.

An import reads files (formats/ does the parsing), matches addresses to the
people in the network, and stores everything in ONE write at the end. Each
automatic touch carries a stable `source` key (the event UID and instance, or
the mail thread, day, person and direction), so importing the same or an
overlapping newer export again adds nothing, and a moved meeting moves its
touch. Future meetings become catch-ups marked with the same kind of key
(`Plan.source`): the person shows them as upcoming and is not going cold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from netcrm.domain.model import Contact, Interaction, Plan
from netcrm.errors import NetcrmError
from netcrm.services.collector import collector_paused as collector_paused  # where importers found it
from netcrm.services.touches import record_interactions
from netcrm.services.workspace import Workspace

Progress = Callable[[int, int], None]
DEFAULT_SINCE_DAYS = 365
# Future meetings are looked for this far ahead; only the next instance of each series becomes a catch-up.
UPCOMING_DAYS = 60
MAX_MINUTES = 60 * 24 * 14  # the longest catch-up a Plan can hold


def no_progress(done: int, total: int) -> None:
    """Progress callback that shows nothing."""


def stable_id(prefix: str, source: str) -> str:
    """A record id derived from its source key, shaped like `new_id`'s ("t-0123456789")."""
    return f"{prefix}-{hashlib.blake2b(source.encode(), digest_size=5).hexdigest()}"


@dataclass
class AutologResult:
    """What an import did (or, in a dry run, would do)."""

    logged: list[Interaction] = field(default_factory=list)  # new touches
    moved: list[Interaction] = field(default_factory=list)  # touches whose meeting moved
    upcoming: list[Plan] = field(default_factory=list)  # new or changed catch-ups from future meetings
    closed_plans: list[Plan] = field(default_factory=list)  # upcoming meetings that happened or were cancelled
    known: int = 0  # already imported before
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> count
    problems: list[str] = field(default_factory=list)  # malformed input: "FILE: where: what"

    def changes(self) -> int:
        return len(self.logged) + len(self.moved) + len(self.upcoming) + len(self.closed_plans)

    def summary(self) -> str:
        parts = [f"{plural(len(self.logged), 'touch')} logged"]
        if self.moved:
            parts.append(f"{len(self.moved)} moved")
        if self.upcoming:
            parts.append(f"{len(self.upcoming)} upcoming")
        parts.append(f"{self.known} already known")
        parts.append(f"{sum(self.skipped.values())} skipped")
        if self.problems:
            parts.append(f"{len(self.problems)} unreadable")
        return ", ".join(parts)

    def skip_lines(self) -> list[str]:
        return [f"{count} {reason}" for reason, count in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0]))]

    def per_person(self, names: dict[str, str]) -> list[str]:
        """ "Ana Lima: 3 touches (2 email, 1 video), 1 upcoming", one line per person, by name."""
        kinds: dict[str, Counter[str]] = {}
        for item in [*self.logged, *self.moved]:
            for cid in item.contacts:
                kinds.setdefault(cid, Counter())[item.kind] += 1
        ahead = Counter(cid for plan in self.upcoming for cid in plan.contacts)
        lines = []
        people: set[str] = set(kinds) | set(ahead)
        def by_name(cid: str) -> str:
            return names.get(cid, cid).casefold()

        for cid in sorted(people, key=by_name):
            counted = kinds.get(cid, Counter())
            text = f"{names.get(cid, cid)}: {plural(sum(counted.values()), 'touch')}"
            if counted:
                text += " (" + ", ".join(f"{n} {k}" for k, n in sorted(counted.items())) + ")"
            if ahead[cid]:
                text += f", {ahead[cid]} upcoming"
            lines.append(text)
        return lines


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "es" if noun.endswith("ch") else "s")


class Directory:
    """Addresses -> people in the network, and the user's own addresses."""

    def __init__(self, ws: Workspace) -> None:
        self.by_email: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for contact in ws.repo.contacts():
            self.names[contact.id] = contact.name
            for address in contact.emails:
                self.by_email.setdefault(address.strip().lower(), contact.id)
        self.me = {a.strip().lower() for a in ws.config.me.emails if a.strip()}

    def person(self, address: str) -> str | None:
        return None if address in self.me else self.by_email.get(address)


class Known:
    """What earlier imports stored, by source key."""

    def __init__(self, ws: Workspace) -> None:
        self.touches = {i.source: i for i in ws.repo.interactions() if i.source}
        self.plans = {p.source: p for p in ws.repo.plans() if p.source}


def files_in(path: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """`path` itself, or the files under a folder with one of `suffixes`, in a stable order."""
    if not path.exists():
        raise NetcrmError(f"{path}: no such file or folder")
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


def since_from(ws: Workspace, since: dt.datetime | None, default_days: int | None) -> dt.datetime | None:
    if since is not None:
        return since
    return ws.now() - dt.timedelta(days=default_days) if default_days else None


def commit(ws: Workspace, result: AutologResult, dry_run: bool) -> None:
    """Store an import's touches and catch-ups in one write (nothing in a dry run).

    Records an earlier import stored are changed as patches: inside the transaction
    each is read again and only what the calendar changed is applied, so an edit made
    meanwhile (a note added in the app) survives; one deleted meanwhile stays deleted."""
    if dry_run or not result.changes():
        return
    with ws.repo.transaction():
        moved = [
            msgspec.structs.replace(current, at=new.at, contacts=new.contacts)
            for new in result.moved
            if (current := ws.repo.get(Interaction, new.id)) is not None
        ]
        plans = [_patched_plan(ws, plan) for plan in [*result.upcoming, *result.closed_plans]]
        record_interactions(ws, [*result.logged, *moved])
        ws.repo.put_many([p for p in plans if p is not None])


def _patched_plan(ws: Workspace, plan: Plan) -> Plan | None:
    current = ws.repo.plan(plan.id)
    if current is None:
        return plan if plan.sequence == 0 else None  # new, or deleted meanwhile
    if current.status != "planned":
        return None  # closed meanwhile (`netcrm done`/`cancel`): the user's word stands
    changed = {f: getattr(plan, f) for f in PLAN_FIELDS if getattr(plan, f) != getattr(current, f)}
    if not changed:
        return None
    return msgspec.structs.replace(current, **changed, sequence=current.sequence + 1, updated=plan.updated)


# What an import may change on a catch-up it stored before.
PLAN_FIELDS = ("contacts", "start", "duration", "kind", "where", "agenda", "status")


def names_of(contacts: Iterable[Contact]) -> dict[str, str]:
    return {c.id: c.name for c in contacts}
