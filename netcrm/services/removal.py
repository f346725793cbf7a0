"""`delete NAME`: a person leaves the network for good (archive keeps them; this does not).

Touches and plans with only that person go too; shared ones stay for the others,
without them. Introductions they were part of go; "introduced by" them is
cleared. Everything happens in one transaction, so `netcrm undo` (the journal)
puts it all back at once. `Deleted` says what went and what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec

from netcrm.domain.model import Contact, Interaction, Introduction, Plan, Record
from netcrm.services.workspace import Workspace


@dataclass
class Deleted:
    contact: Contact
    removed: list[Interaction | Plan | Introduction] = field(default_factory=list)  # touches, plans, introductions that went with them
    changed: list[Contact | Interaction | Plan] = field(default_factory=list)  # records that only lost a reference, as they were

    def count(self, kind: type[Record]) -> int:
        return sum(1 for r in self.removed if isinstance(r, kind))

    def summary(self) -> str:
        return (
            f"deleted {self.contact.name} ({self.contact.id}), {self.count(Interaction)} touches, "
            f"{self.count(Plan)} plans, {self.count(Introduction)} introductions; "
            f"{len(self.changed)} shared records kept for the others"
        )


def delete_contact(ws: Workspace, contact: Contact) -> Deleted:
    """Remove `contact` and what only concerned them; returns what was there, for undo."""
    cid = contact.id
    with ws.repo.transaction():
        repo = ws.repo
        contact = repo.contact(cid) or contact
        result = Deleted(contact)
        updates: list[Record] = []
        owners: list[Interaction | Plan] = [*repo.timeline(cid), *(p for p in repo.plans() if cid in p.contacts)]
        for owner in owners:
            others = [c for c in owner.contacts if c != cid]
            if others:
                result.changed.append(owner)
                updates.append(msgspec.structs.replace(owner, contacts=others))
            else:
                result.removed.append(owner)
        result.removed += [i for i in repo.introductions() if cid in (i.a, i.b)]
        for person in repo.contacts():
            if person.introduced_by == cid:
                result.changed.append(person)
                updates.append(msgspec.structs.replace(person, introduced_by=None, updated=ws.now()))
        repo.put_many(updates)
        for kind in (Interaction, Plan, Introduction):
            repo.delete(kind, [r.id for r in result.removed if isinstance(r, kind)])
        repo.delete(Contact, [cid])
    return result
