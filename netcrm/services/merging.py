"""`merge A B`: two records the user knows are one person become one.

The first record is kept and completed from the second (nothing either had is
lost: lists are united, empty fields filled, notes kept from both). Every
reference to the second is moved to the first — timeline entries, plans,
introductions, "introduced by" — and the second is removed, in one write.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from netcrm.domain.merge import merge_contacts
from netcrm.domain.model import Contact, Introduction, Record
from netcrm.errors import NetcrmError
from netcrm.services.workspace import Workspace


@dataclass
class MergeResult:
    contact: Contact
    removed: Contact
    touches: int = 0
    plans: int = 0
    introductions: int = 0
    dropped_introductions: int = 0


def _repoint(ids: list[str], old: str, new: str) -> list[str]:
    return list(dict.fromkeys(new if cid == old else cid for cid in ids))


def merge_people(ws: Workspace, keep: Contact, other: Contact) -> MergeResult:
    if keep.id == other.id:
        raise NetcrmError(f"{keep.name} ({keep.id}) is the same record twice; nothing to merge")
    with ws.repo.transaction():
        repo = ws.repo
        keep, other = repo.contact(keep.id) or keep, repo.contact(other.id) or other
        merged = merge_contacts(keep, other)
        # Once they are one person, "introduced by themselves" means nothing.
        by = None if merged.introduced_by in (keep.id, other.id) else merged.introduced_by
        merged = msgspec.structs.replace(merged, introduced_by=by, updated=ws.now())
        result = MergeResult(merged, other)
        records: list[Record] = [merged]
        for item in repo.timeline(other.id):
            records.append(msgspec.structs.replace(item, contacts=_repoint(item.contacts, other.id, keep.id)))
            result.touches += 1
        for plan in repo.plans():
            if other.id in plan.contacts:
                records.append(msgspec.structs.replace(plan, contacts=_repoint(plan.contacts, other.id, keep.id)))
                result.plans += 1
        dropped: list[str] = []
        for intro in repo.introductions():
            if other.id not in (intro.a, intro.b):
                continue
            a = keep.id if intro.a == other.id else intro.a
            b = keep.id if intro.b == other.id else intro.b
            if a == b:  # introducing someone to themselves means nothing once they are one
                dropped.append(intro.id)
                continue
            records.append(msgspec.structs.replace(intro, a=a, b=b))
            result.introductions += 1
        for person in repo.contacts():
            if person.introduced_by == other.id and person.id not in (keep.id, other.id):
                records.append(msgspec.structs.replace(person, introduced_by=keep.id, updated=ws.now()))
        result.dropped_introductions = len(dropped)
        repo.put_many(records)
        repo.delete(Introduction, dropped)
        repo.delete(Contact, [other.id])
    return result
