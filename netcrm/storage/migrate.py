"""From the single-file database (schema 1) to the database folder (schema 2).

Schema 1 kept every table in one `netcrm.json`, so logging one touch
rewrote ten years of history. The folder keeps one TinyDB file per table and
the touches split by year. Migration happens on first open, under the write
lock, and loses nothing: documents are copied byte for byte, the new folder is
built beside the old file and only then swapped in, and the old file is kept
as `<name>.v1-backup`. A crash at any point leaves either the old file or the
complete new folder (a finished build is renamed into place on the next open).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import msgspec

from netcrm.errors import StorageError
from netcrm.storage.atomic import fsync_dir
from netcrm.storage.docfile import encode_docs, write_raw

SCHEMA = 2
META = "meta.json"
TOUCHES = "touches"
# Schema-1 table name -> schema-2 file (touches go to touches/<year>.json).
FILES = {"contacts": "contacts", "plans": "plans", "introductions": "introductions", "skips": "skips"}

_scanner = msgspec.json.Decoder(dict[str, msgspec.Raw])
_table = msgspec.json.Decoder(dict[str, msgspec.Raw])


class _When(msgspec.Struct):
    at: str = "0000"


_whens = msgspec.json.Decoder(list[_When])


def meta_bytes() -> bytes:
    return msgspec.json.encode({"netcrm": {"schema": SCHEMA}})


def building_folder(path: Path) -> Path:
    return path.with_name(f".{path.name}.migrating")


def backup_path(path: Path) -> Path:
    candidate = path.with_name(path.name + ".v1-backup")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.v1-backup{n}")
    return candidate


def finish_interrupted(path: Path) -> bool:
    """A migration that built its folder completely but died before the swap: swap now."""
    building = building_folder(path)
    if not building.exists():
        return False
    if not path.exists() and (building / META).exists():
        os.rename(building, path)
        fsync_dir(path.parent)
        return True
    shutil.rmtree(building, ignore_errors=True)
    return False


def migrate_file(path: Path) -> Path:
    """Turn the schema-1 file at `path` into a database folder at `path`; the backup's path."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StorageError(f"{path}: cannot read the database ({exc.strerror})") from None
    tables: dict[str, msgspec.Raw] = {}
    if data.strip():
        try:
            tables = _scanner.decode(data)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise StorageError(f"{path}: not a readable netcrm database ({exc}); it was left untouched") from None
    meta = msgspec.json.decode(tables.pop("_netcrm", b"{}"))
    if isinstance(meta, dict) and isinstance(meta.get("schema"), int) and meta["schema"] > 1:
        raise StorageError(f"{path}: written by a newer netcrm (schema {meta['schema']}); upgrade netcrm to open it")
    building = building_folder(path)
    shutil.rmtree(building, ignore_errors=True)
    os.makedirs(building, mode=0o700)
    for old, new in FILES.items():
        if old in tables:
            write_raw(building / f"{new}.json", encode_docs(new, _table.decode(tables[old])))
    if "interactions" in tables:
        docs = _table.decode(tables["interactions"])
        whens = _whens.decode(b"[" + b",".join(bytes(r) for r in docs.values()) + b"]")
        years: dict[str, dict[str, msgspec.Raw]] = {}
        for (doc_id, raw), when in zip(docs.items(), whens):
            years.setdefault(when.at[:4], {})[doc_id] = raw
        for year, year_docs in years.items():
            write_raw(building / TOUCHES / f"{year}.json", encode_docs(TOUCHES, year_docs))
    write_raw(building / META, meta_bytes())  # written last: the marker of a complete build
    backup = backup_path(path)
    os.rename(path, backup)
    os.rename(building, path)
    fsync_dir(path.parent)
    return backup
