"""Bringing people in from other programs without duplicating anyone.

Format readers (vCard, LinkedIn CSV) turn files into `Candidate`s; this module
matches each against the network (email, LinkedIn profile, vCard UID, then
name), creates or merges, and writes everything in one transaction with one
`put_many`. Matching uses an index built once, so the work grows linearly
with the number of rows. A dry run computes the same plan and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Literal

import msgspec

from netcrm.domain.bounds import clean_record
from netcrm.domain.lookup import unique_slug
from netcrm.domain.merge import MatchIndex, changed_fields, job_change, linkedin_profiles, merge_contacts, same_org
from netcrm.domain.model import Contact, Interaction, Record
from netcrm.domain.rules import circle_for, contact_problems
from netcrm.domain.touches import after_touch
from netcrm.formats.candidates import Candidate, Parsed, Progress
from netcrm.services.workspace import Workspace, new_id


@dataclass
class Outcome:
    action: Literal["create", "merge", "unchanged"]
    contact: Contact
    source: str
    matched_by: str = ""
    fields: list[str] = field(default_factory=list)
    news: str = ""
    alias: str = ""  # the name the source gave, when it differs from the kept one
    # Existing people who looked like this one but were kept apart, and why: review with `netcrm dupes`.
    apart: list[tuple[Contact, str]] = field(default_factory=list)


@dataclass
class ImportResult:
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # "<where>: birthday 'circa 1800' ... kept in the notes"
    # People whose text held control characters (ESC, C1...), removed on the way in.
    cleaned: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def summary(self) -> str:
        aliases = sum(1 for o in self.outcomes if o.alias)
        apart = len(self.apart_lines())
        return (
            f"created {self.count('create')}, merged {self.count('merge')}"
            + (f" ({aliases} under another name)" if aliases else "")
            + f", unchanged {self.count('unchanged')}, skipped {len(self.skipped)}"
            + (f", kept apart {apart} (see `netcrm dupes`)" if apart else "")
            + (f"; removed control characters from {len(self.cleaned)}" if self.cleaned else "")
        )

    def detail_lines(self) -> list[str]:
        """One line per person, for a dry run."""
        lines = []
        for o in self.outcomes:
            who = f"{o.contact.name} ({o.contact.id})"
            if o.action == "create":
                lines.append(f"create     {who}  <- {o.source}")
            elif o.action == "merge":
                extra = f"; {o.news}" if o.news else ""
                lines.append(f"merge      {who}  <- {o.source} (same {o.matched_by}; {', '.join(o.fields)}{extra})")
            else:
                lines.append(f"unchanged  {who}  <- {o.source} (same {o.matched_by})")
        return lines

    def news_lines(self) -> list[str]:
        return [f"{o.contact.name}: {o.news}" for o in self.outcomes if o.news]

    def alias_lines(self) -> list[str]:
        """Every merge whose names differed: the other name is kept as an alias, and said."""
        return [
            f"{o.contact.name} ({o.contact.id}) also known as {o.alias!r} <- {o.source} (same {o.matched_by})"
            for o in self.outcomes
            if o.alias
        ]

    def apart_lines(self) -> list[str]:
        """Pairs that looked alike but were not merged: possible duplicates to review."""
        return [
            f"{o.contact.name} ({o.contact.id}) and {other.name} ({other.id}): {why}"
            for o in self.outcomes
            for other, why in o.apart
            if other.id != o.contact.id
        ]


def import_people(
    ws: Workspace, parsed: Parsed, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Create or merge every candidate; one database write (none for a dry run)."""
    with ws.repo.transaction() if not dry_run else nullcontext():
        result = plan_import(ws, parsed, progress=progress)
        if not dry_run and result.records:
            ws.repo.put_many(result.records)
    return result


def plan_import(ws: Workspace, parsed: Parsed, *, progress: Progress | None = None) -> ImportResult:
    planner = _Planner(ws)
    total = len(parsed.candidates)
    for done, candidate in enumerate(parsed.candidates, start=1):
        planner.take(candidate)
        if progress is not None:
            progress(done, total)
    result = planner.result
    result.skipped = [*parsed.skipped, *result.skipped]
    result.records = [*planner.interactions, *planner.changed.values()]
    return result


class _Planner:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.now = ws.now()
        self.own_org = ws.config.organisation
        self.index = MatchIndex(ws.repo.contacts())
        self.taken: set[str] = set(self.index.contacts)
        self.changed: dict[str, Contact] = {}
        self.interactions: list[Interaction] = []
        self.connected: set[str] = set()
        self.result = ImportResult()

    def take(self, candidate: Candidate) -> None:
        try:
            incoming = msgspec.convert({"id": "incoming", **candidate.fields}, Contact)
        except msgspec.ValidationError as exc:
            from netcrm.services.yaml_files import explain

            self.result.skipped.append(explain(exc, candidate.fields, candidate.source))
            return
        self.result.remarks += [f"{candidate.source}: {remark}" for remark in candidate.remarks]
        incoming, dirty = clean_record(incoming)
        if not incoming.name.strip():
            self.result.skipped.append(f"{candidate.source}: no name left once control characters were removed")
            return
        if dirty:
            self.result.cleaned.append(f"{candidate.source}: {', '.join(dirty)}")
        problems = contact_problems(incoming)
        if problems:  # the same rules as every other way in (domain.rules)
            self.result.skipped.append(f"{candidate.source}: {problems[0]}")
            return
        existing, matched_by, apart = self.index.match(incoming)
        if existing is None:
            outcome = self._create(incoming, candidate)
        else:
            outcome = self._merge(existing, incoming, candidate, matched_by)
        outcome.apart = [(self.changed.get(c.id, c), why) for c, why in apart]
        contact = outcome.contact
        if candidate.connected_on and contact.id not in self.connected and not self._has_connected(contact.id):
            contact = self._touch(
                contact, "connected", _noon(candidate.connected_on, self.now), "Connected on LinkedIn"
            )
            if outcome.action == "unchanged":
                outcome.action, outcome.fields = "merge", ["timeline"]
        if outcome.news:
            contact = self._touch(contact, "milestone", self.now, outcome.news)
        if outcome.action != "unchanged":
            self.changed[contact.id] = contact
        outcome.contact = contact
        self.index.add(contact)
        self.result.outcomes.append(outcome)

    def _create(self, incoming: Contact, candidate: Candidate) -> Outcome:
        cid = unique_slug(incoming.name, self.taken)
        self.taken.add(cid)
        circle = circle_for(incoming.org, self.own_org)
        contact = msgspec.structs.replace(incoming, id=cid, circle=circle, created=self.now, updated=self.now)
        return Outcome("create", contact, candidate.source)

    def _merge(self, existing: Contact, incoming: Contact, candidate: Candidate, matched_by: str) -> Outcome:
        base = self.changed.get(existing.id, existing)
        merged = merge_contacts(base, incoming)
        news = ""
        # A job change needs the same LinkedIn profile on both sides; a first match by name
        # or email keeps the user's own org and title.
        if candidate.current_job and linkedin_profiles(incoming) & linkedin_profiles(base):
            news = job_change(base.org, base.title, incoming.org, incoming.title)
            if news:
                org = base.org if same_org(base.org, incoming.org) else incoming.org or base.org
                merged = msgspec.structs.replace(merged, org=org, title=incoming.title)
        fields = changed_fields(base, merged)
        if not fields:
            return Outcome("unchanged", base, candidate.source, matched_by)
        merged = msgspec.structs.replace(merged, updated=self.now)
        alias = incoming.name if len(merged.aka) > len(base.aka) and incoming.name in merged.aka else ""
        return Outcome("merge", merged, candidate.source, matched_by, fields, news, alias)

    def _has_connected(self, cid: str) -> bool:
        return any(item.kind == "connected" for item in self.ws.repo.timeline(cid))

    def _touch(self, contact: Contact, kind: str, at: dt.datetime, summary: str) -> Contact:
        item = Interaction(id=new_id("t"), contacts=[contact.id], at=at, kind=kind, summary=summary)  # type: ignore[arg-type]  # kind is a str from the importer; msgspec checks the Literal
        self.interactions.append(item)
        if kind == "connected":
            self.connected.add(contact.id)
        return after_touch(contact, item, self.now)


def _noon(day: dt.date, now: dt.datetime) -> dt.datetime:
    """A date-only event placed at midday local time, so no time zone moves it to another day."""
    at = dt.datetime.combine(day, dt.time(12, 0), tzinfo=now.tzinfo)
    return min(at, now)
