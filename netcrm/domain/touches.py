"""What a logged touch changes about a person: the last-touch time and the stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import msgspec

from netcrm.domain.model import NOT_A_TOUCH, STAGES, Contact, Interaction, Stage


def is_touch(item: Interaction) -> bool:
    return item.kind not in NOT_A_TOUCH


def after_touch(contact: Contact, item: Interaction, now: dt.datetime) -> Contact:
    """The contact once `item` is on their timeline.

    A first touch makes a new person an acquaintance; hearing back from them
    (an inbound touch) makes them at least active. Solid is the user's call.
    `updated` moves only with the stage: `last_touch` is derived from the timeline,
    so a touch alone leaves the person's own data (their YAML file, their vCard's
    REV) as it was, and a git diff after logging a call shows just the touch.
    """
    if not is_touch(item):
        return msgspec.structs.replace(contact, updated=now)
    last = contact.last_touch if contact.last_touch and contact.last_touch >= item.at else item.at
    stage = contact.stage
    floor: Stage = "active" if item.direction == "inbound" else "acquaintance"
    if STAGES.index(stage) < STAGES.index(floor):
        stage = floor
    updated = now if stage != contact.stage else contact.updated
    return msgspec.structs.replace(contact, last_touch=last, stage=stage, updated=updated)


def last_touches(items: Iterable[Interaction]) -> dict[str, dt.datetime]:
    """Each person's latest real touch, for rebuilding `last_touch` after an import."""
    latest: dict[str, dt.datetime] = {}
    for item in items:
        if not is_touch(item):
            continue
        for cid in item.contacts:
            seen = latest.get(cid)
            if seen is None or item.at > seen:
                latest[cid] = item.at
    return latest
