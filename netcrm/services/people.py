"""Adding, changing, snoozing and archiving people."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from netcrm.domain.lookup import unique_slug
from netcrm.domain.model import Contact
from netcrm.domain.rules import check_contact
from netcrm.errors import NetcrmError
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


def validated(kind: type, data: dict[str, Any]) -> Any:
    """Build a record, naming the field and the value when one is wrong."""
    try:
        record = msgspec.convert(data, kind, from_attributes=True)
    except msgspec.ValidationError as exc:
        from netcrm.services.yamlfmt import explain, field_of

        raise NetcrmError(explain(exc, data, kind.__name__.lower()), field=field_of(exc)) from None
    return check_contact(record) if isinstance(record, Contact) else record  # domain.rules: one set of field rules


def add_contact(ws: Workspace, name: str, **fields: Any) -> Contact:
    with ws.repo.transaction():
        contact = build_contact(ws, name, **fields)
        ws.repo.put(contact)
    return contact


def save_contact(ws: Workspace, contact: Contact) -> Contact:
    """Store an edited contact (validated again: forms and YAML both come through here)."""
    return update_contact(ws, contact, {})


def update_contact(ws: Workspace, contact: Contact, changes: dict[str, Any]) -> Contact:
    """`contact` with `changes` applied, validated field by field, and stored."""
    data = msgspec.to_builtins(contact, builtin_types=(dt.datetime, dt.date))
    data.update(changes, id=contact.id, updated=ws.now())
    checked = validated(Contact, data)
    with ws.repo.transaction():
        if ws.repo.contact(checked.id) is None:
            raise NetcrmError(f"no contact with id {checked.id!r}")
        ws.repo.put(checked)
    return checked


def snooze(ws: Workspace, contact: Contact, *, until: dt.date) -> Contact:
    if until <= ws.today():
        raise NetcrmError(f"until: {until.isoformat()} is not in the future", field="until")
    return save_contact(ws, msgspec.structs.replace(contact, snoozed_until=until))


def archive(ws: Workspace, contact: Contact, *, archived: bool = True) -> Contact:
    return save_contact(ws, msgspec.structs.replace(contact, archived=archived))
