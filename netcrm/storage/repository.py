"""The repository: the only code that reads or writes the database file.

Records live in four TinyDB tables. Reads are served from typed records kept
in memory (parsed once, updated in place on every write), so the list and the
going-cold panel never go back to the file. Every change happens inside
`transaction()`: it takes the write lock, picks up changes another process
made meanwhile, applies all changes, and writes the file once, atomically.
If the block raises, nothing is written and the in-memory state is reloaded.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import msgspec
from tinydb import TinyDB

from netcrm.domain.model import Contact, Interaction, Introduction, PairVerdict, Plan, Record, Skip
from netcrm.errors import StorageError
from netcrm.storage.atomic import remove_stale_temps
from netcrm.storage.jsonfile import SafeJSONStorage, Tables, bulk_load
from netcrm.storage.lock import WriteLock

R = TypeVar("R", bound=Record)

TABLES: dict[type[Record], str] = {
    Contact: "contacts",
    Interaction: "interactions",
    Plan: "plans",
    Introduction: "introductions",
    Skip: "skips",
    PairVerdict: "verdicts",
}


class Repository:
    def __init__(self, path: str | os.PathLike[str], lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.after_commit: list[Callable[[Repository], None]] = []
        self._in_transaction = False
        self._reset()

    def _reset(self) -> None:
        self._db = TinyDB(self.path, storage=SafeJSONStorage)
        self._storage: SafeJSONStorage = self._db.storage  # type: ignore[assignment]
        self._records: dict[type[Record], dict[str, Record]] = {}
        self._doc_ids: dict[type[Record], dict[str, int]] = {}
        self._next_doc_id: dict[type[Record], int] = {}
        self._forget_timelines()

    # Reading -----------------------------------------------------------------------
    def _table(self, kind: type[R]) -> dict[str, R]:
        records = self._records.get(kind)
        if records is None:
            data = self._storage.read()
            try:
                with bulk_load():
                    # Straight from the file's bytes to records when the table is still unparsed
                    # (half the cost of building dicts first); else from the stored documents.
                    by_doc = data.typed(TABLES[kind], kind) if isinstance(data, Tables) else None
                    if by_doc is None:
                        raw = data.get(TABLES[kind], {})
                        by_doc = dict(zip(raw, msgspec.convert(list(raw.values()), list[kind])))  # type: ignore[valid-type]
            except (msgspec.ValidationError, msgspec.DecodeError) as exc:
                raise StorageError(f"{self.path}: bad record in {TABLES[kind]}: {exc}") from None
            records = {r.id: r for r in by_doc.values()}  # type: ignore[attr-defined]
            self._records[kind] = records  # type: ignore[assignment]
            self._doc_ids[kind] = {r.id: int(k) for k, r in by_doc.items()}  # type: ignore[attr-defined]
            self._next_doc_id[kind] = max(self._doc_ids[kind].values(), default=0) + 1
        return records  # type: ignore[return-value]

    def contacts(self) -> list[Contact]:
        return list(self._table(Contact).values())

    def contact(self, contact_id: str) -> Contact | None:
        return self._table(Contact).get(contact_id)

    def interactions(self) -> list[Interaction]:
        return list(self._table(Interaction).values())

    def timeline(self, contact_id: str) -> list[Interaction]:
        """One person's touches, newest first.

        Opening a person must not wait for 100,000 touches to become records:
        the raw documents are grouped by person once (a cheap pass), and only
        the touches of the people actually looked at are converted.
        """
        items = self._timelines.get(contact_id)
        if items is None:
            if self._raw_timelines is None:
                index: dict[str, list[dict]] = defaultdict(list)
                for doc in self._storage.read().get(TABLES[Interaction], {}).values():
                    for cid in doc["contacts"]:
                        index[cid].append(doc)
                self._raw_timelines = dict(index)
            docs = self._raw_timelines.get(contact_id, [])
            try:
                items = msgspec.convert(docs, list[Interaction])
            except msgspec.ValidationError as exc:
                raise StorageError(f"{self.path}: bad record in {TABLES[Interaction]}: {exc}") from None
            items.sort(key=lambda i: i.at, reverse=True)
            self._timelines[contact_id] = items
        return items

    def interactions_since(self, since: dt.datetime) -> list[Interaction]:
        """Touches at or after `since`, converting only those (the rest stay raw documents)."""
        if Interaction in self._records:
            return [i for i in self._records[Interaction].values() if i.at >= since]  # type: ignore[attr-defined]
        # Stored times are ISO 8601 with an offset; a day of margin covers any offset, the exact check follows.
        floor = (since - dt.timedelta(days=1)).date().isoformat()
        docs = [d for d in self._storage.read().get(TABLES[Interaction], {}).values() if d["at"][:10] >= floor]
        try:
            items = msgspec.convert(docs, list[Interaction])
        except msgspec.ValidationError as exc:
            raise StorageError(f"{self.path}: bad record in {TABLES[Interaction]}: {exc}") from None
        return [i for i in items if i.at >= since]

    def _add_to_timelines(self, docs: list[dict]) -> None:
        """New touches only: extend the per-person index instead of rebuilding it (a logged
        touch must not cost a pass over 100,000 others)."""
        for doc in docs:
            for cid in doc["contacts"]:
                self._timelines.pop(cid, None)
                if self._raw_timelines is not None:
                    self._raw_timelines.setdefault(cid, []).append(doc)

    def _forget_timelines(self) -> None:
        self._timelines: dict[str, list[Interaction]] = {}
        self._raw_timelines: dict[str, list[dict]] | None = None

    def plans(self) -> list[Plan]:
        return list(self._table(Plan).values())

    def plan(self, plan_id: str) -> Plan | None:
        return self._table(Plan).get(plan_id)

    def introductions(self) -> list[Introduction]:
        return list(self._table(Introduction).values())

    def skips(self) -> list[Skip]:
        return list(self._table(Skip).values())

    def get(self, kind: type[R], record_id: str) -> R | None:
        return self._table(kind).get(record_id)

    def refresh(self) -> bool:
        """Pick up a file another process replaced; True if anything changed."""
        if self._storage.changed_on_disk():
            self._reset()
            return True
        return False

    # Writing -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        if self._in_transaction:
            yield self
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = WriteLock(self.path.with_name(self.path.name + ".lock"), self.lock_timeout)
        lock.acquire()
        try:
            remove_stale_temps(self.path)
            self.refresh()
            self._in_transaction = True
            try:
                yield self
                self._storage.flush()
            except BaseException:
                self._reset()
                raise
        finally:
            self._in_transaction = False
            lock.release()
        for hook in self.after_commit:
            hook(self)

    def put(self, record: Record) -> None:
        self.put_many([record])

    def put_many(self, records: Iterable[Record]) -> None:
        """Insert or replace records (by id), with one pass over each table touched."""
        self._require_transaction()
        by_kind: dict[type[Record], list[Record]] = defaultdict(list)
        for record in records:
            by_kind[type(record)].append(record)
        for kind, batch in by_kind.items():
            self._put_batch(kind, batch)

    def _put_batch(self, kind: type[Record], batch: list[Record]) -> None:
        # Straight into the stored table, keyed by TinyDB document id. TinyDB's
        # own Table rebuilds the whole table twice per write (string keys to int
        # and back): 100,000 touches made that most of a logged touch's cost.
        cache = self._table(kind)
        doc_ids = self._doc_ids[kind]
        data = self._storage.read()
        raw = data.setdefault(TABLES[kind], {})
        added: list[dict] = []
        for record in batch:
            rid = record.id  # type: ignore[attr-defined]
            doc_id = doc_ids.get(rid)
            doc = msgspec.to_builtins(record)
            if doc_id is None:
                doc_id = doc_ids[rid] = self._next_doc_id[kind]
                self._next_doc_id[kind] += 1
                added.append(doc)
            raw[str(doc_id)] = doc
            cache[rid] = record
        self._storage.write(data)
        if kind is Interaction:
            if len(added) == len(batch):
                self._add_to_timelines(added)
            else:
                self._forget_timelines()

    def delete(self, kind: type[Record], record_ids: Iterable[str]) -> None:
        self._require_transaction()
        self._table(kind)
        doc_ids = self._doc_ids[kind]
        cache = self._records[kind]
        gone = [rid for rid in record_ids if rid in doc_ids]
        if gone:
            data = self._storage.read()
            raw = data.get(TABLES[kind], {})
            for rid in gone:
                raw.pop(str(doc_ids.pop(rid)), None)
                cache.pop(rid, None)
            self._storage.write(data)
        if kind is Interaction:
            self._forget_timelines()

    def _require_transaction(self) -> None:
        if not self._in_transaction:
            raise RuntimeError("writes must happen inside Repository.transaction()")
