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
