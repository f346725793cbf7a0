"""The folder side of `sync vdir`: items read as bytes, written atomically, and a summary
of everything the sync did, for the user to read."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netcrm.domain.model import Interaction
from netcrm.domain.text import visible
from netcrm.errors import NetcrmError
from netcrm.services.touches import record_interactions
from netcrm.services.workspace import Workspace, new_id
from netcrm.storage.atomic import TEMP_SUFFIX, atomic_write


@dataclass
class SyncSummary:
    written: int = 0
    removed: int = 0
    new_people: list[str] = field(default_factory=list)
    updated_people: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    new_plans: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.written} file{'s' if self.written != 1 else ''} written, {self.removed} removed"]
        for label, items in (
            ("new person", self.new_people),
            ("updated", self.updated_people),
            ("archived (deleted on the other side)", self.archived),
            ("new catch-up", self.new_plans),
            ("moved", self.moved),
            ("cancelled (deleted or cancelled on the other side)", self.cancelled),
            ("both changed, netcrm's value kept", self.conflicts),
            ("skipped", self.skipped),
        ):
            out += [f"{label}: {visible(item)}" for item in items]
        return out


# A file changed this recently may change again within the same timestamp tick (coarse clocks
# of some file systems): its signature is not trusted until it has been left alone this long.
SETTLED_NS = 2_000_000_000


def _signature(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


class Vdir:
    """One vdir (a folder per collection, a file per item), counting what it writes."""

    def __init__(self, root: Path, summary: SyncSummary) -> None:
        self.root = Path(root).expanduser()
        self.summary = summary
        self.signatures: dict[str, list[int]] = {}
        if self.root.exists() and not self.root.is_dir():
            raise NetcrmError(f"{self.root}: exists and is not a folder")

    def folder(self, collection: str) -> Path:
        path = self.root / collection
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path

    def items(self, collection: str, ext: str) -> dict[str, bytes]:
        """File name -> bytes of every item (hidden and temporary files left out), in name order."""
        return {name: data for name, data in self.changed_items(collection, ext, {}).items() if data is not None}

    def changed_items(self, collection: str, ext: str, known: dict[str, Any]) -> dict[str, bytes | None]:
        """As `items`, but an item whose file still has the stat signature `known` recorded for it
        last time is not read again: None stands for "the bytes read last time". A
        signature (size, mtime, ctime, inode) is recorded in `signatures` only for a file
        unchanged for SETTLED_NS, as git does: any later write gives it a later ctime, which no
        tool can set back, so an equal signature means the same bytes.
        """
        found: dict[str, bytes | None] = {}
        self.signatures = {}
        settled = time.time_ns() - SETTLED_NS
        folder = self.folder(collection)
        for name in sorted(os.listdir(folder)):
            if name.startswith(".") or name.endswith(TEMP_SUFFIX) or os.path.splitext(name)[1].lower() != ext:
                continue
            path = folder / name
            try:
                recorded = known.get(name)
                if recorded is not None and _signature(os.stat(path)) == recorded:
                    found[name], self.signatures[name] = None, recorded
                    continue
                with open(path, "rb") as fh:
                    info = os.fstat(fh.fileno())
                    found[name] = fh.read()
            except OSError as exc:
                raise NetcrmError(f"{path}: cannot read ({exc.strerror})") from None
            if info.st_ctime_ns < settled and info.st_mtime_ns < settled:
                self.signatures[name] = _signature(info)
        return found

    def write(self, collection: str, name: str, data: bytes) -> None:
        atomic_write(self.folder(collection) / name, data)
        self.summary.written += 1

    def remove(self, collection: str, name: str) -> None:
        path = self.folder(collection) / name
        if path.exists():
            path.unlink()
            self.summary.removed += 1


def record_conflict(ws: Workspace, contact_ids: list[str], text: str) -> None:
    """Put the value netcrm did not take on the timeline, so it is never lost."""
    item = Interaction(id=new_id("t"), contacts=contact_ids, at=ws.now(), kind="milestone", summary=text)
    record_interactions(ws, [item])
