"""Logging a touch: it lands on every person's timeline and resets their clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from netcrm.domain.model import Contact, Interaction
from netcrm.domain.touches import after_touch
from netcrm.errors import NetcrmError
from netcrm.services.people import validated
from netcrm.services.workspace import Workspace, new_id


def log_touch(
    ws: Workspace,
    people: Sequence[Contact],
    *,
    kind: str,
    at: dt.datetime | None = None,
    inbound: bool = False,
    summary: str = "",
    notes: str = "",
) -> Interaction:
    if not people:
        raise NetcrmError("contacts: log a touch with at least one person", field="contacts")
    now = ws.now()
    at = at or now
    if at > now + dt.timedelta(minutes=5):
        raise NetcrmError(f"at: {at:%Y-%m-%d %H:%M} is in the future: log what happened, plan what will", field="at")
    ids = list(dict.fromkeys(c.id for c in people))
    item = validated(
        Interaction,
        {
            "id": new_id("t"),
            "contacts": ids,
            "at": at,
            "kind": kind,
            "direction": "inbound" if inbound else "outbound",
            "summary": summary.strip(),
            "notes": notes.strip(),
        },
    )
    names = ", ".join(c.name for c in people[:3]) + (f" and {len(people) - 3} more" if len(people) > 3 else "")
    with ws.repo.transaction(f"log {kind} with {names}"):
        record_interactions(ws, [item])
    return item


def record_interactions(ws: Workspace, items: Sequence[Interaction]) -> None:
    """Store touches and move each person's last touch and stage along, in one write."""
    now = ws.now()
    with ws.repo.transaction():
        changed: dict[str, Contact] = {}
        for item in items:
            for cid in item.contacts:
                contact = changed.get(cid) or ws.repo.contact(cid)
                if contact is None:
                    raise NetcrmError(f"touch {item.id}: no contact with id {cid!r}")
                changed[cid] = after_touch(contact, item, now)
        ws.repo.put_many([*items, *changed.values()])
