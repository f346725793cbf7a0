"""Where a sync remembers what it last saw: one small JSON file per synced folder.

The state lives beside the database, in `<database>.sync/`, so two databases
syncing the same folder (or one database syncing two folders) never share it.
`state_folder()` is the one place that says where; when the database path
becomes a folder, only it changes.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import msgspec

from netcrm.errors import NetcrmError
from netcrm.storage.atomic import atomic_write


def state_folder(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".sync")


def state_path(db_path: Path, synced: Path) -> Path:
    """The state file for `synced` (named after the folder, plus a hash of its full path)."""
    resolved = str(Path(synced).expanduser().resolve())
    label = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(resolved).name).strip("-.") or "root"
    digest = hashlib.sha256(resolved.encode()).hexdigest()[:10]
    return state_folder(db_path) / f"{label}-{digest}.json"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_state(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = msgspec.json.decode(path.read_bytes())
    except (OSError, msgspec.DecodeError) as exc:
        raise NetcrmError(f"{path}: unreadable sync state ({exc}); move it away to start the sync afresh") from None
    if not isinstance(data, dict):
        raise NetcrmError(f"{path}: unreadable sync state; move it away to start the sync afresh")
    return data


def save_state(path: Path, state: dict[str, Any]) -> bool:
    """Write the state if it changed (0600 file, 0700 folder); True if written."""
    data = msgspec.json.encode(state, order="sorted")
    try:
        if path.exists() and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(path, data)
    return True
