"""The repository: the only code that reads or writes the database.

The database is a folder of JSON files in TinyDB's layout (see `layout`):
the people in 16 shards by a hash of their id, the touches one file per month,
the other tables one file each, so a change rewrites only the small files it
changed (logging a touch: one month of touches, one shard of people):

    netcrm.json/             (the path given by --db / NETCRM_DB; a folder)
      meta.json              schema version
      contacts/00.json .. contacts/15.json
      touches/2026-10.json  touches/2026-11.json
      plans.json  introductions.json  skips.json  verdicts.json
      journal/               each change's before and after (all-or-nothing writes, undo)

Reads decode a file only when something asks for its records, and keep them:
this repository is the one cache, guarded by a lock so a worker thread may
read while the UI thread works. Every change happens inside `transaction()`:
it takes the write lock, picks up what other processes changed meanwhile, and
writes only the files whose records changed, atomically, plus one journal
entry for undo. What changed is reported (`last_changes`) so the app can
repaint those rows instead of everything. Older layouts (a single file, the
schema-2 folder) are migrated on first open (`migrate`).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from netcrm.domain.lookup import Named
from netcrm.domain.model import Contact, Interaction, Introduction, PairVerdict, Plan, Record, Skip
from netcrm.errors import NetcrmError, StorageError
from netcrm.storage.atomic import TEMP_SUFFIX
from netcrm.storage.docfile import ensure_folder, write_raw
from netcrm.storage.journal import UNFINISHED, Change, Entry, Journal, Slot, image, raw_image
from netcrm.storage.layout import CONTACTS, META, SCHEMA, TABLES, TOUCHES, meta_bytes, new_tables
from netcrm.storage.lock import WriteLock
from netcrm.storage.migrate import finish_interrupted, migrate_file, migrate_folder, schema_of
from netcrm.storage.table import SetAside, Table

__all__ = ["TABLES", "Changes", "Repository"]

R = TypeVar("R", bound=Record)
T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

_NAMES = msgspec.json.Decoder(dict[str, dict[str, Named]])

@dataclass
class Changes:
    """What one commit (or a refresh from another process) changed: record ids by kind."""

    ids: dict[type[Record], set[str]] = field(default_factory=dict)
    # People whose timeline changed (a touch or a plan of theirs was added, changed or removed).
    people: set[str] = field(default_factory=set)
    label: str = ""

    def __bool__(self) -> bool:
        return any(self.ids.values()) or bool(self.people)

    def of(self, kind: type[Record]) -> set[str]:
        return self.ids.get(kind, set())

    def add(self, kind: type[Record], record_id: str) -> None:
        self.ids.setdefault(kind, set()).add(record_id)

    def merge(self, other: Changes) -> None:
        for kind, ids in other.ids.items():
            self.ids.setdefault(kind, set()).update(ids)
        self.people |= other.people


def _locked(method: F) -> F:
    @wraps(method)
    def run(self: Repository, *args: Any, **kwargs: Any) -> Any:
        with self._mutex:
            return method(self, *args, **kwargs)

    return run  # type: ignore[return-value]  # the wrapper keeps the wrapped method's signature


class Repository:
    def __init__(self, path: str | os.PathLike[str], lock_timeout: float = 10.0) -> None:
        given = Path(path)
        # A dotfiles manager may make the database a symlink: write where it points.
        self.path = Path(os.path.realpath(given)) if given.is_symlink() else given
        self.lock_timeout = lock_timeout
        self.after_commit: list[Callable[[Repository], None]] = []
        self.last_changes = Changes()
        # Said once to the user (the CLI prints them on stderr, the app as notifications).
        self.on_notice: Callable[[str], None] = lambda message: None
        self._mutex = threading.RLock()
        self._in_transaction = False
        self._outside = Changes()
        self._pending: dict[tuple[str, str], Change] = {}
        self._label = ""
        self._journal = Journal(self.path)
        self._replaying: tuple[Slot, str, str] | None = None
        self._reported: set[tuple[str, tuple[str, str]]] = set()
        self._checked = False
        self._tables = new_tables(self.path)

    # The folder ----------------------------------------------------------------------
    def exists(self) -> bool:
        return self.path.exists()

    def _check(self) -> None:
        """Refuse what is not a netcrm database folder; migrate an older layout (needs the lock)."""
        if self._checked:
            return
        path = self.path
        if path.is_file():
            with self._lock():
                if path.is_file():
                    backup = migrate_file(path)
                    self.on_notice(
                        f"{path}: moved to the faster database layout (a folder); the old file is kept as {backup}"
                    )
        elif not path.exists() and path.with_name(f".{path.name}.migrating").exists():
            with self._lock():
                finish_interrupted(path)
        if path.is_dir():
            schema = schema_of(path)
            if schema is not None and schema < SCHEMA:
                with self._lock():
                    if schema_of(path) != SCHEMA:
                        backup = migrate_folder(path)
                        self.on_notice(
                            f"{path}: moved to the faster database layout (people in shards, touches by month); "
                            f"the old folder is kept as {backup}"
                        )
            elif schema is None and any(path.iterdir()):
                raise StorageError(f"{path}: is a folder that is not a netcrm database")
        elif path.exists():
            raise StorageError(f"{path}: is not a file or a folder netcrm can use")
        self._checked = True
        if not self._in_transaction and self._journal.unfinished():
            # A writer died mid-change: finish it before anyone reads half of it.
            with self.transaction():
                pass

    def _lock(self) -> WriteLock:
        ensure_folder(self.path.parent)
        return WriteLock(self.path.with_name(self.path.name + ".lock"), self.lock_timeout)

    def _table(self, kind: type[R]) -> Table[R]:
        self._check()
        return self._tables[kind]  # type: ignore[return-value]  # one table per kind, keyed by the kind

    def _report_set_aside(self, table: Table[Any]) -> None:
        """Say once which documents were set aside (whichever read came across them first)."""
        new = {k: v for k, v in table.set_aside.items() if (table.name, k) not in self._reported}
        if new:
            self._reported.update((table.name, k) for k in new)
            where = sorted({str(a.path) for a in new.values()})
            count = len(new)
            self.on_notice(
                f"{', '.join(where)}: {count} record{'s' if count != 1 else ''} that netcrm cannot read "
                f"set aside (kept in the file as they are; fix them there; first: {next(iter(new.values())).error})"
            )

    # Reading -------------------------------------------------------------------------
    @_locked
    def contacts(self) -> list[Contact]:
        table = self._table(Contact)
        records = table.records()
        self._report_set_aside(table)
        return list(records.values())

    @_locked
    def contact(self, contact_id: str) -> Contact | None:
        """One person by exact id, decoding only their document."""
        table = self._table(Contact)
        found = table.get(contact_id)
        self._report_set_aside(table)
        return found

    @_locked
    def contact_quick(self, contact_id: str) -> Contact | None:
        """One person by exact id when a search of the bytes finds them (no index built);
        None proves nothing: look by `contact_names()` then."""
        table = self._table(Contact)
        found = table.quick(contact_id)
        self._report_set_aside(table)
        return found

    @_locked
    def contact_names(self) -> list[Named]:
        """Every person's id, names and archived flag: what finding someone by name needs,
        decoded without the rest of each contact."""
        table = self._table(Contact)
        if not table.decoded:
            found = table.light(_NAMES)
            if found is not None:
                table.learn({key: {doc_id: n.id for doc_id, n in docs.items()} for key, docs in found.items()})
                return [n for docs in found.values() for n in docs.values()]
        return [Named(c.id, c.name, c.aka, c.archived) for c in self.contacts()]

    @_locked
    def interactions(self) -> list[Interaction]:
        return list(self._table(Interaction).records().values())

    @_locked
    def interactions_since(self, since: dt.datetime) -> list[Interaction]:
        """Touches at or after `since`, reading only the months that can hold them and
        decoding only the touches that are that recent."""
        table = self._table(Interaction)
        keys = [k for k in table.keys_on_disk() if table.partition.may_hold_after(k, since)]
        return [item for key in keys for item in table.since(key, since)]

    @_locked
    def timeline(self, contact_id: str) -> list[Interaction]:
        """One person's touches, newest first (decoding theirs only, see `newest_touches`)."""
        return list(self.newest_touches(contact_id))

    def newest_touches(self, contact_id: str, since: dt.datetime | None = None) -> Iterator[Interaction]:
        """One person's touches, newest first, reading month files newest first only as far as
        the caller iterates (the latest touch before today is usually in a recent month). With
        `since`, only the months that can hold a touch at or after it are read: every such
        touch comes, and maybe some older ones."""
        table = self._table(Interaction)
        with self._mutex:
            keys = sorted(table.keys_on_disk(), reverse=True)
        if since is not None:
            keys = [k for k in keys if table.partition.may_hold_after(k, since)]
        pending: list[Interaction] = []
        for n, key in enumerate(keys):
            with self._mutex:
                pending += table.with_person(key, contact_id)
            pending.sort(key=lambda i: i.at, reverse=True)
            older = keys[n + 1] if n + 1 < len(keys) else None  # the newest file not read yet
            ready = 0
            while ready < len(pending) and (older is None or not table.partition.may_hold_after(older, pending[ready].at)):
                ready += 1
            yield from pending[:ready]
            del pending[:ready]
        if since is None:
            with self._mutex:
                table.asked_every_file()  # a month file another process adds is news for this timeline
        yield from pending

    @_locked
    def plans(self) -> list[Plan]:
        return list(self._table(Plan).records().values())

    @_locked
    def plan(self, plan_id: str) -> Plan | None:
        return self._table(Plan).get(plan_id)

    @_locked
    def introductions(self) -> list[Introduction]:
        return list(self._table(Introduction).records().values())

    @_locked
    def skips(self) -> list[Skip]:
        return list(self._table(Skip).records().values())

    @_locked
    def verdicts(self) -> list[PairVerdict]:
        return list(self._table(PairVerdict).records().values())

    @_locked
    def get(self, kind: type[R], record_id: str) -> R | None:
        return self._table(kind).get(record_id)

    @_locked
    def set_aside(self) -> list[SetAside]:
        """Stored documents that are not valid records: kept in their files, left out, listed here."""
        found: list[SetAside] = []
        for table in self._tables.values():
            self._check()
            table.load()
            found += table.set_aside.values()
        return found

    # Other processes -----------------------------------------------------------------
    @_locked
    def refresh(self) -> Changes:
        """Pick up files another process replaced; what changed (falsy when nothing did)."""
        self._pick_up()
        outside, self._outside = self._outside, Changes()
        return outside

    def _pick_up(self) -> None:
        if not self._checked:
            return
        for kind, table in self._tables.items():
            for key in table.changed_files():
                changed = table.reread(key)
                for rid, pair in changed.items():
                    self._outside.add(kind, rid)
                    if kind in (Interaction, Plan):
                        for record in pair:
                            if record is not None:
                                self._outside.people.update(record.contacts)  # type: ignore[attr-defined]  # only touches and plans reach this branch; Record has no contacts

    # Writing -------------------------------------------------------------------------
    @contextmanager
    def transaction(self, label: str = "") -> Iterator[Repository]:
        if self._in_transaction:
            self.describe(label)
            yield self
            return
        with self._mutex:
            self._check()
            lock = self._lock()
            lock.acquire()
            try:
                ensure_folder(self.path)
                remove_stale_temps_in(self.path)
                self._recover()
                self._pick_up()
                self._in_transaction, self._pending, self._label = True, {}, label
                try:
                    yield self
                    changes = self._commit()
                except BaseException:
                    self._forget()
                    raise
            finally:
                self._in_transaction = False
                self._replaying = None
                lock.release()
            changes.merge(self._outside)
            self._outside = Changes()
            self.last_changes = changes
        if changes:
            for hook in self.after_commit:
                hook(self)

    def describe(self, label: str) -> None:
        """Name the change being made (for undo), unless the outermost caller already did."""
        if self._in_transaction and not self._label:
            self._label = label

    def put(self, record: Record) -> None:
        self.put_many([record])

    def put_many(self, records: Iterable[Record]) -> None:
        self._require_transaction()
        for record in records:
            table = self._table(type(record))
            rid: str = record.id  # type: ignore[attr-defined]  # every stored kind has an id; the Record base does not declare it
            # A changed touch was read before, so where it is is known; a new one is looked for in its month.
            before = table.raw_of(rid, [table.key_of(record)])
            table.put(record)
            self._remember(table.name, rid, before, table.raw_of(rid))

    def delete(self, kind: type[Record], record_ids: Iterable[str]) -> None:
        self._require_transaction()
        table = self._table(kind)
        for rid in record_ids:
            before = table.raw_of(rid)
            if table.remove(rid):
                self._remember(table.name, rid, before, None)

    def _remember(self, table: str, rid: str, before: bytes | None, after: bytes | None) -> None:
        key = (table, rid)
        first = self._pending.get(key)
        start = first.before if first is not None else raw_image(before)
        self._pending[key] = Change(table, rid, start, raw_image(after))

    def _commit(self) -> Changes:
        changes = Changes(label=self._label)
        real = [c for c in self._pending.values() if image(c.before) != image(c.after)]
        if not real:
            return changes
        entry = Entry(self._label or "change", _stamp(), real)
        if self._replaying is None:
            slot = self._journal.begin(entry)
        else:
            slot = self._replaying[0].moved(self._replaying[1])
        try:
            self._flush()
        except StorageError:
            self._roll_back(slot, entry)
            raise
        if self._replaying is None:
            self._journal.finish(slot)
        else:
            slot.moved(self._replaying[2])
        by_name = {name: kind for kind, name in TABLES.items()}
        for change in real:
            kind = by_name[change.table]
            changes.add(kind, change.id)
            if kind in (Interaction, Plan):
                for raw in (image(change.before), image(change.after)):
                    if raw is not None:
                        changes.people.update(msgspec.json.decode(raw)["contacts"])
        return changes

    def _flush(self) -> None:
        try:
            # Touches before the contacts whose last touch they move; the marker last.
            for kind in sorted(self._tables, key=lambda k: (k is Contact, k is not Interaction)):
                self._tables[kind].flush()
            if not (self.path / META).exists():
                write_raw(self.path / META, meta_bytes())
        except OSError as exc:
            where = exc.filename or self.path
            raise StorageError(f"{where}: cannot write ({exc.strerror or exc}); the change was not saved") from None

    def _recover(self) -> None:
        """Finish a change a crashed writer left half-written (called under the lock)."""
        for slot in self._journal.unfinished():
            self._apply(slot.read(), UNFINISHED[slot.state])
            slot.moved({"pending": "done", "redoing": "done", "undoing": "undone"}[slot.state])
            self._forget()

    def _roll_back(self, slot: Slot, entry: Entry) -> None:
        """A write failed part-way (disk full): put back what was written, so nothing changed."""
        self._forget()
        back = {"pending": "before", "undoing": "after", "redoing": "before"}[slot.state]
        try:
            self._apply(entry, back)
        except StorageError:
            return  # the disk still refuses: the next writer finishes the entry instead
        if slot.state == "pending":
            slot.path.unlink(missing_ok=True)
        else:
            slot.moved("done" if slot.state == "undoing" else "undone")
        self._forget()

    def _apply(self, entry: Entry, which: str) -> None:
        """Write each record of `entry` as it was `before` or `after` it (idempotent)."""
        by_name = {name: kind for kind, name in TABLES.items()}
        for change in entry.changes:
            kind = by_name[change.table]
            table = self._tables[kind]
            raw = image(change.after if which == "after" else change.before)
            keys = _keys_of(table, change)
            if raw is None:
                table.remove(change.id, keys)
            else:
                table.find(change.id, keys)  # where it is now, even in another month's file
                table.put(msgspec.json.decode(raw, type=kind))
        self._flush()

    def _forget(self) -> None:
        """A failed transaction leaves no trace: what is in memory is read again from disk."""
        self._tables = new_tables(self.path)
        self._pending = {}
        self._replaying = None

    def _require_transaction(self) -> None:
        if not self._in_transaction:
            raise RuntimeError("writes must happen inside Repository.transaction()")

    # Undo ----------------------------------------------------------------------------
    def undo_label(self) -> str | None:
        """What `undo()` would undo, or None."""
        slot = self._journal.newest("done")
        return slot.read().label if slot else None

    def redo_label(self) -> str | None:
        slot = self._journal.newest("undone")
        return slot.read().label if slot else None

    def undo(self) -> str:
        """Undo the newest change; its label. Refused when a record changed since."""
        return self._replay("done", "undoing", "undone", "undo")

    def redo(self) -> str:
        return self._replay("undone", "redoing", "done", "redo")

    def _replay(self, state: str, during: str, after: str, verb: str) -> str:
        by_name = {name: kind for kind, name in TABLES.items()}
        with self._mutex:
            self._check()
            with self.transaction(verb):
                slot = self._journal.newest(state)
                if slot is None:
                    raise NetcrmError(f"nothing to {verb}")
                entry = slot.read()
                steps = list(reversed(entry.changes)) if verb == "undo" else entry.changes
                for change in steps:
                    expect, restore = (change.after, change.before) if verb == "undo" else (change.before, change.after)
                    kind = by_name[change.table]
                    table = self._tables[kind]
                    if table.raw_of(change.id, _keys_of(table, change)) != image(expect):
                        raise NetcrmError(f"cannot {verb} {entry.label!r}: {change.id} was changed since; nothing changed")
                    if image(restore) is None:
                        self.delete(kind, [change.id])
                    else:
                        self.put(msgspec.json.decode(restore, type=kind))
                self._label = f"{verb} {entry.label}"
                self._replaying = (slot, during, after)
        return entry.label

    @_locked
    def contacts_through(
        self, decoder: msgspec.json.Decoder[dict[str, dict[str, T]]], id_of: Callable[[T], str], learn: bool = True
    ) -> list[T] | None:
        """Every person through a light decoder of just the fields a caller needs (today's queue
        ranks by ten of a contact's thirty), one per id as `contacts()` gives them. With `learn`,
        where each is stored is learnt, so `contact(id)` then decodes the few shown with no
        search (without, a first `contact(id)` in a shard searches that one shard). None when the
        people are decoded already (use `contacts()`) or a document does not fit the decoder."""
        table = self._table(Contact)
        if table.decoded:
            return None
        found = table.light(decoder)
        if found is None:
            return None
        if learn:
            table.learn({key: {doc_id: id_of(item) for doc_id, item in docs.items()} for key, docs in found.items()})
        return list({id_of(item): item for docs in found.values() for item in docs.values()}.values())


def _keys_of(table: Table[Any], change: Change) -> list[str]:
    """The files a journal entry's record can be in: its shard, or where its before and after
    images go."""
    key = table.partition.key_of_id(change.id)
    if key is not None:
        return [key]
    images = [raw for raw in (image(change.before), image(change.after)) if raw is not None]
    return list(dict.fromkeys(table.key_of(msgspec.json.decode(raw, type=table.kind)) for raw in images))


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def remove_stale_temps_in(folder: Path) -> None:
    """Temp files a crashed writer left in the database folder (called while holding the lock)."""
    for sub in (folder, folder / CONTACTS, folder / TOUCHES, folder / "journal"):
        for stale in sub.glob(f".*{TEMP_SUFFIX}") if sub.is_dir() else ():
            stale.unlink(missing_ok=True)
