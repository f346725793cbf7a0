"""One JSON file of documents in TinyDB's layout: `{"table": {"1": {...}, "2": {...}}}`.

Each table of the database (and each year of touches) is such a file, so a
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
        # The bytes last read or written, and what changed since: document id -> its length
        # in `_base` (None for a new one), so a write can splice instead of re-encoding.
        self._base: bytes | None = None
        self._edits: dict[str, int | None] = {}
        self._removed = False
        self._alone = False  # `_base` holds this table and nothing else
        self.signature: Signature = None

    @property
    def loaded(self) -> bool:
        return self._docs is not None

    def docs(self) -> Docs:
        if self._docs is None:
            self.signature = signature(self.path)
            self._data = read_bytes(self.path)
            tables = tables_of(self.path, self._data)
            self._docs = tables.get(self.table, {})
            self._based_on(self._data, alone=list(tables) == [self.table])
        return self._docs

    def _based_on(self, data: bytes, alone: bool) -> None:
        self._base, self._edits, self._removed, self._alone = data, {}, False, alone

    def changing(self, doc_id: str) -> None:
        """Document `doc_id` is about to be put (replaced or added)."""
        docs = self.docs()
        if doc_id not in self._edits:
            self._edits[doc_id] = len(docs[doc_id]) if doc_id in docs else None
        self._mutated()

    def removing(self, doc_id: str) -> None:
        self._removed = True
        self._mutated()

    def _mutated(self) -> None:
        """The documents now differ from `_data`: what was learnt from the bytes is void."""
        self._data, self._plain, self._absent, self._offsets = None, None, set(), None

    def decode_as(self, decoder: msgspec.json.Decoder[dict[str, dict[str, T]]]) -> dict[str, T]:
        """The documents through a light decoder (a Struct of a few fields), in one pass."""
        docs = self.docs()
        if not docs:
            return {}
        if self._data is not None:
            return decoder.decode(self._data).get(self.table, {})
        return decoder.decode(encode_docs(self.table, docs)).get(self.table, {})

    def lacks(self, text: str) -> bool:
        """True only when no string in the file can be `text` (False means: look properly)."""
        self.docs()
        if self._data is None:
            return False
        if text in self._absent:
            return True
        needle = _encoder.encode(text)
        if b"\\" in needle or needle in self._data:
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
            starts = _layout(self.table, [(d, len(r)) for d, r in docs.items()], data)
            self._offsets = (starts, list(docs)) if starts is not None else ([], [])
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
        return self._docs is not None and signature(self.path) != self.signature

    def forget(self) -> None:
        self._docs = self._data = self._plain = self._offsets = None
        self._absent = set()
        self._base, self._edits, self._removed, self._alone = None, {}, False, False

    def write(self, docs: Docs) -> None:
        data = self._spliced(docs) or encode_docs(self.table, docs)
        atomic_write(self.path, data)
        # What was written is what the documents are now: the searches stay valid.
        self._docs, self._data, self._plain, self._absent, self._offsets = docs, data, None, set(), None
        self._based_on(data, alone=True)
        self.signature = signature(self.path)

    def _spliced(self, docs: Docs) -> bytes | None:
        """The file with the changed documents put in place of the old ones and the new ones
        added at the end, copying the rest of the bytes read as they are (what encoding every
        document again would give, without the encoding); None when that cannot be proven."""
        base = self._base
        if base is None or self._removed or not self._edits or not self._alone or not base.endswith(b"}}"):
            return None
        replaced = {d: n for d, n in self._edits.items() if n is not None}
        added = {d: None for d, n in self._edits.items() if n is None}
        kept = len(docs) - len(added)
        view = memoryview(base)
        pieces: list[bytes | memoryview | msgspec.Raw] = []
        if replaced:
            before = [(d, self._edits.get(d) or len(r)) for d, r in docs.items() if d not in added]
            found = _layout(self.table, before, base)
            if found is None:
                return None
            starts = dict(zip((d for d, _ in before), found))
            prev = 0
            for doc_id in sorted(replaced, key=starts.__getitem__):
                pieces += [view[prev : starts[doc_id]], docs[doc_id]]
                prev = starts[doc_id] + replaced[doc_id]
            pieces.append(view[prev:-2])
        else:
            pieces.append(view[:-2])  # the table is the last (only) value: add before its "}"
        for n, doc_id in enumerate(added):
            pieces += [b"," if kept or n else b"", _encoder.encode(doc_id), b":", docs[doc_id]]
        pieces.append(b"}}")
        return b"".join(pieces)


def _layout(table: str, lengths: list[tuple[str, int]], data: bytes) -> list[int] | None:
    """Where each document (id, length in bytes) starts in `data`, when `data` is exactly
    `{"table":{"1":{...},...}}` as msgspec writes it: the lengths plus the minimal separators
    add up to the file's length only when nothing else (whitespace, an escaped or non-ASCII
    key, a second table) is in it, since each of those only adds bytes."""
    head = b"{" + _encoder.encode(table) + b":{"
    if not data.startswith(head) or not data.endswith(b"}}"):
        return None
    starts, pos = [], len(head)
    for doc_id, length in lengths:
        pos += len(doc_id) + 3  # "1":
        starts.append(pos)
        pos += length + 1  # the document and a comma
    end = (pos - 1 if lengths else pos) + 2
    return starts if end == len(data) else None


def encode_docs(table: str, docs: Docs) -> bytes:
    return _encoder.encode({table: docs})


def read_docs(path: Path, table: str) -> Docs:
    """The documents of `table` in `path`; a file that is not such JSON is an error, never overwritten."""
    return tables_of(path, read_bytes(path)).get(table, {})


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except IsADirectoryError:
        raise StorageError(f"{path}: is a folder, not a database file") from None
    except OSError as exc:
        raise StorageError(f"{path}: cannot read ({exc.strerror})") from None


def tables_of(path: Path, data: bytes) -> dict[str, Docs]:
    if not data or data.isspace():
        return {}
    try:
        tables = _scanner.decode(data)
    except msgspec.ValidationError:
        raise StorageError(f"{path}: not a netcrm database file (expected {{table: {{id: document}}}})") from None
    except msgspec.DecodeError as exc:
        raise StorageError(f"{path}: not readable JSON ({exc}); it was left untouched") from None
    return tables


def write_raw(path: Path, data: bytes) -> None:
    """For files that are not document tables (the schema marker, the undo journal)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(path, data)


def ensure_folder(path: Path) -> None:
    """Create the database folder (and its parents) private to the user."""
    if not path.exists():
        os.makedirs(path, mode=0o700, exist_ok=True)
