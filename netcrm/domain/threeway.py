"""Three-way merge of one record's fields: what the other side changed since the last sync
comes in, unless netcrm changed the same field too, in which case netcrm's value stays and
the other one is handed back as a conflict (to be recorded, never dropped).

Lists merge item by item (an email added on the phone and a tag added here are not a
conflict, nor are two different emails added on both sides).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Merge:
    changes: dict[str, Any] = field(default_factory=dict)
    """Fields to set on netcrm's record."""
    conflicts: dict[str, Any] = field(default_factory=dict)
    """Fields both sides changed differently: the other side's value, which netcrm did not take."""


def merge_list(base: list[Any], theirs: list[Any], ours: list[Any]) -> list[Any]:
    added = [x for x in theirs if x not in base]
    removed = [x for x in base if x not in theirs]
    return [x for x in ours if x not in removed] + [x for x in dict.fromkeys(added) if x not in ours]


def three_way(
    base: Mapping[str, Any], theirs: Mapping[str, Any], ours: Mapping[str, Any], ignore: Collection[str] = ()
) -> Merge:
    """Compare every field `theirs` carries; a field missing from `base` counts as unchanged
    on netcrm's side since the last sync."""
    merge = Merge()
    for key, their in theirs.items():
        if key in ignore or key not in ours:
            continue
        our = ours[key]
        was = base.get(key, our)
        if their in (was, our):
            continue
        if isinstance(their, list) and isinstance(our, list) and isinstance(was, list):
            merged = merge_list(was, their, our)
            if merged != our:
                merge.changes[key] = merged
        elif our != was:
            merge.conflicts[key] = their
        else:
            merge.changes[key] = their
    return merge
