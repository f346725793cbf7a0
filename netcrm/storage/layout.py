"""The database folder, schema 3: which table lives in which files.

    netcrm.json/             (the path given by --db / NETCRM_DB; a folder)
      meta.json              {"netcrm": {"schema": 3}}, written last: the folder is complete
      contacts/00.json .. contacts/15.json   people, by a hash of their id (`partition.Shards`)
      touches/2026-10.json  touches/2026-11.json   touches, by month (`partition.Months`)
      plans.json  introductions.json  skips.json  verdicts.json
      journal/               each change's before and after (all-or-nothing writes, undo)

Every data file is TinyDB's `{table: {doc_id: doc}}` with the table's name
inside (`{"contacts": {...}}` in each shard), so any file opens on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from netcrm.domain.model import Contact, Interaction, Introduction, PairVerdict, Plan, Record, Skip
from netcrm.storage.docfile import Docs, encode_docs, write_raw
from netcrm.storage.partition import Months, Partition, Shards, month_of_text
from netcrm.storage.table import Table

SCHEMA = 3
META = "meta.json"
TOUCHES = "touches"
CONTACTS = "contacts"

TABLES: dict[type[Record], str] = {
    Contact: CONTACTS,
    Interaction: TOUCHES,
    Plan: "plans",
    Introduction: "introductions",
    Skip: "skips",
    PairVerdict: "verdicts",
}
PARTITIONS: dict[str, Partition] = {CONTACTS: Shards(), TOUCHES: Months()}
WHOLE = Partition()


def meta_bytes() -> bytes:
    return msgspec.json.encode({"netcrm": {"schema": SCHEMA}})


def new_table(kind: type[Record], folder: Path) -> Table[Record]:
    name = TABLES[kind]
    return Table(kind, name, folder, PARTITIONS.get(name, WHOLE))


def new_tables(folder: Path) -> dict[type[Record], Table[Record]]:
    return {kind: new_table(kind, folder) for kind in TABLES}


class _Id(msgspec.Struct):
    id: Any = None


class _When(msgspec.Struct):
    at: Any = None


_ids = msgspec.json.Decoder(list[_Id])
_whens = msgspec.json.Decoder(list[_When])
_one_id = msgspec.json.Decoder(_Id)
_one_when = msgspec.json.Decoder(_When)


def _fields(docs: Docs, many: msgspec.json.Decoder[Any], one: msgspec.json.Decoder[Any], name: str) -> list[Any]:
    """Field `name` of every document, without decoding the rest (None where it is not there,
    or the document is not an object: such a document is set aside when it is read)."""
    try:
        return [getattr(d, name) for d in many.decode(b"[" + b",".join(bytes(r) for r in docs.values()) + b"]")]
    except msgspec.ValidationError:
        found = []
        for raw in docs.values():
            try:
                found.append(getattr(one.decode(raw), name))
            except msgspec.ValidationError:
                found.append(None)
        return found


def split_contacts(docs: Docs) -> dict[str, Docs]:
    """Contact documents by shard, byte for byte, keeping their document ids."""
    shards = PARTITIONS[CONTACTS]
    out: dict[str, Docs] = {}
    for (doc_id, raw), rid in zip(docs.items(), _fields(docs, _ids, _one_id, "id")):
        key = shards.key_of_id(rid) if isinstance(rid, str) else "00"
        out.setdefault(key or "00", {})[doc_id] = raw
    return out


def split_touches(docs: Docs, into: dict[str, Docs] | None = None) -> dict[str, Docs]:
    """Touch documents by month (added to `into`), byte for byte; a document id already used
    in its month file (two old files' bad documents meet there) gets the next free number."""
    out: dict[str, Docs] = {} if into is None else into
    for (doc_id, raw), at in zip(docs.items(), _fields(docs, _whens, _one_when, "at")):
        month = out.setdefault(month_of_text(at if isinstance(at, str) else ""), {})
        if doc_id in month:
            doc_id = str(max((int(d) for d in month if d.isdigit()), default=0) + 1)
        month[doc_id] = raw
    return out


def write_table(folder: Path, name: str, parts: dict[str, Docs]) -> None:
    """Write one table's files into a folder being built."""
    partition = PARTITIONS.get(name, WHOLE)
    for key, docs in sorted(parts.items()):
        write_raw(partition.path(folder, name, key), encode_docs(name, docs))
