"""Planning catch-ups, and closing them: done logs a touch, cancel keeps the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import msgspec

from netcrm.domain.model import Contact, Interaction, Plan
from netcrm.errors import NetcrmError, NotFound
from netcrm.services.people import validated
from netcrm.services.touches import record_interactions
from netcrm.services.workspace import Workspace, new_id


def plan_catchup(
    ws: Workspace,
    people: Sequence[Contact],
    *,
    start: dt.datetime,
    duration: int = 30,
    kind: str = "meeting",
    where: str = "",
    agenda: str = "",
    remind: int | None = None,
) -> Plan:
    if not people:
        raise NetcrmError("contacts: plan a catch-up with at least one person", field="contacts")
    now = ws.now()
    if start < now - dt.timedelta(minutes=1):
        raise NetcrmError(
            f"start: {start:%Y-%m-%d %H:%M} is in the past: plan what will happen, log what did", field="start"
        )
    plan = validated(
        Plan,
        {
            "id": new_id("p"),
            "contacts": list(dict.fromkeys(c.id for c in people)),
            "start": start,
            "duration": duration,
            "kind": kind,
            "where": where.strip(),
            "agenda": agenda.strip(),
            "remind": remind,
            "created": now,
            "updated": now,
        },
    )
    with ws.repo.transaction(f"plan a {kind}"):
        ws.repo.put(plan)
    return plan


def find_plan(ws: Workspace, plan_id: str) -> Plan:
    plan = ws.repo.plan(plan_id.strip())
    if plan is None:
        matches = [p for p in ws.repo.plans() if p.id.startswith(plan_id.strip())] if plan_id.strip() else []
        if len(matches) != 1:
            raise NotFound(f"no catch-up with id {plan_id!r} (see `netcrm plans`)")
        plan = matches[0]
    return plan


def upcoming(ws: Workspace, *, include_all: bool = False) -> list[Plan]:
    now = ws.now()
    plans = [p for p in ws.repo.plans() if include_all or (p.status == "planned" and p.end >= now)]
    return sorted(plans, key=lambda p: p.start)


def _current(ws: Workspace, plan: Plan | str) -> Plan:
    """The plan as stored now (call inside the transaction): never a copy read earlier."""
    plan_id = plan if isinstance(plan, str) else plan.id
    current = ws.repo.plan(plan_id)
    if current is None:
        raise NotFound(f"no catch-up with id {plan_id!r} (see `netcrm plans`)")
    return current


def _close(ws: Workspace, plan: Plan, status: str) -> Plan:
    if plan.status != "planned":
        raise NetcrmError(f"catch-up {plan.id} is already {plan.status}")
    return msgspec.structs.replace(plan, status=status, sequence=plan.sequence + 1, updated=ws.now())


def complete(ws: Workspace, plan: Plan | str, *, notes: str = "") -> Interaction:
    """The catch-up happened: it becomes a touch on each person's timeline."""
    with ws.repo.transaction("mark a catch-up done"):
        done = _close(ws, _current(ws, plan), "done")
        at = min(done.start, ws.now())
        summary = done.agenda.splitlines()[0] if done.agenda else f"{done.kind.capitalize()} (planned catch-up)"
        item = Interaction(
            id=new_id("t"), contacts=list(done.contacts), at=at, kind=done.kind, summary=summary, notes=notes.strip()
        )
        ws.repo.put(done)
        record_interactions(ws, [item])
    return item


def cancel(ws: Workspace, plan: Plan | str) -> Plan:
    with ws.repo.transaction("cancel a catch-up"):
        cancelled = _close(ws, _current(ws, plan), "cancelled")
        ws.repo.put(cancelled)
    return cancelled


# What a calendar shows of a plan: a change to any of these bumps SEQUENCE so that
# calendars take the re-exported event as the newer version (RFC 5546).
CALENDAR_FIELDS = ("contacts", "start", "duration", "kind", "where", "agenda", "remind")


def update_plan(ws: Workspace, plan: Plan | str, **changes: object) -> Plan:
    """Move or change a planned catch-up; SEQUENCE goes up when anything visible changed.

    The changes are applied to the plan as stored now, under the lock.
    """
    unknown = set(changes) - set(CALENDAR_FIELDS)
    if unknown:
        raise NetcrmError(f"a catch-up has no field {sorted(unknown)[0]!r} to change")
    for key in ("where", "agenda"):
        value = changes.get(key)
        if isinstance(value, str):
            changes[key] = value.strip()
    with ws.repo.transaction("change a catch-up"):
        current = _current(ws, plan)
        if current.status != "planned":
            raise NetcrmError(f"catch-up {current.id} is {current.status}; plan a new one instead")
        if "contacts" in changes:
            people = list(dict.fromkeys(changes["contacts"]))  # type: ignore[call-overload]  # changes maps names to object; contacts is a list of ids, checked by the caller
            for cid in people:
                if ws.repo.contact(cid) is None:
                    raise NotFound(f"no contact with id {cid!r}")
            changes["contacts"] = people
        new_start = changes.get("start", current.start)
        if isinstance(new_start, dt.datetime) and new_start != current.start and new_start < ws.now() - dt.timedelta(minutes=1):
            raise NetcrmError(f"start: {new_start:%Y-%m-%d %H:%M} is in the past", field="start")
        data = msgspec.structs.asdict(current)
        data.update(changes)
        if all(data[key] == getattr(current, key) for key in changes):
            return current
        data.update(sequence=current.sequence + 1, updated=ws.now())
        updated: Plan = validated(Plan, data, before=current)
        ws.repo.put(updated)
    return updated
