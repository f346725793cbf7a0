"""Helpers for the hostile-input tests: a digest of everything under the database path."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def tree_digest(path: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under `path` (a file or a folder: the database's
    layout may change from one file to a folder of files). Lock files do not count: they hold
    no data."""
    path = Path(path)
    if not path.exists():
        return {}
    if path.is_file():
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()}
    found = {}
    for root, _, files in os.walk(path):
        for name in files:
            if name.endswith(".lock"):
                continue
            full = Path(root) / name
            found[str(full.relative_to(path))] = hashlib.sha256(full.read_bytes()).hexdigest()
    return found


def db_digest(db: Path) -> dict[str, str]:
    """The database and its siblings in its folder (a temp folder per test): whatever storage writes."""
    return {name: digest for name, digest in tree_digest(Path(db).parent).items() if _is_db(name, Path(db).name)}


def _is_db(name: str, db_name: str) -> bool:
    return name.startswith(db_name) or name.startswith(Path(db_name).stem)
