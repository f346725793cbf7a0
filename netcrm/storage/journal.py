"""The journal: each change as a file of its records' documents before and after it.

It serves two purposes.

- **All or nothing across files.** A change may touch several files (a touch
  goes into `touches/2026-11.json` and moves the person's `last_touch` in
  their shard, `contacts/07.json`). Entries name records by table and id, not
  files, so they survive a change of layout (the migration copies them). Before any of them is written, the change is written to
  `journal/<n>.pending.json`; once every file is in place it is renamed to
  `<n>.done.json`. A crash in between leaves a pending entry, which the next
  writer finishes by writing its after-images again (idempotent), so a change
  is either wholly there or not at all.
- **Undo and redo.** Undo puts the before-images back (`done` -> `undoing` ->
  `undone`), redo the after-images, but only over records that still look as
  the change left them: if someone changed a record since, undoing would erase
  their change, so it is refused with the record named.

Entries are small (the records a change touched), one file each, so a write
costs what it changed; the newest `KEEP` are kept.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import msgspec

from netcrm.storage.atomic import atomic_write, fsync_dir

KEEP = 50
FOLDER = "journal"
# State -> which image a crashed step must finish by writing again.
UNFINISHED = {"pending": "after", "redoing": "after", "undoing": "before"}


NULL = msgspec.Raw(b"null")


class Change(msgspec.Struct):
    """One record's document before and after a change; JSON null where it did not exist."""

    table: str
    id: str
    before: msgspec.Raw = NULL
    after: msgspec.Raw = NULL


def image(raw: msgspec.Raw) -> bytes | None:
    """The document's bytes, or None when the record did not exist."""
    data = bytes(raw)
    return None if data == b"null" else data


def raw_image(data: bytes | None) -> msgspec.Raw:
    return NULL if data is None else msgspec.Raw(data)


class Entry(msgspec.Struct, omit_defaults=True):
    label: str
    at: str
    changes: list[Change] = []


@dataclass(frozen=True)
class Slot:
    """One entry's file: its number and state are in its name."""

    folder: Path
    number: int
    state: str

    @property
    def path(self) -> Path:
        return self.folder / f"{self.number:08d}.{self.state}.json"

    def read(self) -> Entry:
        return msgspec.json.decode(self.path.read_bytes(), type=Entry)

    def moved(self, state: str) -> Slot:
        target = Slot(self.folder, self.number, state)
        os.rename(self.path, target.path)
        fsync_dir(self.folder)
        return target


class Journal:
    def __init__(self, db: Path) -> None:
        self.folder = db / FOLDER

    def slots(self) -> list[Slot]:
        found = []
        if self.folder.is_dir():
            for child in self.folder.glob("*.json"):
                number, _, rest = child.name.partition(".")
                state = rest.removesuffix(".json")
                if number.isdigit() and state in {"pending", "done", "undoing", "undone", "redoing"}:
                    found.append(Slot(self.folder, int(number), state))
        return sorted(found, key=lambda s: s.number)

    def unfinished(self) -> list[Slot]:
        return [s for s in self.slots() if s.state in UNFINISHED]

    def begin(self, entry: Entry) -> Slot:
        """Write the entry before any data file changes."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        slots = self.slots()
        slot = Slot(self.folder, (slots[-1].number + 1) if slots else 1, "pending")
        atomic_write(slot.path, msgspec.json.encode(entry))
        return slot

    def finish(self, slot: Slot) -> None:
        """The change is wholly on disk: it becomes the newest undoable one; redo history ends."""
        slot.moved("done")
        slots = self.slots()
        for old in slots:
            if old.state == "undone":
                old.path.unlink(missing_ok=True)
        done = [s for s in slots if s.state == "done"]
        for old in done[:-KEEP]:
            old.path.unlink(missing_ok=True)

    def newest(self, state: str) -> Slot | None:
        """The entry undo (state "done") or redo (state "undone", the last undone first) acts on."""
        matching = [s for s in self.slots() if s.state == state]
        if not matching:
            return None
        return matching[-1] if state == "done" else matching[0]
