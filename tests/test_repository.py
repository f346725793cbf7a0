"""The repository's writes: replace by id, delete, and a file stock TinyDB still reads."""

from __future__ import annotations

import msgspec
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
    before = db_path.read_bytes()
    try:
        with repo.transaction():
            repo.put(person("bo"))
            raise ValueError("the user pressed escape")
    except ValueError:
        pass
    assert db_path.read_bytes() == before
    assert [c.id for c in repo.contacts()] == ["ann"]
    with repo.transaction():
        repo.put(person("cy"))
    assert sorted(c.id for c in Repository(db_path).contacts()) == ["ann", "cy"]


def test_the_file_stays_a_tinydb_database(db_path):
    repo = Repository(db_path)
    with repo.transaction():
        repo.put_many([person("ann"), person("bo")])
    with repo.transaction():
        repo.put(msgspec.structs.replace(person("ann"), title="VP"))
    stock = TinyDB(db_path)
    docs = stock.table("contacts").all()
    assert sorted((d["id"], d.get("title", "")) for d in docs) == [("ann", "VP"), ("bo", "")]
    assert sorted(d.doc_id for d in docs) == [1, 2]
    stock.close()


def test_a_table_with_a_bad_record_is_kept_as_it_was_by_a_later_write(tmp_path):
    """Tables are parsed on first use; one that fails to load must still be written back whole."""
    import json

    import pytest

    from netcrm.domain.model import Contact
    from netcrm.errors import StorageError
    from netcrm.storage.repository import Repository

    db = tmp_path / "netcrm.json"
    bad = {"1": {"id": "t", "contacts": ["x"], "at": 5, "kind": "call"}}
    db.write_text(json.dumps({"contacts": {}, "interactions": bad}))
    repo = Repository(db)
    with pytest.raises(StorageError, match="interactions"):
        repo.timeline("x")
    with repo.transaction():
        repo.put(Contact(id="ann", name="Ann"))
    stored = json.loads(db.read_text())
    assert stored["interactions"] == bad
    assert stored["contacts"]["1"]["name"] == "Ann"
