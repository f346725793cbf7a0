"""`merge A B`: two records the user knows are one person become one.

The first record is kept and completed from the second (nothing either had is
lost: lists are united, empty fields filled, notes kept from both). Every
reference to the second is moved to the first — timeline entries, plans,
introductions, "introduced by" — and the second is removed, in one write.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from netcrm.domain.lookup import fold
from netcrm.domain.merge import merge_contacts, same_org
from netcrm.domain.model import Contact, Interaction, Introduction, Record
from netcrm.errors import NetcrmError
from netcrm.services.workspace import Workspace, new_id


@dataclass
class MergeResult:
    contact: Contact
    removed: Contact
    touches: int = 0
    plans: int = 0
    introductions: int = 0
    dropped_introductions: int = 0
    was: str = ""  # the second record's other job, kept on the timeline


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
        result = MergeResult(merged, other, was=former_job(merged, other))
        records: list[Record] = [merged]
        if result.was:
            records.append(
                Interaction(id=new_id("t"), contacts=[keep.id], at=ws.now(), kind="milestone", summary=result.was)
            )
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


def former_job(kept: Contact, other: Contact) -> str:
    """ "was Analyst at Initech" when the merged-in record names a job the kept one does not."""
    org = other.org.strip() if other.org.strip() and not (kept.org and same_org(kept.org, other.org)) else ""
    title = other.title.strip() if other.title.strip() and fold(other.title) != fold(kept.title) else ""
    if org and not title and other.title.strip():
        title = other.title.strip()  # the same title at another company is still a former job
    if not org and not title:
        return ""
    if org and title:
        return f"was {title} at {org}"
    return f"was at {org}" if org else f"was {title}" + (f" at {other.org.strip()}" if other.org.strip() else "")
