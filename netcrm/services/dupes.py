"""Possible duplicates to review: list them, merge a pair, or say they are two people for good."""

from __future__ import annotations

from typing import Any

from netcrm.domain.dupes import Duplicate, possible_duplicates
from netcrm.domain.model import Contact
from netcrm.services.merge_people import MergeResult, merge_people
from netcrm.services.verdicts import rule, ruled_pairs
from netcrm.services.workspace import Workspace


def duplicates(ws: Workspace, limit: int | None = None) -> list[Duplicate]:
    return possible_duplicates(ws.repo.contacts(), ruled_pairs(ws, "different"), limit)


def merge_pair(ws: Workspace, keep: Contact, other: Contact) -> MergeResult:
    return merge_people(ws, keep, other)


def mark_different(ws: Workspace, a: Contact, b: Contact) -> None:
    """They are two people: never list this pair again."""
    rule(ws, "different", a, b)


def duplicate_json(d: Duplicate) -> dict[str, Any]:
    person = lambda c: {"id": c.id, "name": c.name, "org": c.org, "emails": c.emails, "phones": c.phones}
    return {"keep": person(d.a), "other": person(d.b), "score": round(d.score, 1), "reasons": d.reasons}
