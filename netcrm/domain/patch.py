"""A change is a patch: the fields a person set and the list items they added or removed.

A form, an `$EDITOR` session or a CLI flag knows what the user changed, not
what the record looks like now: another process (a script, an import, the app
in another terminal) may have changed it meanwhile. So a change is never a
whole record written back, but a patch applied to the record as it is when the
write happens, under the lock:

- a field set by the user takes their value; if the editor started from a
  value (`base`) and someone else changed the field meanwhile to a different
  value, that is a real conflict and is reported, never overwritten;
- list fields (emails, tags, skills...) merge item by item: what the user
  added is added, what they removed is removed, what others added stays;
- fields nobody in this patch touched keep whatever is current, so derived
  fields such as `last_touch` are never moved back by a stale copy.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

# Kept up to date by netcrm itself; a person's edit never sets them.
DERIVED = frozenset({"id", "created", "updated", "last_touch"})


@dataclass(frozen=True)
class FieldConflict:
    """The same field changed by this edit and, meanwhile, by someone else."""

    field: str
    mine: Any
    theirs: Any


class Conflict(Exception):
    """A patch could not be applied without overwriting someone else's change."""

    def __init__(self, record_id: str, conflicts: list[FieldConflict]) -> None:
        self.record_id = record_id
        self.conflicts = conflicts
        parts = "; ".join(f"{c.field} (yours: {_show(c.mine)}, now: {_show(c.theirs)})" for c in conflicts)
        super().__init__(f"{record_id}: changed meanwhile by someone else: {parts}")


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "empty"
    return repr(value.isoformat() if hasattr(value, "isoformat") else value)


@dataclass(frozen=True)
class Patch:
    """What one change does to one record."""

    set: Mapping[str, Any] = field(default_factory=dict)
    add: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    remove: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    # For fields in `set`: the value the user's editor started from (conflict check).
    base: Mapping[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.set or self.add or self.remove)

    @property
    def fields(self) -> builtins.set[str]:  # `set` is a field of this class
        return {*self.set, *self.add, *self.remove}

    @classmethod
    def between(cls, before: msgspec.Struct, after: msgspec.Struct, ignore: Iterable[str] = DERIVED) -> Patch:
        """The patch that turns `before` (what the editor showed) into `after` (what was saved)."""
        skip = set(ignore)
        sets: dict[str, Any] = {}
        base: dict[str, Any] = {}
        add: dict[str, tuple[Any, ...]] = {}
        remove: dict[str, tuple[Any, ...]] = {}
        for name in before.__struct_fields__:
            if name in skip:
                continue
            old, new = getattr(before, name), getattr(after, name)
            if old == new:
                continue
            if isinstance(old, list) and isinstance(new, list):
                added = tuple(item for item in new if item not in old)
                removed = tuple(item for item in old if item not in new)
                if added:
                    add[name] = added
                if removed:
                    remove[name] = removed
                if not added and not removed:  # the same items, reordered: the order is the change
                    sets[name], base[name] = new, old
            else:
                sets[name], base[name] = new, old
        return cls(set=sets, add=add, remove=remove, base=base)

    def without(self, names: Iterable[str]) -> Patch:
        """This patch, leaving `names` as they are now (the user chose "keep theirs")."""
        drop = set(names)
        return Patch(
            set={k: v for k, v in self.set.items() if k not in drop},
            add={k: v for k, v in self.add.items() if k not in drop},
            remove={k: v for k, v in self.remove.items() if k not in drop},
            base={k: v for k, v in self.base.items() if k not in drop},
        )

    def forced(self) -> Patch:
        """This patch without its conflict check (the user chose "keep mine")."""
        return Patch(set=self.set, add=self.add, remove=self.remove)

    def conflicts(self, current: msgspec.Struct) -> list[FieldConflict]:
        found = []
        for name, mine in self.set.items():
            if name not in self.base:
                continue
            theirs = getattr(current, name)
            if theirs != self.base[name] and theirs != mine:
                found.append(FieldConflict(name, mine, theirs))
        return found

    def values(self, current: msgspec.Struct) -> dict[str, Any]:
        """The fields of `current` this patch changes, with their new values (unvalidated)."""
        conflicts = self.conflicts(current)
        if conflicts:
            raise Conflict(str(getattr(current, "id", "?")), conflicts)
        changed: dict[str, Any] = dict(self.set)
        for name in {*self.add, *self.remove}:
            items = list(changed.get(name, getattr(current, name)) or [])
            gone = self.remove.get(name, ())
            items = [item for item in items if item not in gone]
            items += [item for item in self.add.get(name, ()) if item not in items]
            changed[name] = items
        return changed
