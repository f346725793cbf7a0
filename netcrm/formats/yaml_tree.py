"""The exported YAML tree, as text: a folder's files (`render`) from the records, and the checks
a folder read back must pass (ids unique, references resolved, text clean). No files are read or
written here; `services.yaml_io` and `services.yaml_export` own the I/O."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import msgspec

from netcrm.domain.bounds import clean_record
from netcrm.domain.model import Contact, Interaction, Introduction, Plan, Record
from netcrm.domain.touches import last_touches
from netcrm.errors import NetcrmError
from netcrm.formats import yaml_text
from netcrm.formats.yaml_writer import dump_record, dump_records, dump_touches

FORMAT = 1
# Kept in the database for speed, rebuilt from the timeline on import.
DERIVED = ("last_touch",)


@dataclass
class Bundle:
    """Everything in one exported folder."""

    contacts: list[Contact] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    introductions: list[Introduction] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    # id() of the records read from text with no control character: clean_bundle skips them.
    clean: set[int] = field(default_factory=set)

    def records(self) -> list[Record]:
        return [*self.contacts, *self.interactions, *self.plans, *self.introductions]


def contact_yaml(contact: Contact) -> str:
    return dump_record(yaml_text.to_data(contact, drop=DERIVED))


def render(bundle: Bundle) -> dict[str, str]:
    """Relative path -> file text, for every file of an export."""
    files = {"network.yaml": yaml_text.dump({"netcrm": FORMAT})}
    for contact in bundle.contacts:
        files[f"people/{contact.id}.yaml"] = contact_yaml(contact)
    by_year: dict[int, list[Interaction]] = defaultdict(list)
    for item in bundle.interactions:
        by_year[item.at.year].append(item)
    for year, items in by_year.items():
        items.sort(key=lambda i: (i.at, i.id))
        files[f"touches/{year}.yaml"] = dump_touches(items)
    if bundle.plans:
        plans = sorted(bundle.plans, key=lambda p: (p.start, p.id))
        files["plans.yaml"] = dump_records([yaml_text.to_data(p) for p in plans])
    if bundle.introductions:
        intros = sorted(bundle.introductions, key=lambda x: (x.at, x.id))
        files["introductions.yaml"] = dump_records([yaml_text.to_data(x) for x in intros])
    return files


def check_references(bundle: Bundle) -> None:
    for label, records in (("touch", bundle.interactions), ("plan", bundle.plans)):
        seen: set[str] = set()
        for record in records:
            if record.id in seen:  # the same id in two yearly files
                raise NetcrmError(f"{label} {record.id}: the id is used by two {label} records")
            seen.add(record.id)
    ids: dict[str, None] = {}
    for contact in bundle.contacts:
        if contact.id in ids:
            raise NetcrmError(f"people/{contact.id}.yaml: id {contact.id!r} is used by two people")
        ids[contact.id] = None
    for contact in bundle.contacts:
        if contact.introduced_by and contact.introduced_by not in ids:
            raise NetcrmError(f"people/{contact.id}.yaml: introduced_by: no person with id {contact.introduced_by!r}")
    for label, records in (("touch", bundle.interactions), ("plan", bundle.plans)):
        for record in records:
            missing = [cid for cid in record.contacts if cid not in ids]
            if missing:
                raise NetcrmError(f"{label} {record.id}: contacts: no person with id {missing[0]!r}")
    for intro in bundle.introductions:
        for cid in (intro.a, intro.b):
            if cid not in ids:
                raise NetcrmError(f"introduction {intro.id}: no person with id {cid!r}")


def with_last_touches(contacts: list[Contact], interactions: list[Interaction]) -> list[Contact]:
    latest = last_touches(interactions)
    return [msgspec.structs.replace(c, last_touch=latest.get(c.id)) for c in contacts]


def clean_bundle(bundle: Bundle) -> list[str]:
    """Remove control characters from every record's text; "people/x.yaml: name" for each cleaned one."""
    cleaned: list[str] = []
    for name, records in (("contacts", bundle.contacts), ("interactions", bundle.interactions),
                          ("plans", bundle.plans), ("introductions", bundle.introductions)):
        kept = []
        for record in records:
            if id(record) in bundle.clean:
                kept.append(record)
                continue
            record, fields = clean_record(record)
            if fields:
                label = f"people/{record.id}.yaml" if name == "contacts" else f"{name[:-1]} {record.id}"
                cleaned.append(f"{label}: {', '.join(fields)}")
            kept.append(record)
        setattr(bundle, name, kept)
    empty = next((c for c in bundle.contacts if not c.name.strip()), None)
    if empty is not None:
        raise NetcrmError(f"people/{empty.id}.yaml: name: nothing left once control characters were removed")
    return cleaned
