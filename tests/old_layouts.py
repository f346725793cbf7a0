"""Databases in the layouts older netcrm releases wrote, and their documents compared.

`FIXTURE` is a schema-2 folder written by netcrm at c52e589 (stop 19, the last
release of that layout) with `make.py` beside it: the demo network, then a
call, a lunch in 2024 and a title change, so its journal can be undone after
the move. `export.sha256` holds the digests of that release's `export yaml`
of it (clock at 2026-11-22 10:00 Europe/Berlin, organisation Northwind Labs).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import msgspec

FIXTURE = Path(__file__).parent / "data" / "schema2-main"
_files = msgspec.json.Decoder(dict[str, dict[str, msgspec.Raw]])


def copy_fixture(target: Path) -> Path:
    """The fixture as the release left it on disk: git keeps no modes, netcrm wrote 0600/0700."""
    shutil.copytree(FIXTURE / "netcrm.json", target)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    return target


def documents(db: Path) -> dict[tuple[str, str], bytes]:
    """Every stored document of a database folder (any schema), by table and record id,
    byte for byte: what a lossless move keeps. A document without an id counts by its bytes."""
    found: dict[tuple[str, str], bytes] = {}
    for path in sorted(db.rglob("*.json")):
        if path.name == "meta.json" or "journal" in path.relative_to(db).parts:
            continue
        for table, docs in _files.decode(path.read_bytes()).items():
            for raw in docs.values():
                data = bytes(raw)
                value = json.loads(data)
                rid = value.get("id") if isinstance(value, dict) else None
                key = (table, rid if isinstance(rid, str) else f"bytes {data!r}")
                assert key not in found, f"{key} stored twice"
                found[key] = data
    return found


def schema1_bytes(db: Path) -> bytes:
    """The documents of a database folder as release 1 kept them: one file, every table in it."""
    tables: dict[str, dict[str, msgspec.Raw]] = {}
    for path in sorted(db.rglob("*.json")):
        if path.name == "meta.json" or "journal" in path.relative_to(db).parts:
            continue
        for table, docs in _files.decode(path.read_bytes()).items():
            name = "interactions" if table == "touches" else table
            mine = tables.setdefault(name, {})
            for raw in docs.values():
                mine[str(len(mine) + 1)] = raw
    return msgspec.json.encode({**tables, "_netcrm": {"schema": 1}})


def export_digests(folder: Path) -> list[str]:
    """`sha256sum` lines of an export, as export.sha256 holds them (the manifest left out)."""
    import hashlib

    return [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  ./{p.relative_to(folder)}"
        for p in sorted(folder.rglob("*"), key=lambda p: str(p.relative_to(folder)))
        if p.is_file() and p.name != ".netcrm-export.json"
    ]
