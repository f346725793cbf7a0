"""A TinyDB storage that parses the file once, keeps it in memory and writes it atomically.

Stock `JSONStorage` rereads and reparses the whole file on every read and
rewrites it in place on every write, which is slow and corrupts the file if
two processes write at once. This storage:

- decodes with msgspec (several times faster than `json`) once, then serves
  reads from memory until the file changes on disk;
- buffers writes until `flush()`, so a transaction of many changes costs one
  write, made with `atomic_write` (temp file, fsync, rename, fsync folder);
- refuses to touch a file it cannot parse, naming the file in the error;
- records a schema version and refuses files from a newer netcrm.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msgspec
from tinydb.storages import Storage

from netcrm.errors import StorageError
from netcrm.storage.atomic import atomic_write

SCHEMA_KEY = "_netcrm"
SCHEMA_VERSION = 1

_decoder = msgspec.json.Decoder()
_table_scanner = msgspec.json.Decoder(dict[str, msgspec.Raw])
_encoder = msgspec.json.Encoder()


class Tables(dict):
    """The database's tables, each parsed from the file only when first used.

    Loading scans the file once (syntax is checked, no objects are built) and
    keeps every table as raw JSON. The list and the going-cold panel read
    only `contacts`; the 100,000 touches are parsed the first time something
    needs them. A table never touched is written back byte for byte.
    """

    def __init__(self, raw: dict[str, msgspec.Raw], path: Path) -> None:
        super().__init__()
        self._raw = raw
        self._path = path

    def __missing__(self, key: str) -> Any:
        raw = self._raw[key]  # KeyError, as for any dict, when there is no such table
        try:
            with bulk_load():
                value = _decoder.decode(raw)
        except msgspec.DecodeError as exc:
            # The raw table stays: a later write must not drop what could not be read.
            raise StorageError(f"{self._path}: table {key!r} is not readable ({exc})") from None
        del self._raw[key]
        self[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self._raw

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def setdefault(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key in self:
            return self[key]
        self[key] = default
        return default

    def keys(self):  # type: ignore[no-untyped-def, override]
        return [*dict.keys(self), *self._raw]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.keys())

    def typed(self, key: str, kind: type) -> dict[str, Any] | None:
        """Table `key` decoded straight into `kind` records by document id, if still unparsed.

        The raw JSON stays, so a later write still finds the plain documents.
        """
        raw = self._raw.get(key)
        if raw is None:
            return {} if not dict.__contains__(self, key) else None
        return msgspec.json.decode(raw, type=dict[str, kind])

    def encodable(self) -> dict[str, Any]:
        """Parsed tables as they are now, untouched ones as the raw JSON they were read as."""
        return {**self._raw, **self}


class SafeJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self._signature: tuple[int, int, int] | None = None
        self._dirty = False

    # TinyDB's storage interface -------------------------------------------------
    def read(self) -> dict[str, Any]:
        if self._data is None:
            self._data = self._load()
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self._dirty = True

    def close(self) -> None:
        """Nothing to release: writes are flushed by the repository's transaction."""

    # netcrm's additions ----------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty

    def changed_on_disk(self) -> bool:
        """True when another process replaced the file since we read it."""
        return self._data is not None and _signature(self.path) != self._signature

    def reload(self) -> None:
        self._data = None
        self._dirty = False

    def discard(self) -> None:
        """Forget unflushed changes: a failed transaction must leave no trace."""
        self.reload()

    def flush(self) -> None:
        if not self._dirty or self._data is None:
            return
        self._data[SCHEMA_KEY] = {"schema": SCHEMA_VERSION}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = self._data.encodable() if isinstance(self._data, Tables) else self._data
        atomic_write(self.path, _encoder.encode(data))
        self._signature = _signature(self.path)
        self._dirty = False

    def _load(self) -> dict[str, Any]:
        self._signature = _signature(self.path)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot read the database ({exc.strerror})") from None
        if not raw.strip():
            return {}
        try:
            data = Tables(_table_scanner.decode(raw), self.path)
        except msgspec.ValidationError:
            raise StorageError(f"{self.path}: not a netcrm database (top level is not an object)") from None
        except msgspec.DecodeError as exc:
            raise StorageError(
                f"{self.path}: not a readable netcrm database ({exc}); it was left untouched"
            ) from None
        meta = data.get(SCHEMA_KEY) or {}
        schema = meta.get("schema", SCHEMA_VERSION) if isinstance(meta, dict) else None
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise StorageError(
                f"{self.path}: written by a newer netcrm (schema {schema}); upgrade netcrm to open it"
            )
        return data


@contextmanager
def bulk_load() -> Iterator[None]:
    """Build a large, long-lived set of objects without the cyclic GC scanning it again and again.

    A 30 MB database becomes millions of dicts, lists and records. While they
    are built, and every time a later allocation triggers a full collection,
    the cyclic GC walks all of them, for nothing: the records hold no cycles
    and live until the process ends or reloads them (then reference counting
    frees them). Measured on 10,000 people and 100,000 touches this doubled
    the time of `netcrm list --cold`. So the GC pauses while loading, and what
    was loaded is moved out of its sight with `gc.freeze()`.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)
