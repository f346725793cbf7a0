"""One JSON file of documents in TinyDB's layout: `{"table": {"1": {...}, "2": {...}}}`.

Each file of the database (a table, a shard of people, a month of touches) is such a file, so a
write rewrites only the file it changed and stock TinyDB can still open any of
them. Documents are kept as raw JSON (`msgspec.Raw`, a view into the bytes
read) until something needs them as records: a file that is only written back
is never parsed into objects, and a document nobody changed is written back
byte for byte.

The bytes read are kept while the documents are as read, so a light decoder
(only the ids, the names, or who a touch was with) runs over them in one pass
without building the records, and a quick substring test can prove that a
record is not in the file without decoding anything.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from pathlib import Path
from typing import TypeVar

import msgspec

from netcrm.errors import StorageError
from netcrm.storage.atomic import atomic_write

Docs = dict[str, msgspec.Raw]

_scanner = msgspec.json.Decoder(dict[str, dict[str, msgspec.Raw]])
_tables = msgspec.json.Decoder(dict[str, msgspec.Raw])
_KEY = re.compile(rb'"(\d+)"\s*:\s*\{')
_encoder = msgspec.json.Encoder()

Signature = tuple[int, int, int] | None
T = TypeVar("T")

# The only ways a JSON string can spell a character other than as msgspec writes it
# (an escaped backslash before u or / also matches: that only makes the test careful).
_OTHER_SPELLINGS = re.compile(rb"\\[u/]")


def signature(path: Path) -> Signature:
    """What changes when another process replaces the file (inode, size, mtime)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class DocFile:
    def __init__(self, path: Path, table: str) -> None:
        self.path = path
        self.table = table
        self._docs: Docs | None = None
        self._data: bytes | None = None  # the bytes read, while `_docs` is exactly them
        self._plain: bool | None = None  # `_data` spells every string as msgspec would
        self._absent: set[str] = set()  # texts `lacks` proved absent from `_data`
        self._offsets: tuple[list[int], list[str]] | None = None  # where each document starts in `_data`
        # Documents added to `_data` before its documents were scanned (see `append`).
        self._tail: dict[str, msgspec.Raw] = {}
        self._alone: bool | None = None  # `_data` holds this table and nothing else (None: not checked yet)
        self.signature: Signature = None

    @property
    def loaded(self) -> bool:
        return self._docs is not None or self._data is not None

    def _read(self) -> bytes | None:
        """The bytes of the file, read once, not checked yet: whatever decodes them next checks
        them (a decode of the documents or a light decode validates every byte)."""
        if self._docs is None and self._data is None:
            self.signature = signature(self.path)
            self._data = read_bytes(self.path)
            self._alone = None
        return self._data

    def _bytes(self) -> bytes | None:
        """The bytes of the file, read and checked to be JSON of tables, documents not scanned."""
        data = self._read()
        if data is not None and self._alone is None:
            self._alone = only_table(self.path, self.table, data)
        return data

    def docs(self) -> Docs:
        if self._docs is None:
            data = self._read() or b""  # `docs_of` checks them
            docs = docs_of(self.path, self.table, data)
            if self._tail:
                docs.update(self._tail)
                self._tail = {}
                self.mutated()
            self._docs = docs
        return self._docs

    def doc(self, doc_id: str) -> msgspec.Raw:
        if self._docs is None and doc_id in self._tail:
            return self._tail[doc_id]
        return self.docs()[doc_id]

    def append(self, raw: msgspec.Raw) -> str | None:
        """Add a new document without scanning the others, under a document id proven unused
        by a search of the bytes; None when that cannot be done here (then use `docs()`).

        Only for a file of this table alone, spelling strings as msgspec does, ending in
        `}}`: the new document goes just before the table's closing brace."""
        if self._docs is not None:
            return None
        data = self._bytes()
        if not data or not self._alone or not data.endswith(b"}}") or data[-3:-2] not in (b"{", b"}"):
            return None
        if not self._is_plain():
            return None
        keys = list(_KEY.finditer(data, max(0, len(data) - 4096)))
        n = int(keys[-1].group(1)) + 1 if keys else 1
        while str(n) in self._tail or _encoder.encode(str(n)) in data:
            n += 1
        self._tail[str(n)] = raw
        self._absent = set()
        return str(n)

    def mutated(self) -> None:
        """The documents are about to differ from the bytes read (a put or a remove)."""
        self._data, self._plain, self._absent, self._offsets = None, None, set(), None

    def decode_as(self, decoder: msgspec.json.Decoder[dict[str, dict[str, T]]]) -> dict[str, T]:
        """The documents through a light decoder (a Struct of a few fields), in one pass.

        Straight from the bytes read when nothing was added since: the documents are not
        scanned one by one first (a whole pass over the file, which the app's first frame
        and `today` do not need; a later `doc(id)` scans them then)."""
        if self._docs is None and not self._tail:
            data = self._read()
            if not data or data.isspace():
                return {}
            try:
                return decoder.decode(data).get(self.table, {})
            except msgspec.DecodeError:
                self._bytes()  # a file that is not JSON of tables is an error naming it, as for `docs()`
                raise
        docs = self.docs()
        if not docs:
            return {}
        if self._data is not None:
            return decoder.decode(self._data).get(self.table, {})
        return decoder.decode(encode_docs(self.table, docs)).get(self.table, {})

    def lacks(self, text: str) -> bool:
        """True only when no string in the file can be `text` (False means: look properly)."""
        data = self._bytes()
        if data is None:
            return False
        if text in self._absent:
            return True
        needle = _encoder.encode(text)
        if b"\\" in needle or needle in data or any(needle in bytes(r) for r in self._tail.values()):
            return False
        if self._is_plain():
            self._absent.add(text)
            return True
        return False

    def _is_plain(self) -> bool:
        if self._plain is None:
            data = self._data or b""
            self._plain = b"\\" not in data or _OTHER_SPELLINGS.search(data) is None
        return self._plain

    def docs_holding(self, text: str) -> list[str] | None:
        """The ids of the documents in which the string `text` occurs, found by a search of the
        bytes; None when the file is not laid out as netcrm writes it (then look properly).

        Complete when the file spells strings as msgspec does (see `lacks`) and where each
        document starts is known exactly: the documents' lengths plus the minimal separators
        add up to the file's length only when nothing else (whitespace, an escaped key, a
        second table) is in it."""
        docs = self.docs()
        data = self._data
        needle = _encoder.encode(text)
        if data is None or b"\\" in needle or not self._is_plain():
            return None
        if self._offsets is None:
            self._offsets = _layout(self.table, docs, data) or ([], [])
        starts, ids = self._offsets
        if docs and not starts:
            return None
        found: dict[str, None] = {}
        pos = data.find(needle)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            if i >= 0:
                found[ids[i]] = None
            pos = data.find(needle, pos + len(needle))
        return list(found)

    def doc_starting(self, head: bytes) -> str | None:
        """The id of a document whose JSON begins with `head` (as msgspec writes an object
        whose first field is `head`'s), found by a search of the bytes read; None when there
        is none such, which proves nothing (a hand-edited document may begin otherwise).

        A `{"` in the bytes is always structure, never inside a string (a quote in a string
        is escaped), so a hit is the start of an object, and the document id is the key
        just before it."""
        docs = self.docs()
        data = self._data
        if data is None:
            return None
        pos = data.find(head)
        while pos >= 0:
            end = pos + len(head)
            if data[end : end + 1] in (b",", b"}") and data[pos - 2 : pos] == b'":':
                start = data.rfind(b'"', 0, pos - 2)
                doc_id = data[start + 1 : pos - 2].decode("utf-8", "replace")
                raw = docs.get(doc_id)
                if raw is not None and memoryview(raw)[: len(head)] == head:
                    return doc_id
            pos = data.find(head, end)
        return None

    def changed_on_disk(self) -> bool:
        return self.loaded and signature(self.path) != self.signature

    def forget(self) -> None:
        self._docs = self._data = self._plain = self._offsets = None
        self._absent, self._tail = set(), {}

    def save(self) -> None:
        """Write the documents: the bytes read plus the appended ones, or all of them encoded."""
        data = self._data
        if self._docs is not None or data is None or not self._tail:
            self.write(self.docs())
            return
        pieces: list[bytes | memoryview | msgspec.Raw] = [memoryview(data)[:-2]]
        first = data[-3:-2] == b"{"  # the table was empty
        for doc_id, raw in self._tail.items():
            pieces += [b"" if first else b",", _encoder.encode(doc_id), b":", raw]
            first = False
        pieces.append(b"}}")
        data = b"".join(pieces)
        atomic_write(self.path, data)
        self._data, self._tail, self._plain, self._absent, self._offsets = data, {}, None, set(), None
        self.signature = signature(self.path)

    def write(self, docs: Docs) -> None:
        data = encode_docs(self.table, docs)
        atomic_write(self.path, data)
        # What was written is what the documents are now: the searches stay valid.
        self._docs, self._data, self._plain, self._absent, self._offsets = docs, data, None, set(), None
        self.signature = signature(self.path)


def _layout(table: str, docs: Docs, data: bytes) -> tuple[list[int], list[str]] | None:
    """Where each document starts in `data` when it is exactly `{"table":{"1":{...},...}}`."""
    head = b"{" + _encoder.encode(table) + b":{"
    if not data.startswith(head):
        return None
    starts, pos = [], len(head)
    for doc_id, raw in docs.items():
        pos += len(doc_id) + 3  # "1":  (a key that needs escaping or is not ASCII only adds bytes)
        starts.append(pos)
        pos += len(raw) + 1  # the document and a comma
    end = (pos - 1 if docs else pos) + 2
    return (starts, list(docs)) if end == len(data) and data.endswith(b"}}") else None


def only_table(path: Path, table: str, data: bytes) -> bool:
    """Check that `data` is JSON of tables (the error `docs_of` gives otherwise, before
    anything is written); whether `table` is the only one, and an object."""
    tables = _decoded(path, data, _tables)
    return list(tables) == [table] and bytes(memoryview(tables[table])[:1]) == b"{"


def encode_docs(table: str, docs: Docs) -> bytes:
    return _encoder.encode({table: docs})


def read_docs(path: Path, table: str) -> Docs:
    """The documents of `table` in `path`; a file that is not such JSON is an error, never overwritten."""
    return docs_of(path, table, read_bytes(path))


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except IsADirectoryError:
        raise StorageError(f"{path}: is a folder, not a database file") from None
    except OSError as exc:
        raise StorageError(f"{path}: cannot read ({exc.strerror})") from None


def docs_of(path: Path, table: str, data: bytes) -> Docs:
    return _decoded(path, data, _scanner).get(table, {})


def _decoded(path: Path, data: bytes, decoder: msgspec.json.Decoder[dict[str, T]]) -> dict[str, T]:
    """The tables of a database file; one that is not such JSON is an error (and never overwritten)."""
    if not data or data.isspace():
        return {}
    try:
        return decoder.decode(data)
    except msgspec.ValidationError:
        raise StorageError(f"{path}: not a netcrm database file (expected {{table: {{id: document}}}})") from None
    except msgspec.DecodeError as exc:
        raise StorageError(f"{path}: not readable JSON ({exc}); it was left untouched") from None


def write_raw(path: Path, data: bytes) -> None:
    """For files that are not document tables (the schema marker, the undo journal)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(path, data)


def ensure_folder(path: Path) -> None:
    """Create the database folder (and its parents) private to the user."""
    if not path.exists():
        os.makedirs(path, mode=0o700, exist_ok=True)
