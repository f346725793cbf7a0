"""Older layouts to the database folder of schema 3 (see `layout`).

- Schema 1 kept every table in one `netcrm.json`: logging one touch rewrote
  ten years of history.
- Schema 2 was a folder with one file per table (`contacts.json`, 30 MB at
  30,000 people) and the touches by year (`touches/2026.json`): logging a touch
  still rewrote the whole contacts file (to move one `last_touch`) and the
  year's touches.

Both migrate on first open, under the write lock, losing nothing: documents
are copied byte for byte with their document ids, into a new folder built
beside the database (`.<name>.migrating`), with `meta.json` written last as
the marker of a complete build. Only then is the old database renamed to a
backup (`<name>.v1-backup`, a file, or `<name>.v2-backup`, the whole old
folder) and the new folder renamed into its place: that rename is the commit
point. A crash before it leaves the old database as it was (the unfinished
build is removed and the migration starts again); a crash between the two
renames leaves a complete build, which the next open renames into place.
Everything else in a schema-2 folder (the journal, sync state) is copied over.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import msgspec

from netcrm.errors import StorageError
from netcrm.storage.atomic import TEMP_SUFFIX, fsync_dir
from netcrm.storage.docfile import Docs, read_docs, write_raw
from netcrm.storage.layout import (
    CONTACTS,
    META,
    SCHEMA,
    TABLES,
    TOUCHES,
    meta_bytes,
    split_contacts,
    split_touches,
    write_table,
)

# Schema-1 table name -> the table of the folder.
FILES = {"contacts": CONTACTS, "interactions": TOUCHES, **{n: n for n in TABLES.values() if n not in (CONTACTS, TOUCHES)}}

_scanner = msgspec.json.Decoder(dict[str, msgspec.Raw])
_table = msgspec.json.Decoder(dict[str, msgspec.Raw])


def building_folder(path: Path) -> Path:
    return path.with_name(f".{path.name}.migrating")


def backup_path(path: Path, schema: int) -> Path:
    candidate = path.with_name(f"{path.name}.v{schema}-backup")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.v{schema}-backup{n}")
    return candidate


def schema_of(folder: Path) -> int | None:
    """The schema a database folder says it has (None: no marker)."""
    meta = folder / META
    if not meta.exists():
        return None
    try:
        schema = msgspec.json.decode(meta.read_bytes())["netcrm"]["schema"]
    except (msgspec.DecodeError, KeyError, TypeError, OSError):
        raise StorageError(f"{meta}: not a netcrm database marker") from None
    if not isinstance(schema, int) or schema > SCHEMA:
        raise StorageError(f"{folder}: written by a newer netcrm (schema {schema}); upgrade netcrm")
    return schema


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


def _start(path: Path) -> Path:
    building = building_folder(path)
    shutil.rmtree(building, ignore_errors=True)
    os.makedirs(building, mode=0o700)
    return building


def _swap(path: Path, building: Path, schema: int) -> Path:
    """The build is complete: the old database becomes the backup, the build takes its place."""
    write_raw(building / META, meta_bytes())  # written last: the marker of a complete build
    fsync_dir(building)
    backup = backup_path(path, schema)
    os.rename(path, backup)
    os.rename(building, path)
    fsync_dir(path.parent)
    return backup


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
    building = _start(path)
    for old, new in FILES.items():
        if old in tables:
            write_table(building, new, _parts(new, _table.decode(tables[old])))
    return _swap(path, building, 1)


def _parts(name: str, docs: Docs) -> dict[str, Docs]:
    if name == CONTACTS:
        return split_contacts(docs)
    if name == TOUCHES:
        return split_touches(docs)
    return {"": docs}


def migrate_folder(path: Path) -> Path:
    """Turn the schema-2 folder at `path` into schema 3 (a new folder in its place); the
    backup's path (the old folder, complete)."""
    building = _start(path)
    write_table(building, CONTACTS, split_contacts(read_docs(path / "contacts.json", CONTACTS)))
    strays: dict[str, Docs] = {}  # touches whose month is not in their year file's year (hand edits)
    for year in sorted((path / TOUCHES).glob("*.json")):
        if year.stem.isdigit():
            # One year at a time: memory holds one year's documents, not ten.
            months = split_touches(read_docs(year, TOUCHES))
            write_table(building, TOUCHES, {k: v for k, v in months.items() if k[:4] == year.stem})
            for key, docs in months.items():
                if key[:4] != year.stem:
                    split_touches(docs, strays)
    for key, docs in strays.items():
        file = building / TOUCHES / f"{key}.json"
        merged = read_docs(file, TOUCHES) if file.exists() else {}
        write_table(building, TOUCHES, {key: split_touches(docs, {key: merged})[key]})
    for child in path.iterdir():
        if child.name in ("contacts.json", META) or child.name.endswith(TEMP_SUFFIX):
            continue
        if child.name == TOUCHES:
            for other in child.iterdir():  # anything not a year file is the user's: keep it
                if not (other.suffix == ".json" and other.stem.isdigit()) and not other.name.endswith(TEMP_SUFFIX):
                    _copy(other, building / TOUCHES / other.name)
            continue
        _copy(child, building / child.name)
    return _swap(path, building, 2)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True)
    else:
        shutil.copy2(source, target, follow_symlinks=False)
