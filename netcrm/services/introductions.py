"""Being a connector: suggested introductions, recording one, and its outcome later.

Recording an introduction stores an `Introduction` and logs an `introduction`
touch on both people's timelines, in one write.
"""

from __future__ import annotations

from typing import Any

import msgspec

from netcrm.domain.intros import Suggestion, suggest
from netcrm.domain.model import Contact, Interaction, Introduction
from netcrm.domain.touches import after_touch
from netcrm.errors import NetcrmError, NotFound
from netcrm.services.people import validated
from netcrm.services.verdicts import rule, ruled_pairs
from netcrm.services.workspace import Workspace, new_id


def suggestions(ws: Workspace, *, limit: int = 20) -> list[Suggestion]:
    return suggest(ws.repo.contacts(), ws.repo.introductions(), limit=limit, dismissed=ruled_pairs(ws, "no-intro"))


def dismiss(ws: Workspace, a: Contact, b: Contact) -> None:
    """Never suggest introducing these two again."""
    rule(ws, "no-intro", a, b)


def record_intro(ws: Workspace, a: Contact, b: Contact, *, why: str, outcome: str = "") -> Introduction:
    if a.id == b.id:
        raise NetcrmError(f"cannot introduce {a.name} to themselves")
    why = why.strip()
    if not why:
        raise NetcrmError("why: say why you introduce them", field="why")
    now = ws.now()
    intro = validated(Introduction, {"id": new_id("x"), "a": a.id, "b": b.id, "why": why, "at": now,
                                     "outcome": outcome.strip()})
    touch = validated(Interaction, {"id": new_id("t"), "contacts": [a.id, b.id], "at": now, "kind": "introduction",
                                    "summary": f"introduced {a.name} and {b.name}: {why}"})
    with ws.repo.transaction():
        found = [ws.repo.contact(a.id), ws.repo.contact(b.id)]
        people = [p for p in found if p is not None]
        if len(people) < len(found):
            raise NotFound("one of the two people is gone; reload and try again")
        ws.repo.put_many([intro, touch, *(after_touch(p, touch, now) for p in people)])
    return intro


def find_intro(ws: Workspace, a: Contact, b: Contact) -> Introduction:
    """The latest introduction between two people."""
    found = [x for x in ws.repo.introductions() if {x.a, x.b} == {a.id, b.id}]
    if not found:
        raise NotFound(f"{a.name} and {b.name} have not been introduced; record the introduction first, with why")
    return max(found, key=lambda x: x.at)


def set_outcome(ws: Workspace, intro_id: str, *, outcome: str) -> Introduction:
    outcome = outcome.strip()
    if not outcome:
        raise NetcrmError("outcome: the outcome is empty", field="outcome")
    with ws.repo.transaction():
        intro = ws.repo.get(Introduction, intro_id)
        if intro is None:
            raise NotFound(f"no introduction with id {intro_id!r} (see `netcrm intros --made`)")
        intro = msgspec.structs.replace(intro, outcome=outcome)
        ws.repo.put(intro)
    return intro


def suggestion_json(s: Suggestion) -> dict[str, Any]:
    person = lambda c: {"id": c.id, "name": c.name, "org": c.org, "department": c.department}
    return {"a": person(s.a), "b": person(s.b), "score": round(s.score, 3), "across": s.across,
            "reasons": s.reasons}
