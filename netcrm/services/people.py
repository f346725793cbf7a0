"""Adding, changing, snoozing and archiving people."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from netcrm.domain.bounds import check_fields
from netcrm.domain.lookup import unique_slug
from netcrm.domain.model import Contact
from netcrm.errors import NetcrmError
from netcrm.services.workspace import Workspace


def build_contact(ws: Workspace, name: str, **fields: Any) -> Contact:
    """A validated new contact with a readable id derived from the name."""
    name = name.strip()
    if not name:
        raise NetcrmError("a person needs a name")
    now = ws.now()
    data = {k: v for k, v in fields.items() if v not in (None, "", [], ())}
    data.update(id=unique_slug(name, {c.id for c in ws.repo.contacts()}), name=name, created=now, updated=now)
    return validated(Contact, data)


def validated(kind: type, data: dict[str, Any], before: Any = None) -> Any:
    """Build a record, naming the field and the value when one is wrong.

    `before`: the stored record being changed; its unchanged values are not re-checked.
    """
    try:
        record = msgspec.convert(data, kind, from_attributes=True)
    except msgspec.ValidationError as exc:
        from netcrm.services.yamlfmt import explain, field_of

        raise NetcrmError(explain(exc, data, kind.__name__.lower()), field=field_of(exc)) from None
    check_fields(record, before)  # no control characters, real birthdays, email syntax
    return record


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
    checked = validated(Contact, data, before=contact)
    with ws.repo.transaction():
        if ws.repo.contact(checked.id) is None:
            raise NetcrmError(f"no contact with id {checked.id!r}")
        ws.repo.put(checked)
    return checked


def snooze(ws: Workspace, contact: Contact, until: dt.date) -> Contact:
    if until <= ws.today():
        raise NetcrmError(f"snooze until {until.isoformat()}: that is not in the future", field="until")
    return save_contact(ws, msgspec.structs.replace(contact, snoozed_until=until))


def archive(ws: Workspace, contact: Contact, archived: bool = True) -> Contact:
    return save_contact(ws, msgspec.structs.replace(contact, archived=archived))
