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
    start: dt.datetime,
    duration: int = 30,
    kind: str = "meeting",
    where: str = "",
    agenda: str = "",
    remind: int | None = None,
) -> Plan:
    if not people:
        raise NetcrmError("plan a catch-up with at least one person")
    now = ws.now()
    if start < now - dt.timedelta(minutes=1):
        raise NetcrmError(f"{start:%Y-%m-%d %H:%M} is in the past: plan what will happen, log what did", field="start")
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
    with ws.repo.transaction():
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


def upcoming(ws: Workspace, include_all: bool = False) -> list[Plan]:
    now = ws.now()
    plans = [p for p in ws.repo.plans() if include_all or (p.status == "planned" and p.end >= now)]
    return sorted(plans, key=lambda p: p.start)


def _close(ws: Workspace, plan: Plan, status: str) -> Plan:
    if plan.status != "planned":
        raise NetcrmError(f"catch-up {plan.id} is already {plan.status}")
    return msgspec.structs.replace(plan, status=status, sequence=plan.sequence + 1, updated=ws.now())


def complete(ws: Workspace, plan: Plan, notes: str = "") -> Interaction:
    """The catch-up happened: it becomes a touch on each person's timeline."""
    done = _close(ws, plan, "done")
    at = min(plan.start, ws.now())
    summary = plan.agenda.splitlines()[0] if plan.agenda else f"{plan.kind.capitalize()} (planned catch-up)"
    item = Interaction(
        id=new_id("t"), contacts=list(plan.contacts), at=at, kind=plan.kind, summary=summary, notes=notes.strip()
    )
    with ws.repo.transaction():
        ws.repo.put(done)
        record_interactions(ws, [item])
    return item


def cancel(ws: Workspace, plan: Plan) -> Plan:
    cancelled = _close(ws, plan, "cancelled")
    with ws.repo.transaction():
        ws.repo.put(cancelled)
    return cancelled


# What a calendar shows of a plan: a change to any of these bumps SEQUENCE so that
# calendars take the re-exported event as the newer version (RFC 5546).
CALENDAR_FIELDS = ("contacts", "start", "duration", "kind", "where", "agenda", "remind")


def update_plan(ws: Workspace, plan: Plan, **changes: object) -> Plan:
    """Move or change a planned catch-up; SEQUENCE goes up when anything visible changed."""
    unknown = set(changes) - set(CALENDAR_FIELDS)
    if unknown:
        raise NetcrmError(f"a catch-up has no field {sorted(unknown)[0]!r} to change")
    if plan.status != "planned":
        raise NetcrmError(f"catch-up {plan.id} is {plan.status}; plan a new one instead")
    for key in ("where", "agenda"):
        if isinstance(changes.get(key), str):
            changes[key] = changes[key].strip()  # type: ignore[union-attr]
    if "contacts" in changes:
        changes["contacts"] = list(dict.fromkeys(changes["contacts"]))  # type: ignore[arg-type]
        for cid in changes["contacts"]:  # type: ignore[union-attr]
            if ws.repo.contact(cid) is None:
                raise NotFound(f"no contact with id {cid!r}")
    new_start = changes.get("start", plan.start)
    if new_start != plan.start and new_start < ws.now() - dt.timedelta(minutes=1):  # type: ignore[operator]
        raise NetcrmError(f"--at {new_start.isoformat()}: that is in the past")  # type: ignore[union-attr]
    data = msgspec.to_builtins(plan, builtin_types=(dt.datetime,))
    data.update(changes)
    changed = any(data[key] != getattr(plan, key) for key in changes)
    if not changed:
        return plan
    data.update(sequence=plan.sequence + 1, updated=ws.now())
    updated = validated(Plan, data, before=plan)
    with ws.repo.transaction():
        ws.repo.put(updated)
    return updated
