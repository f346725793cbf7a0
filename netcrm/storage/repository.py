"""The repository: the only code that reads or writes the database file.

Records live in four TinyDB tables. Reads are served from typed records kept
in memory (parsed once, updated in place on every write), so the list and the
going-cold panel never go back to the file. Every change happens inside
`transaction()`: it takes the write lock, picks up changes another process
made meanwhile, applies all changes, and writes the file once, atomically.
If the block raises, nothing is written and the in-memory state is reloaded.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import msgspec
from tinydb import TinyDB
from tinydb.table import Document

from netcrm.domain.model import Contact, Interaction, Introduction, Plan, Record, Skip
from netcrm.errors import StorageError
from netcrm.storage.atomic import remove_stale_temps
from netcrm.storage.jsonfile import SafeJSONStorage
from netcrm.storage.lock import WriteLock

R = TypeVar("R", bound=Record)

TABLES: dict[type[Record], str] = {
    Contact: "contacts",
    Interaction: "interactions",
    Plan: "plans",
    Introduction: "introductions",
    Skip: "skips",
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
        self._timelines: dict[str, list[Interaction]] | None = None
        self.generation = getattr(self, "generation", 0) + 1

    # Reading -----------------------------------------------------------------------
    def _table(self, kind: type[R]) -> dict[str, R]:
        records = self._records.get(kind)
        if records is None:
            raw = self._storage.read().get(TABLES[kind], {})
            docs = list(raw.values())
            try:
                typed = msgspec.convert(docs, list[kind])  # type: ignore[valid-type]
            except msgspec.ValidationError as exc:
                raise StorageError(f"{self.path}: bad record in {TABLES[kind]}: {exc}") from None
            records = {r.id: r for r in typed}  # type: ignore[attr-defined]
            self._records[kind] = records  # type: ignore[assignment]
            self._doc_ids[kind] = {doc["id"]: int(k) for k, doc in raw.items()}
        return records  # type: ignore[return-value]

    def contacts(self) -> list[Contact]:
        return list(self._table(Contact).values())

    def contact(self, contact_id: str) -> Contact | None:
        return self._table(Contact).get(contact_id)

    def interactions(self) -> list[Interaction]:
        return list(self._table(Interaction).values())

    def timeline(self, contact_id: str) -> list[Interaction]:
        """One person's touches, newest first."""
        if self._timelines is None:
            index: dict[str, list[Interaction]] = defaultdict(list)
            for item in self._table(Interaction).values():
                for cid in item.contacts:
                    index[cid].append(item)
            for items in index.values():
                items.sort(key=lambda i: i.at, reverse=True)
            self._timelines = dict(index)
        return self._timelines.get(contact_id, [])

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
        cache = self._table(kind)
        doc_ids = self._doc_ids[kind]
        table = self._db.table(TABLES[kind])
        replacements: dict[int, dict] = {}
        fresh: list[dict] = []
        for record in batch:
            doc = msgspec.to_builtins(record)
            if record.id in doc_ids:  # type: ignore[attr-defined]
                replacements[doc_ids[record.id]] = doc  # type: ignore[attr-defined]
            else:
                fresh.append(doc)
        if replacements:
            table.remove(doc_ids=list(replacements))
            table.insert_multiple(Document(doc, doc_id=i) for i, doc in replacements.items())
        if fresh:
            new_ids = table.insert_multiple(fresh)
            for doc, doc_id in zip(fresh, new_ids):
                doc_ids[doc["id"]] = doc_id
        for record in batch:
            cache[record.id] = record  # type: ignore[attr-defined]
        if kind is Interaction:
            self._timelines = None

    def delete(self, kind: type[Record], record_ids: Iterable[str]) -> None:
        self._require_transaction()
        self._table(kind)
        doc_ids = self._doc_ids[kind]
        cache = self._records[kind]
        gone = [rid for rid in record_ids if rid in doc_ids]
        if gone:
            self._db.table(TABLES[kind]).remove(doc_ids=[doc_ids.pop(rid) for rid in gone])
            for rid in gone:
                cache.pop(rid, None)
        if kind is Interaction:
            self._timelines = None

    def _require_transaction(self) -> None:
        if not self._in_transaction:
            raise RuntimeError("writes must happen inside Repository.transaction()")
