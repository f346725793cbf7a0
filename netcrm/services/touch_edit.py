"""Correcting a logged touch: its kind, time, direction, notes or who was there.

A touch moved in time or to other people changes their last-touch time, so
everyone on the old or the new list is recomputed from their timeline in the
same transaction.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from netcrm.domain.model import Contact, Interaction, Record
from netcrm.domain.touches import is_touch
from netcrm.errors import NetcrmError, NotFound
from netcrm.services.people import validated
from netcrm.services.workspace import Workspace

FIELDS = ("contacts", "at", "kind", "direction", "summary", "notes")


def find_touch(ws: Workspace, touch_id: str) -> Interaction:
    """A touch by id, or by a unique start of one (as `netcrm show` prints them)."""
    wanted = touch_id.strip()
    items = [i for i in ws.repo.interactions() if i.id == wanted] or (
        [i for i in ws.repo.interactions() if i.id.startswith(wanted)] if wanted else []
    )
    if len(items) != 1:
        raise NotFound(f"no touch with id {touch_id!r} (see `netcrm show NAME`)")
    return items[0]


def update_touch(ws: Workspace, item: Interaction, **changes: object) -> Interaction:
    """`item` with `changes` (fields of FIELDS) applied, validated and stored; last touches follow."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise NetcrmError(f"a touch has no field {sorted(unknown)[0]!r} to change")
    if "contacts" in changes:
        changes["contacts"] = list(dict.fromkeys(changes["contacts"]))  # type: ignore[call-overload]  # changes maps names to object; contacts is a list of ids, checked by the caller
        if not changes["contacts"]:
            raise NetcrmError("contacts: a touch needs at least one person", field="contacts")
    now = ws.now()
    at = changes.get("at", item.at)
    if isinstance(at, dt.datetime) and at > now + dt.timedelta(minutes=5):
        raise NetcrmError(f"at: {at:%Y-%m-%d %H:%M} is in the future: log what happened", field="at")
    with ws.repo.transaction("edit a touch"):
        # The touch as stored now, not the copy read before: only the fields asked for change.
        current = ws.repo.get(Interaction, item.id)
        if current is None:
            raise NotFound(f"no touch with id {item.id!r}")
        data = msgspec.to_builtins(current, builtin_types=(dt.datetime,))
        data.update(changes)
        updated: Interaction = validated(Interaction, data, before=current)
        if updated == current:
            return current
        item = current
        records: list[Record] = [updated]
        for cid in dict.fromkeys([*item.contacts, *updated.contacts]):
            contact = ws.repo.contact(cid)
            if contact is None:
                raise NotFound(f"contacts: no contact with id {cid!r}")
            records.append(_with_last_touch(ws, contact, updated, now))
        ws.repo.put_many(records)
    return updated


def _with_last_touch(ws: Workspace, contact: Contact, updated: Interaction, now: dt.datetime) -> Contact:
    items = [i for i in ws.repo.timeline(contact.id) if i.id != updated.id]
    if contact.id in updated.contacts:
        items.append(updated)
    last = max((i.at for i in items if is_touch(i)), default=None)
    return msgspec.structs.replace(contact, last_touch=last, updated=now)
