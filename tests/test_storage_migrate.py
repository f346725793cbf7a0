"""A database of an older layout opens, moves to schema 3 once, and loses nothing."""

from __future__ import annotations

import json

import msgspec
from conftest import NOW, snapshot_of, table_files
from old_layouts import FIXTURE, copy_fixture, documents, export_digests, schema1_bytes

from netcrm.domain.model import Contact, Interaction
from netcrm.storage.layout import PARTITIONS, SCHEMA
from netcrm.storage.repository import Repository


def test_a_folder_written_by_the_last_release_moves_and_exports_the_same_yaml(tmp_path, cli):
    (tmp_path / "config.yaml").write_text("timezone: Europe/Berlin\norganisation: Northwind Labs\n")
    db = copy_fixture(tmp_path / "netcrm.json")
    before, stored = snapshot_of(db), documents(db)
    result = cli("--db", str(db), "list")
    assert result.code == 0
    assert result.err.count("moved to the faster database layout") == 1
    assert f"kept as {db}.v2-backup" in result.err
    assert snapshot_of(tmp_path / "netcrm.json.v2-backup") == before  # the old folder, as it was
    assert json.loads((db / "meta.json").read_bytes()) == {"netcrm": {"schema": SCHEMA}}
    assert not (db / "contacts.json").exists() and not list((db / "touches").glob("????.json"))
    assert documents(db) == stored  # every document byte for byte, each once
    exported = tmp_path / "export"
    assert cli("--db", str(db), "export", "yaml", str(exported)).code == 0
    expected = (FIXTURE / "export.sha256").read_text().splitlines()
    assert sorted(export_digests(exported)) == sorted(expected)  # what that release exported
    again = cli("--db", str(db), "list")
    assert again.code == 0 and "moved" not in again.err  # said once
    # The journal came along: the last change of the old release can be undone.
    assert Repository(db).contact("amara-okafor").title == "Head of Research"
    assert cli("--db", str(db), "undo").code == 0
    assert Repository(db).contact("amara-okafor").title == "Privacy Counsel"


def test_every_record_is_in_the_file_its_id_or_month_names(tmp_path):
    db = copy_fixture(tmp_path / "netcrm.json")
    repo = Repository(db)
    people, touches = repo.contacts(), repo.interactions()
    assert people and touches and not repo.set_aside()
    shards = PARTITIONS["contacts"]
    for path in table_files(db, Contact):
        for doc in json.loads(path.read_bytes())["contacts"].values():
            assert shards.key_of_id(doc["id"]) == path.stem
    for path in table_files(db, Interaction):
        for doc in json.loads(path.read_bytes())["touches"].values():
            assert doc["at"][:7] == path.stem
    assert 1 < len(table_files(db, Contact)) <= 16  # 47 people spread over the shards


def test_a_single_file_of_release_1_moves_straight_to_schema_3(tmp_path, cli):
    source = copy_fixture(tmp_path / "source")
    single = tmp_path / "netcrm.json"
    single.write_bytes(schema1_bytes(source))
    result = cli("--db", str(single), "list")
    assert result.code == 0 and "moved to the faster database layout" in result.err
    assert single.is_dir() and (tmp_path / "netcrm.json.v1-backup").read_bytes() == schema1_bytes(source)
    assert json.loads((single / "meta.json").read_bytes()) == {"netcrm": {"schema": SCHEMA}}
    assert documents(single) == documents(source)


def test_hand_edits_and_unreadable_documents_move_too(tmp_path):
    """A touch whose time was edited into another year, documents without an id or a time,
    and files of the user's own in the folder: all moved, nothing dropped."""
    db = copy_fixture(tmp_path / "netcrm.json")
    year = db / "touches" / "2025.json"
    data = json.loads(year.read_bytes())
    docs = data["touches"]
    first = next(iter(docs))
    docs[first]["at"] = "2024-12-31T23:00:00+01:00"  # stored in 2025's file by hand
    docs["9001"] = {"kind": "call"}  # no id, no time
    docs["9002"] = [1, 2]  # not even an object
    year.write_text(json.dumps(data))
    people = json.loads((db / "contacts.json").read_bytes())
    people["contacts"]["9001"] = {"name": "No Id"}
    (db / "contacts.json").write_text(json.dumps(people))
    (db / "touches" / "README.txt").write_text("my notes")
    (db / ".sync").mkdir()
    (db / ".sync" / "state.json").write_text("{}")
    stored = documents(db)
    notices: list[str] = []
    repo = Repository(db)
    repo.on_notice = notices.append
    assert len(repo.contacts()) == 47 and len(repo.set_aside()) == 3
    assert documents(db) == stored
    assert (db / "touches" / "README.txt").read_text() == "my notes"
    assert (db / ".sync" / "state.json").read_text() == "{}"
    moved = next(i for i in repo.interactions() if i.at.year == 2024 and i.at.month == 12 and i.at.day == 31)
    assert moved.at.hour == 23
    assert any("moved to the faster database layout" in n for n in notices)


def test_a_newer_schema_is_refused_and_left_alone(tmp_path, cli):
    db = copy_fixture(tmp_path / "netcrm.json")
    (db / "meta.json").write_bytes(msgspec.json.encode({"netcrm": {"schema": SCHEMA + 1}}))
    before = snapshot_of(db)
    result = cli("--db", str(db), "list")
    assert result.code == 2 and "newer netcrm" in result.err
    assert snapshot_of(db) == before


def test_the_moved_database_takes_a_touch_in_one_shard_and_one_month(tmp_path, cli):
    db = copy_fixture(tmp_path / "netcrm.json")
    assert cli("--db", str(db), "list").code == 0
    before = snapshot_of(db)
    assert cli("--db", str(db), "log", "amara-okafor", "--kind", "call").code == 0
    changed = {k for k, v in snapshot_of(db).items() if before.get(k) != v}
    data = {k for k in changed if not k.startswith("journal/")}
    shard = PARTITIONS["contacts"].key_of_id("amara-okafor")
    assert data == {f"contacts/{shard}.json", f"touches/{NOW:%Y-%m}.json"}


def test_doctor_names_an_older_folder_changes_nothing_and_fix_moves_it(tmp_path, cli):
    db = copy_fixture(tmp_path / "netcrm.json")
    before = snapshot_of(db)
    checked = cli("--db", str(db), "doctor")
    assert checked.code == 0, checked.out  # a note, not a problem
    assert f"{db}: the older folder layout" in checked.out
    assert snapshot_of(db) == before and not (tmp_path / "netcrm.json.v2-backup").exists()
    fixed = cli("--db", str(db), "doctor", "--fix")
    assert fixed.code == 0, fixed.out
    assert json.loads((db / "meta.json").read_bytes()) == {"netcrm": {"schema": SCHEMA}}
    after = cli("--db", str(db), "doctor")
    assert "the older database folder, kept when it was moved" in after.out
    assert "(47 people" in after.out
