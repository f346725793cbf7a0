"""One kind of record on disk: one file, or (for touches) one file per year.

A table decodes a file into records only when asked for them, keeps where each
record lives (file and TinyDB document id), and collects the files a
transaction changed so that only those are written. A document that does not
validate (a hand edit gone wrong, a field from a newer netcrm) is set aside:
it stays in its file byte for byte, is left out of the records, and is
reported, so one bad record never locks the user out of the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import msgspec

from netcrm.domain.model import Record
from netcrm.storage.docfile import DocFile, Docs

R = TypeVar("R", bound=Record)

_encoder = msgspec.json.Encoder()


@dataclass(frozen=True)
class SetAside:
    """A stored document that is not a valid record, and why."""

    path: Path
    doc_id: str
    error: str
    raw: bytes


def _join(raws: Iterable[msgspec.Raw]) -> bytes:
    return b"[" + b",".join(bytes(r) for r in raws) + b"]"


class Table(Generic[R]):
    def __init__(self, kind: type[R], name: str, folder: Path, by_year: bool = False) -> None:
        self.kind = kind
        self.name = name
        self.folder = folder
        self.by_year = by_year
        self._files: dict[str, DocFile] = {}
        self._decoded: set[str] = set()
        self._records: dict[str, R] = {}
        self._where: dict[str, tuple[str, str]] = {}  # record id -> (file key, document id)
        self._ids: dict[str, dict[str, str]] = {}  # file key -> document id -> record id
        self._next: dict[str, int] = {}
        self._complete = False  # every file on disk was asked for (then a new year file is news too)
        self.dirty: set[str] = set()
        self.set_aside: dict[tuple[str, str], SetAside] = {}
        self._decoder = msgspec.json.Decoder(list[kind])  # type: ignore[valid-type]  # a runtime type; msgspec builds the decoder from it

    # Files -------------------------------------------------------------------------
    def path_for(self, key: str) -> Path:
        return self.folder / self.name / f"{key}.json" if self.by_year else self.folder / f"{self.name}.json"

    def keys_on_disk(self) -> list[str]:
        if not self.by_year:
            return [""]
        found = {p.stem for p in (self.folder / self.name).glob("*.json") if p.stem.isdigit()}
        return sorted(found | set(self._files))

    def file(self, key: str) -> DocFile:
        found = self._files.get(key)
        if found is None:
            found = self._files[key] = DocFile(self.path_for(key), self.name)
        return found

    def key_of(self, record: R) -> str:
        if not self.by_year:
            return ""
        at: dt.datetime = record.at  # type: ignore[attr-defined]  # only the by-year table (touches) calls this; Record has no at
        return f"{at.year:04d}"

    # Reading -----------------------------------------------------------------------
    def load(self, keys: Iterable[str] | None = None) -> None:
        """Decode these files (default: all) into records, setting bad documents aside."""
        if keys is None:
            self._complete = True
        for key in self.keys_on_disk() if keys is None else keys:
            if key not in self._decoded:
                self._decode(key)

    def _decode(self, key: str) -> None:
        docs = self.file(key).docs()
        ids: dict[str, str] = {}
        try:
            records = self._decoder.decode(_join(docs.values()))
            pairs = zip(docs, records)
        except msgspec.ValidationError:
            pairs = self._decode_one_by_one(key, docs)  # type: ignore[assignment]  # the slow path's list of the same (id, record) pairs as the fast path's zip
        for doc_id, record in pairs:
            rid: str = record.id  # type: ignore[attr-defined]  # every stored kind has an id; the Record base does not declare it
            self._records[rid] = record
            self._where[rid] = (key, doc_id)
            ids[doc_id] = rid
        self._ids[key] = ids
        self._decoded.add(key)

    def _decode_one_by_one(self, key: str, docs: Docs) -> list[tuple[str, R]]:
        good = []
        path = self.file(key).path
        for doc_id, raw in docs.items():
            try:
                good.append((doc_id, msgspec.json.decode(raw, type=self.kind)))
            except msgspec.ValidationError as exc:
                self.set_aside[(key, doc_id)] = SetAside(path, doc_id, str(exc), bytes(raw))
        return good

    def records(self) -> dict[str, R]:
        self.load()
        return self._records

    def get(self, record_id: str) -> R | None:
        self.load()
        return self._records.get(record_id)

    def loaded_records(self) -> dict[str, R]:
        """Records of the files decoded so far (touches: the years someone asked for)."""
        return self._records

    def raw_docs(self, key: str) -> Docs:
        return self.file(key).docs()

    # Writing -----------------------------------------------------------------------
    def raw_of(self, record_id: str) -> bytes | None:
        place = self._where.get(record_id)
        if place is None:
            return None
        return bytes(self.file(place[0]).docs()[place[1]])

    def put(self, record: R) -> None:
        rid: str = record.id  # type: ignore[attr-defined]  # every stored kind has an id; the Record base does not declare it
        key = self.key_of(record)
        self.load([key])
        old = self._where.get(rid)
        if old is not None and old[0] != key:
            self.remove(rid)
            old = None
        docs = self.file(key).docs()
        doc_id = old[1] if old is not None else self._new_doc_id(key, docs)
        docs[doc_id] = msgspec.Raw(_encoder.encode(record))
        self._records[rid] = record
        self._where[rid] = (key, doc_id)
        self._ids[key][doc_id] = rid
        self.dirty.add(key)

    def remove(self, record_id: str) -> bool:
        place = self._where.pop(record_id, None)
        if place is None:
            return False
        key, doc_id = place
        self.file(key).docs().pop(doc_id, None)
        self._ids[key].pop(doc_id, None)
        self._records.pop(record_id, None)
        self.dirty.add(key)
        return True

    def _new_doc_id(self, key: str, docs: Docs) -> str:
        # TinyDB's own rule: one more than the largest id in the file.
        nxt = self._next.get(key) or max((int(d) for d in docs if d.isdigit()), default=0) + 1
        while str(nxt) in docs:
            nxt += 1
        self._next[key] = nxt + 1
        return str(nxt)

    def flush(self) -> None:
        for key in sorted(self.dirty):
            docfile = self.file(key)
            docfile.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            docfile.write(docfile.docs())
        self.dirty.clear()

    # Other processes ----------------------------------------------------------------
    def changed_files(self) -> list[str]:
        """Files another process replaced since we read them (and, for touches, new years)."""
        changed = [key for key, f in self._files.items() if f.changed_on_disk()]
        if self.by_year and self._complete:
            changed += [k for k in self.keys_on_disk() if k not in self._files]
        return changed

    def reread(self, key: str) -> dict[str, tuple[R | None, R | None]]:
        """Forget file `key` and read it again; the records that changed in it, before and after."""
        before = {rid: self._records.get(rid) for rid in self._ids.get(key, {}).values()}
        was_decoded = key in self._decoded or (key not in self._files and self._complete)
        for rid in before:
            self._records.pop(rid, None)
            self._where.pop(rid, None)
        self._ids.pop(key, None)
        self._decoded.discard(key)
        self._next.pop(key, None)
        self.set_aside = {k: v for k, v in self.set_aside.items() if k[0] != key}
        self.file(key).forget()
        if not was_decoded:
            return {}
        self._decode(key)
        after = {rid: self._records[rid] for rid in self._ids[key].values()}
        return {
            rid: (before.get(rid), after.get(rid))
            for rid in before.keys() | after.keys()
            if before.get(rid) != after.get(rid)
        }

    def forget(self) -> None:
        """Drop everything read (a failed transaction: the files on disk are the truth)."""
        self.__init__(self.kind, self.name, self.folder, self.by_year)  # type: ignore[misc]  # re-reading from disk is a fresh start; mypy forbids calling __init__

