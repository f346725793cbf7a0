"""One kind of record on disk: one file, or a folder of files (see `partition`).

A table decodes only what it is asked for. Files are read as raw documents
(`msgspec.Raw`); which record lives in which document is learnt from a light
decode of the ids (or proven absent by a substring test), and a record is
decoded from its own document when someone asks for it. Whole files are
decoded only for callers that want every record. Writing one record re-encodes
nothing else: the other documents are written back byte for byte. Touches also
keep, per month file, who each touch was with (from a light decode of `contacts`),
so a person's timeline decodes their touches and no one else's.

A document that does not validate (a hand edit gone wrong, a field from a
newer netcrm) is set aside: it stays in its file byte for byte, is left out of
the records, and is reported, so one bad record never locks the user out.
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
from netcrm.storage.partition import Partition

R = TypeVar("R", bound=Record)
T = TypeVar("T")

# A command looks up one or two people or ids; the app and imports one after another:
# after this many searches of a file's bytes, an index of the file is built instead.
SEARCHES_BEFORE_INDEX = 3
Place = tuple[str, str]  # (file key, TinyDB document id)

_encoder = msgspec.json.Encoder()


class _Id(msgspec.Struct):
    id: str


class _With(msgspec.Struct):
    contacts: list[str]


class _At(msgspec.Struct):
    at: dt.datetime


_IDS = msgspec.json.Decoder(dict[str, dict[str, _Id]])
_WITH = msgspec.json.Decoder(dict[str, dict[str, _With]])
_AT = msgspec.json.Decoder(dict[str, dict[str, _At]])
_WITH_ONE = msgspec.json.Decoder(_With)


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
    def __init__(self, kind: type[R], name: str, folder: Path, partition: Partition | None = None) -> None:
        self.kind = kind
        self.name = name
        self.folder = folder
        self.partition = partition or Partition()
        self.timed = self.partition.timed
        self._files: dict[str, DocFile] = {}
        self._decoded: set[str] = set()  # files whose every document is decoded
        self._indexed: set[str] = set()  # files whose every document's record id is known
        self._records: dict[str, R] = {}  # decoded records: whole files, or one document at a time
        self._where: dict[str, Place] = {}  # record id -> where it is stored
        self._ids: dict[str, dict[str, str]] = {}  # file key -> document id -> record id (known so far)
        self._people: dict[str, dict[str, list[str]]] = {}  # file key -> person id -> document ids (touches)
        self._searches: dict[str, int] = {}  # file key -> people looked for by a search of its bytes
        self._id_searches: dict[str, int] = {}  # file key -> ids proven absent by a search of its bytes
        self._out_of_order = False  # a re-read put records in `_records` out of file order
        self._next: dict[str, int] = {}
        self._complete = False  # every file on disk was asked for (then a new file is news too)
        self._keys_seen: set[str] | None = None  # the files there were when first listed
        self.dirty: set[str] = set()
        self.set_aside: dict[tuple[str, str], SetAside] = {}
        self._decoder = msgspec.json.Decoder(list[kind])  # type: ignore[valid-type]  # a runtime type; msgspec builds the decoder from it
        self._one = msgspec.json.Decoder(kind)

    # Files -------------------------------------------------------------------------
    def path_for(self, key: str) -> Path:
        return self.partition.path(self.folder, self.name, key)

    def keys_on_disk(self) -> list[str]:
        found = self.partition.keys_on_disk(self.folder, self.name)
        if self._keys_seen is None:
            self._keys_seen = set(found)
        return sorted(found | set(self._files))

    def keys_for(self, record_id: str) -> list[str]:
        """The files that can hold record `record_id`: its shard, or every file."""
        key = self.partition.key_of_id(record_id)
        return self.keys_on_disk() if key is None else [key]

    def file(self, key: str) -> DocFile:
        found = self._files.get(key)
        if found is None:
            if self._keys_seen is None:
                self.keys_on_disk()  # what is there before the first read: a file added later is news
            found = self._files[key] = DocFile(self.path_for(key), self.name)
        return found

    def key_of(self, record: R) -> str:
        return self.partition.key_of(record)

    # Reading whole files -------------------------------------------------------------
    def load(self, keys: Iterable[str] | None = None) -> None:
        """Decode these files (default: all) into records, setting bad documents aside."""
        if keys is None:
            self._complete = True
        for key in self.keys_on_disk() if keys is None else keys:
            if key not in self._decoded:
                self._decode(key)

    def _decode(self, key: str) -> None:
        docs = self.file(key).docs()
        self._unmap(key)
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
        self._indexed.add(key)

    def _decode_one_by_one(self, key: str, docs: Docs) -> list[tuple[str, R]]:
        good = []
        for doc_id, raw in docs.items():
            try:
                good.append((doc_id, self._one.decode(raw)))
            except msgspec.ValidationError as exc:
                self._set_aside(key, doc_id, raw, exc)
        return good

    def _set_aside(self, key: str, doc_id: str, raw: msgspec.Raw, exc: Exception) -> None:
        self.set_aside[(key, doc_id)] = SetAside(self.file(key).path, doc_id, str(exc), bytes(raw))

    def _unmap(self, key: str) -> None:
        """Forget what is known about the records of file `key` (not the file's documents)."""
        for rid in self._ids.pop(key, {}).values():
            if self._where.get(rid, ("",))[0] == key:
                del self._where[rid]
                self._records.pop(rid, None)
        self._people.pop(key, None)
        self._decoded.discard(key)
        self._indexed.discard(key)
        self.set_aside = {k: v for k, v in self.set_aside.items() if k[0] != key}

    def records(self) -> dict[str, R]:
        """Every record, in the order of the files (as a whole-file read gives them)."""
        self.load()
        if self._out_of_order:
            placed: dict[str, R] = {}
            for key in sorted(self._ids):
                ids = self._ids[key]
                for doc_id in self.file(key).docs():
                    rid = ids.get(doc_id)
                    if rid is not None and rid in self._records:
                        placed[rid] = self._records[rid]
            self._records = placed | self._records
            self._out_of_order = False
        return self._records

    # Reading one record ---------------------------------------------------------------
    def get(self, record_id: str) -> R | None:
        """The record, decoding only its own document."""
        return self._record_of(record_id) if self.find(record_id) is not None else None

    def quick(self, record_id: str) -> R | None:
        """The record `record_id` found by a search of its file's bytes for the way netcrm
        writes its id (no index built); None means only: not found that way."""
        key = self.partition.key_of_id(record_id)
        if key is None or record_id in self._where or key in self._indexed:
            return self.get(record_id)
        doc_id = self.file(key).doc_starting(b'{"id":' + _encoder.encode(record_id))
        if doc_id is None:
            return None
        try:
            record = self._record_at(key, doc_id)
        except msgspec.ValidationError:
            return self.get(record_id)  # the whole-file way sets the bad document aside
        return record if record.id == record_id else None  # type: ignore[attr-defined]  # every stored kind has an id

    def find(self, record_id: str, keys: Iterable[str] | None = None) -> Place | None:
        """Where a valid record `record_id` is stored, looking in files `keys` (default: those
        that can hold it)."""
        if record_id not in self._where:
            for key in self.keys_for(record_id) if keys is None else keys:
                if key in self._indexed:
                    continue
                # Proving an id absent costs a search of the file; after a few, an index is cheaper.
                self._id_searches[key] = self._id_searches.get(key, 0) + 1
                if self._id_searches[key] > SEARCHES_BEFORE_INDEX or not self.file(key).lacks(record_id):
                    self._index(key)
                if record_id in self._where:
                    break
        if record_id in self._where and self._record_of(record_id) is None:
            return None  # a set-aside document is not the record
        return self._where.get(record_id)

    def _index(self, key: str) -> None:
        """Learn every document's record id, from a decode of the ids alone."""
        try:
            light = self.file(key).decode_as(_IDS)
        except msgspec.ValidationError:
            self._decode(key)  # a document without an id: the whole file's way sets it aside
            return
        ids = self._ids.setdefault(key, {})
        for doc_id, doc in light.items():
            ids[doc_id] = doc.id
            self._where[doc.id] = (key, doc_id)
        self._indexed.add(key)

    def _record_of(self, record_id: str) -> R | None:
        found = self._records.get(record_id)
        if found is not None:
            return found
        place = self._where.get(record_id)
        if place is None:
            return None
        try:
            return self._record_at(*place)
        except msgspec.ValidationError:
            self._decode(place[0])  # sets it aside, as reading the whole file does
            return self._records.get(record_id)

    def _record_at(self, key: str, doc_id: str) -> R:
        """The record in document `doc_id` of file `key` (ValidationError when it is not one)."""
        rid = self._ids.get(key, {}).get(doc_id)
        if rid is not None and rid in self._records:
            return self._records[rid]
        record = self._one.decode(self.file(key).doc(doc_id))
        rid = record.id  # type: ignore[attr-defined]  # every stored kind has an id; the Record base does not declare it
        self._records[rid] = record
        self._where[rid] = (key, doc_id)
        self._ids.setdefault(key, {})[doc_id] = rid
        return record

    def raw_of(self, record_id: str, keys: Iterable[str] | None = None) -> bytes | None:
        place = self.find(record_id, keys)
        if place is None:
            return None
        return bytes(self.file(place[0]).doc(place[1]))

    @property
    def decoded(self) -> bool:
        """Every record of the table is decoded."""
        return all(key in self._decoded for key in self.keys_on_disk())

    def light(self, decoder: msgspec.json.Decoder[dict[str, dict[str, T]]]) -> dict[str, dict[str, T]] | None:
        """Every document through a light decoder, by file key and document id; None when
        one of them does not fit it."""
        try:
            return {key: self.file(key).decode_as(decoder) for key in self.keys_on_disk()}
        except msgspec.ValidationError:
            return None

    def learn(self, ids: dict[str, dict[str, str]]) -> None:
        """Every document's record id, by file key and document id, from a light decode that
        had them: finding one of them later costs no search."""
        for key, known in ids.items():
            if key not in self._indexed:
                self._ids.setdefault(key, {}).update(known)
                self._where.update(zip(known.values(), ((key, doc_id) for doc_id in known)))
                self._indexed.add(key)

    # Touches by person and by time ------------------------------------------------------
    def with_person(self, key: str, person: str) -> list[R]:
        """The records of file `key` that name `person` in `contacts`, decoding only those.

        The first few people asked about are found by a search of the file's bytes for their
        id; after that (the app showing one person after another) a per-person index of the
        file is built once from a light decode of every touch's `contacts`."""
        for _ in range(2):
            try:
                file = self.file(key)
                docs = file.docs()
                holding = None
                if key not in self._people and key not in self._decoded:
                    self._searches[key] = self._searches.get(key, 0) + 1
                    if self._searches[key] <= SEARCHES_BEFORE_INDEX:
                        holding = file.docs_holding(person)
                if holding is None:
                    holding = self._people_of(key).get(person, [])
                found = [self._record_at(key, d) for d in holding if d in docs]
                return [r for r in found if person in r.contacts]  # type: ignore[attr-defined]  # only touches are indexed by person
            except msgspec.ValidationError:
                self._decode(key)  # a bad document among them: set it aside, index the good ones
        raise AssertionError("unreachable: a decoded file has only valid records")

    def _people_of(self, key: str) -> dict[str, list[str]]:
        found = self._people.get(key)
        if found is None:
            found = {}
            if key in self._decoded:
                pairs: Iterable[tuple[str, list[str]]] = (
                    (doc_id, self._records[rid].contacts)  # type: ignore[attr-defined]  # only touches are indexed by person
                    for doc_id, rid in self._ids[key].items()
                )
            else:
                try:
                    pairs = [(doc_id, doc.contacts) for doc_id, doc in self.file(key).decode_as(_WITH).items()]
                except msgspec.ValidationError:
                    self._decode(key)
                    return self._people_of(key)
            for doc_id, people in pairs:
                for person in dict.fromkeys(people):
                    found.setdefault(person, []).append(doc_id)
            self._people[key] = found
        return found

    def _reindex_person(self, key: str, doc_id: str, before: Iterable[str], after: Iterable[str]) -> None:
        """Keep the per-person index of file `key` true when document `doc_id` changes."""
        index = self._people.get(key)
        if index is None:
            return
        for person in dict.fromkeys(before):
            docs = index.get(person)
            if docs is not None and doc_id in docs:
                docs.remove(doc_id)
        for person in dict.fromkeys(after):
            docs = index.setdefault(person, [])
            if doc_id not in docs:
                docs.append(doc_id)

    def since(self, key: str, instant: dt.datetime) -> list[R]:
        """The records of file `key` at or after `instant`, decoding only those."""
        if key in self._decoded:
            found = (self._records[rid] for rid in self._ids[key].values())
            return [r for r in found if r.at >= instant]  # type: ignore[attr-defined]  # only touches are read by time
        try:
            return [
                self._record_at(key, doc_id) for doc_id, doc in self.file(key).decode_as(_AT).items() if doc.at >= instant
            ]
        except msgspec.ValidationError:
            self._decode(key)
            return self.since(key, instant)

    # Writing -----------------------------------------------------------------------
    def put(self, record: R) -> None:
        rid: str = record.id  # type: ignore[attr-defined]  # every stored kind has an id; the Record base does not declare it
        key = self.key_of(record)
        old = self.find(rid, [key])
        if old is not None and old[0] != key:
            self.remove(rid)
            old = None
        file = self.file(key)
        raw = msgspec.Raw(_encoder.encode(record))
        added = file.append(raw) if old is None else None  # a new record, the others left unscanned
        if added is not None:
            doc_id = added
        else:
            docs = file.docs()
            file.mutated()
            if old is not None:
                doc_id = old[1]
                self._reindex_person(key, doc_id, self._people_in(self._records[rid]), ())
            else:
                doc_id = self._new_doc_id(key, docs)
            docs[doc_id] = raw
        self._reindex_person(key, doc_id, (), self._people_in(record))
        self._records[rid] = record
        self._where[rid] = (key, doc_id)
        self._ids.setdefault(key, {})[doc_id] = rid
        self.dirty.add(key)

    def _people_in(self, record: R) -> list[str]:
        return record.contacts if self.timed else []  # type: ignore[attr-defined]  # only touches are indexed by person

    def remove(self, record_id: str, keys: Iterable[str] | None = None) -> bool:
        place = self.find(record_id, keys)
        if place is None:
            return False
        key, doc_id = place
        record = self._records[record_id]
        del self._where[record_id]
        file = self.file(key)
        file.docs().pop(doc_id, None)
        file.mutated()
        self._ids[key].pop(doc_id, None)
        self._records.pop(record_id, None)
        self._reindex_person(key, doc_id, self._people_in(record), ())
        self.dirty.add(key)
        return True

    def _new_doc_id(self, key: str, docs: Docs) -> str:
        # TinyDB numbers documents one past the largest; the last one is that in files netcrm
        # and TinyDB write, and any unused number is a valid id for a hand-edited file.
        nxt = self._next.get(key)
        if nxt is None:
            last = next(reversed(docs), "0")
            nxt = int(last) + 1 if last.isdigit() else max((int(d) for d in docs if d.isdigit()), default=0) + 1
        while str(nxt) in docs:
            nxt += 1
        self._next[key] = nxt + 1
        return str(nxt)

    def flush(self) -> None:
        for key in sorted(self.dirty):
            docfile = self.file(key)
            docfile.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            docfile.save()
        self.dirty.clear()

    # Other processes ----------------------------------------------------------------
    def changed_files(self) -> list[str]:
        """Files another process replaced since we read them (and new files of a folder)."""
        changed = [key for key, f in self._files.items() if f.changed_on_disk()]
        if self._follows_new_files():
            if self._keys_seen is None:
                self._keys_seen = set()
            seen = self._keys_seen
            new = [k for k in self.keys_on_disk() if k not in seen and not self.file(k).loaded]
            seen.update(new)
            changed += new
        return changed

    def asked_every_file(self) -> None:
        self._complete = True

    def _follows_new_files(self) -> bool:
        """A file another process adds to a folder (a new month, a new shard) is news once any
        of its files was read (a timeline, the recent touches or a person on screen may be
        missing what it holds)."""
        return self.partition.several and (self._complete or any(f.loaded for f in self._files.values()))

    def reread(self, key: str) -> dict[str, tuple[R | None, R | None]]:
        """Read file `key` again, decoding only the documents whose bytes changed.

        Returns the records that changed in it, before and after (for a file
        read before; a new file of a folder is news once any of its files was read).
        """
        file = self.file(key)
        if file.loaded:
            old = file.docs()
            file.forget()
        elif self._follows_new_files():
            old = {}  # a new file: every record in it is new
        else:
            return {}
        ids = self._ids.get(key, {})
        new = file.docs()
        gone = [d for d in old if d not in new]
        fresh = [d for d, raw in new.items() if old.get(d) != raw]
        before: dict[str, R | None] = {}
        for doc_id in gone + fresh:
            if doc_id in old:
                previous = self._known_or_decoded(ids.get(doc_id), old[doc_id])
                if previous is not None:
                    before[previous.id] = previous  # type: ignore[attr-defined]  # every stored kind has an id
                self._forget_doc(key, doc_id, previous, old[doc_id])
            self.set_aside.pop((key, doc_id), None)
        after: dict[str, R | None] = {}
        for doc_id in fresh:
            try:
                record = self._one.decode(new[doc_id])
            except msgspec.ValidationError as exc:
                self._set_aside(key, doc_id, new[doc_id], exc)
                continue
            rid = record.id  # type: ignore[attr-defined]  # every stored kind has an id
            after[rid] = record
            self._records[rid] = record
            self._out_of_order = True
            self._where[rid] = (key, doc_id)
            self._ids.setdefault(key, {})[doc_id] = rid
            self._reindex_person(key, doc_id, (), self._people_in(record))
        self._next.pop(key, None)
        if not old:
            self._decoded.add(key)
            self._indexed.add(key)
        return {
            rid: (before.get(rid), after.get(rid))
            for rid in before.keys() | after.keys()
            if before.get(rid) != after.get(rid)
        }

    def _known_or_decoded(self, rid: str | None, raw: msgspec.Raw) -> R | None:
        if rid is not None and rid in self._records:
            return self._records[rid]
        try:
            return self._one.decode(raw)
        except msgspec.ValidationError:
            return None

    def _forget_doc(self, key: str, doc_id: str, record: R | None, raw: msgspec.Raw) -> None:
        rid = self._ids.get(key, {}).pop(doc_id, None) or (record.id if record is not None else None)  # type: ignore[attr-defined]  # every stored kind has an id
        if rid is not None and self._where.get(rid) == (key, doc_id):
            del self._where[rid]
            self._records.pop(rid, None)
        if record is not None:
            people = self._people_in(record)
        else:  # a document that was set aside may still be in the per-person index
            try:
                people = _WITH_ONE.decode(raw).contacts if self.timed else []
            except msgspec.ValidationError:
                people = []
        self._reindex_person(key, doc_id, people, ())

    def forget(self) -> None:
        """Drop everything read (a failed transaction: the files on disk are the truth)."""
        self.__init__(self.kind, self.name, self.folder, self.partition)  # type: ignore[misc]  # re-reading from disk is a fresh start; mypy forbids calling __init__

    # Checks ---------------------------------------------------------------------------
    def misplaced(self) -> list[tuple[str, Path, Path]]:
        """Records stored in another file than the one their partition names (a document moved
        by hand): (record id, where it is, where netcrm looks for it by id)."""
        self.load()
        found = []
        for rid, record in self._records.items():
            key, want = self._where[rid][0], self.key_of(record)
            if key != want:
                found.append((rid, self.path_for(key), self.path_for(want)))
        return found
