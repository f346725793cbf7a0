"""Adding, changing, snoozing and archiving people."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from netcrm.domain.bounds import check_fields
from netcrm.domain.lookup import unique_slug
from netcrm.domain.model import Contact
from netcrm.domain.patch import Conflict, Patch
from netcrm.domain.rules import check_contact
from netcrm.errors import EditConflict, NetcrmError, NotFound
from netcrm.services.workspace import Workspace


def build_contact(ws: Workspace, name: str, **fields: Any) -> Contact:
    """A validated new contact with a readable id derived from the name."""
    name = name.strip()
    if not name:
        raise NetcrmError("name: a person needs a name", field="name")
    now = ws.now()
    data = {k: v for k, v in fields.items() if v not in (None, "", [], ())}
    data.update(id=unique_slug(name, {c.id for c in ws.repo.contacts()}), name=name, created=now, updated=now)
    return validated(Contact, data)


def validated(kind: type, data: dict[str, Any], before: Any = None) -> Any:
    """Build a record, naming the field and the value when one is wrong.

    `before`: the stored record being changed; its unchanged values are not re-checked.
    """
    try:
        record: Any = msgspec.convert(data, kind, from_attributes=True)
    except msgspec.ValidationError as exc:
        from netcrm.services.yaml_files import explain, field_of

        raise NetcrmError(explain(exc, data, kind.__name__.lower()), field=field_of(exc)) from None
    if isinstance(record, Contact):
        return check_contact(record, before)  # domain.rules: one set of field rules
    check_fields(record, before)  # no control characters, real dates
    return record


def add_contact(ws: Workspace, name: str, **fields: Any) -> Contact:
    with ws.repo.transaction(f"add {name.strip()}"):
        contact = build_contact(ws, name, **fields)
        ws.repo.put(contact)
    return contact


def update_contact(ws: Workspace, contact: Contact | str, changes: dict[str, Any] | Patch, label: str = "") -> Contact:
    """Apply `changes` (fields set, or a `Patch`) to the person as stored now, under the lock.

    The record is re-read inside the transaction, so nothing another process
    changed meanwhile is lost; a field the user changed that someone else also
    changed (to something else) raises `EditConflict` and nothing is written.
    `label` (for undo) may say `{name}`: the person's name as stored.
    """
    patch = changes if isinstance(changes, Patch) else Patch(set=changes)
    contact_id = contact if isinstance(contact, str) else contact.id
    with ws.repo.transaction():
        current = ws.repo.contact(contact_id)
        if current is None:
            raise NotFound(f"no contact with id {contact_id!r}")
        ws.repo.describe(label.format(name=current.name) if label else "")
        if not patch:
            return current
        try:
            values = patch.values(current)
        except Conflict as exc:
            raise EditConflict(str(exc), exc.conflicts, field=exc.conflicts[0].field) from None
        data = msgspec.structs.asdict(current)
        data.update(values, updated=ws.now())
        checked = validated(Contact, data, before=current)
        ws.repo.describe(f"edit {checked.name}")
        ws.repo.put(checked)
    return checked


def save_edit(ws: Workspace, original: Contact, edited: Contact) -> Contact:
    """A form or `$EDITOR` session saved: what the user changed from `original`, applied to now."""
    return update_contact(ws, original.id, Patch.between(original, edited), label="edit {name}")


def snooze(ws: Workspace, contact: Contact | str, *, until: dt.date) -> Contact:
    if until <= ws.today():
        raise NetcrmError(f"until: {until.isoformat()} is not in the future", field="until")
    return update_contact(ws, contact, {"snoozed_until": until}, label="snooze {name}")


def archive(ws: Workspace, contact: Contact | str, *, archived: bool = True) -> Contact:
    return update_contact(ws, contact, {"archived": archived}, label=f"{'archive' if archived else 'restore'} {{name}}")
