"""The repository's writes: replace by id, delete, and a file stock TinyDB still reads."""

from __future__ import annotations

import json

import msgspec
from conftest import contact_file, snapshot_of, table_files
from storage_procs import person
from tinydb import TinyDB

from netcrm.storage.repository import Repository


def test_put_replaces_by_id_delete_removes_and_both_survive_a_reload(db_path):
    repo = Repository(db_path)
    with repo.transaction():
        repo.put_many([person("ann"), person("bo"), person("cy")])
    with repo.transaction():
        repo.put(msgspec.structs.replace(person("bo"), title="CFO"))
        repo.delete(type(person("x")), ["cy", "never-existed"])
        repo.put(person("dee"))
    for view in (repo, Repository(db_path)):
        assert sorted(c.id for c in view.contacts()) == ["ann", "bo", "dee"]
        assert view.contact("bo").title == "CFO"
        assert view.contact("cy") is None


def test_a_failed_transaction_leaves_file_and_memory_as_they_were(db_path):
    repo = Repository(db_path)
    with repo.transaction():
        repo.put(person("ann"))
    before = snapshot_of(db_path)
    try:
        with repo.transaction():
            repo.put(person("bo"))
            raise ValueError("the user pressed escape")
    except ValueError:
        pass
    assert snapshot_of(db_path) == before
    assert [c.id for c in repo.contacts()] == ["ann"]
    with repo.transaction():
        repo.put(person("cy"))
    assert sorted(c.id for c in Repository(db_path).contacts()) == ["ann", "cy"]


def test_every_file_stays_a_tinydb_database(db_path):
    repo = Repository(db_path)
    with repo.transaction():
        repo.put_many([person("ann"), person("bo")])
    with repo.transaction():
        repo.put(msgspec.structs.replace(person("ann"), title="VP"))
    from netcrm.domain.model import Contact

    docs = []
    for shard in table_files(db_path, Contact):  # each shard is a TinyDB file of its own
        stock = TinyDB(shard)
        mine = stock.table("contacts").all()
        assert sorted(d.doc_id for d in mine) == list(range(1, len(mine) + 1))  # TinyDB's numbering
        docs += mine
        stock.close()
    assert sorted((d["id"], d.get("title", "")) for d in docs) == [("ann", "VP"), ("bo", "")]


def test_a_bad_record_is_set_aside_reported_and_kept_byte_for_byte(db_path):
    """One record that does not validate never locks the user out of the others."""
    from netcrm.domain.model import Contact, Interaction

    repo = Repository(db_path)
    with repo.transaction():
        repo.put_many([person("ann"), person("bo")])
    path = contact_file(db_path, "bo")
    data = json.loads(path.read_text())
    bad = next(d for d, c in data["contacts"].items() if c["id"] == "bo")
    data["contacts"][bad]["birthday"] = "2026-02-31 not a date"
    data["contacts"][bad]["shoe_size"] = 44
    path.write_text(json.dumps(data))
    bad_doc = json.dumps(data["contacts"][bad]).encode()

    repo = Repository(db_path)
    assert [c.id for c in repo.contacts()] == ["ann"]
    (aside,) = repo.set_aside()
    assert aside.path == path and aside.doc_id == bad and "birthday" in aside.error
    with repo.transaction():  # a later write keeps the bad record as it was
        repo.put(Contact(id="cy", name="Cy"))
        repo.put(Interaction(id="t1", contacts=["ann"], at=person("x").created, kind="call"))
    stored = json.loads(path.read_text())["contacts"]
    assert json.loads(bad_doc) == stored[bad]
    assert sorted(c.id for c in Repository(db_path).contacts()) == ["ann", "cy"]
