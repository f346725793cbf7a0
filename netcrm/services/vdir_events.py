"""Catch-ups <-> `DIR/catch-ups/*.ics` (both ways) and `DIR/birthdays/` (one way), for `sync vdir`.

Each planned catch-up is one calendar file holding the event `export ics`
writes (same UID, SEQUENCE). Coming back: an event moved in a calendar app
moves the plan (`update_plan`, so SEQUENCE goes up); an event deleted or
cancelled there cancels it; an event another netcrm wrote (X-NETCRM-PLAN)
becomes the same plan here. Done and cancelled catch-ups leave the folder.
"""

from __future__ import annotations

from typing import Any

import msgspec

from netcrm.domain.model import Plan
from netcrm.errors import NetcrmError
from netcrm.formats.catchup_event import EventError, EventFacts, plan_fields, read_event
from netcrm.services.ics import UID_DOMAIN, birthday_ics, people_of, plan_ics
from netcrm.services.plans import cancel, update_plan
from netcrm.services.sync_state import content_hash
from netcrm.services.vdir import SyncSummary, Vdir, record_conflict
from netcrm.services.workspace import Workspace

COLLECTION = "catch-ups"
BIRTHDAYS = "birthdays"
EXT = ".ics"
Entries = dict[str, dict[str, Any]]


class CatchupSync:
    def __init__(self, ws: Workspace, vdir: Vdir, entries: Entries, summary: SyncSummary) -> None:
        self.ws, self.vdir, self.summary = ws, vdir, summary
        self.old = entries
        self.entries: Entries = {}
        self.tz = ws.config.tzinfo()

    def run(self) -> Entries:
        files = self.vdir.items(COLLECTION, EXT)
        gone = []
        for name, entry in self.old.items():
            plan = self.ws.repo.plan(entry["id"])
            if name not in files:
                if plan is not None and plan.status == "planned":
                    gone.append(plan.id)
                continue
            self.entries[name] = entry
            data = files.pop(name)
            if content_hash(data) != entry["hash"] and plan is not None and plan.status == "planned":
                self._changed_there(name, entry, data, plan)
        self._deleted_there(gone)
        for name, data in files.items():
            self._new_there(name, data)
        self._write_ours()
        return self.entries

    def _deleted_there(self, ids: list[str]) -> None:
        """Cancel the catch-ups deleted on the other side, all in one transaction (one undo step),
        each as stored now."""
        if not ids:
            return
        with self.ws.repo.transaction():
            plans = [p for p in map(self.ws.repo.plan, ids) if p is not None and p.status == "planned"]
            if len(plans) > 1:
                self.ws.repo.describe(f"cancel {len(plans)} catch-ups deleted on the other side")
            for plan in plans:
                cancel(self.ws, plan)
                self.summary.cancelled.append(self._label(plan))

    def _label(self, plan: Plan) -> str:
        names = [c.name if (c := self.ws.repo.contact(cid)) else cid for cid in plan.contacts]
        return f"{plan.id} with {', '.join(names)} at {plan.start.astimezone(self.tz):%Y-%m-%d %H:%M}"

    def _read(self, name: str, data: bytes) -> EventFacts | None:
        try:
            return read_event(data, self.tz)
        except EventError as exc:
            self.summary.skipped.append(f"{COLLECTION}/{name}: unreadable event ({exc})")
            return None

    def _changed_there(self, name: str, entry: dict[str, Any], data: bytes, plan: Plan) -> None:
        facts = self._read(name, data)
        if facts is None:
            return
        base, theirs, ours = entry["fields"], facts.fields(), plan_fields(plan)
        if facts.cancelled:
            cancel(self.ws, plan)
            self.summary.cancelled.append(self._label(plan))
        elif (theirs["start"], theirs["end"]) != (base["start"], base["end"]):
            if (ours["start"], ours["end"]) not in ((base["start"], base["end"]), (theirs["start"], theirs["end"])):
                when = f"{facts.start.astimezone(self.tz):%Y-%m-%d %H:%M}"
                record_conflict(self.ws, list(plan.contacts), f"Sync: kept the catch-up's time; the calendar had {when}")
                self.summary.conflicts.append(f"{self._label(plan)}: the calendar had {when}")
            else:
                try:
                    minutes = int((facts.end - facts.start).total_seconds() // 60)
                    moved = update_plan(self.ws, plan, start=facts.start.astimezone(self.tz), duration=minutes)
                    self.summary.moved.append(self._label(moved))
                except (NetcrmError, msgspec.ValidationError) as exc:
                    self.summary.skipped.append(f"{COLLECTION}/{name}: {exc}")
                    return
        self.entries[name] = {**entry, "hash": content_hash(data), "fields": theirs}

    def _new_there(self, name: str, data: bytes) -> None:
        facts = self._read(name, data)
        if facts is None:
            return
        plan_id = facts.uid.removesuffix(f"@{UID_DOMAIN}")
        plan = self.ws.repo.plan(plan_id)
        if plan is None and facts.plan is not None and facts.plan.id == plan_id and not facts.cancelled:
            plan = self._adopt(name, facts)
        if plan is None:
            if facts.plan is None:
                self.summary.skipped.append(f"{COLLECTION}/{name}: not a netcrm catch-up; left as it is")
            return
        digest = content_hash(data)
        self.entries[name] = {"id": plan.id, "hash": digest, "ours": digest, "fields": facts.fields()}

    def _adopt(self, name: str, facts: EventFacts) -> Plan | None:
        """A catch-up another netcrm planned: the same plan here, if its people are here."""
        plan = facts.plan
        assert plan is not None
        missing = [cid for cid in plan.contacts if self.ws.repo.contact(cid) is None]
        if missing or plan.status != "planned":
            if missing:
                self.summary.skipped.append(f"{COLLECTION}/{name}: no person with id {missing[0]!r} here")
            return None
        with self.ws.repo.transaction():
            if self.ws.repo.plan(plan.id) is not None:  # already here: the one stored wins, never overwritten
                return None
            self.ws.repo.put(plan)
        self.summary.new_plans.append(self._label(plan))
        return plan

    def _write_ours(self) -> None:
        names = {e["id"]: n for n, e in self.entries.items()}
        people = people_of(self.ws)
        for plan in sorted(self.ws.repo.plans(), key=lambda p: p.id):
            name = names.pop(plan.id, None)
            # A meeting read from the user's own calendar (`import calendar`) is there already:
            # writing it here would put it in that calendar twice once vdirsyncer runs.
            if plan.status != "planned" or plan.source:
                if name is not None:
                    self.vdir.remove(COLLECTION, name)
                    del self.entries[name]
                continue
            data = plan_ics(plan, people)
            ours = content_hash(data)
            entry = self.entries.get(name or "")
            if entry and entry.get("ours") == ours:
                continue
            name = name or f"{plan.id}{EXT}"
            self.vdir.write(COLLECTION, name, data)
            self.entries[name] = {"id": plan.id, "hash": ours, "ours": ours, "fields": plan_fields(plan)}
        for name in names.values():  # plans no longer in the database
            self.vdir.remove(COLLECTION, name)
            del self.entries[name]


def sync_catchups(ws: Workspace, vdir: Vdir, entries: Entries, summary: SyncSummary) -> Entries:
    return CatchupSync(ws, vdir, entries, summary).run()


def sync_birthdays(ws: Workspace, vdir: Vdir) -> None:
    """One yearly event per active person with a birthday; the folder is netcrm's alone."""
    today = ws.today()
    wanted = {
        f"birthday-{c.id}{EXT}".replace("/", "_"): birthday_ics(c, today)
        for c in ws.repo.contacts()
        if c.birthday and not c.archived
    }
    present = vdir.items(BIRTHDAYS, EXT)
    for name, data in wanted.items():
        if present.get(name) != data:
            vdir.write(BIRTHDAYS, name, data)
    for name in present.keys() - wanted.keys():
        vdir.remove(BIRTHDAYS, name)
