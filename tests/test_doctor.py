"""`netcrm doctor`: one line per finding naming the file (and record), exit 2 when something
needs the user, nothing written without --fix, and --fix makes only the safe repairs."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat

import pytest
from conftest import NOW, contact_file, snapshot_of

from netcrm.domain.model import Contact, Interaction, Introduction, Plan
from netcrm.services.people import add_contact
from netcrm.services.touches import log_touch
from netcrm.storage.table import Table


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def network(ws):
    """Two people and a touch between them."""
    ann, bo = add_contact(ws, "Ann Lee"), add_contact(ws, "Bo Chen")
    log_touch(ws, [ann, bo], kind="call", at=NOW - dt.timedelta(days=2))
    return ws


def test_a_healthy_database_says_so_and_exits_0(network, cli, db_path):
    result = cli("doctor")
    assert result.code == 0, result.out
    assert result.out.strip() == f"{db_path}: healthy (2 people, 1 touch, 0 plans, 0 introductions)"


def test_open_permissions_are_named_one_line_each_and_fix_closes_them(network, cli, db_path):
    shard = contact_file(db_path, "bo-chen")
    os.chmod(shard, 0o644)
    os.chmod(db_path / "touches", 0o755)
    before = snapshot_of(db_path)
    result = cli("doctor")
    assert result.code == 2
    assert f"{shard}: others may read it (mode 0644)" in result.out
    assert f"{db_path / 'touches'}: others may read it (mode 0755)" in result.out
    assert mode(shard) == 0o644  # a check changes nothing

    fixed = cli("doctor", "--fix")
    assert fixed.code == 0, fixed.out
    assert mode(shard) == 0o600 and mode(db_path / "touches") == 0o700
    assert snapshot_of(db_path) == before  # only modes changed, not one byte
    assert cli("doctor").code == 0


def test_an_unreadable_record_is_named_by_file_and_record_and_left_as_it_is(network, cli, db_path):
    path = contact_file(db_path, "bo-chen")
    data = json.loads(path.read_text())
    doc_id = next(d for d, c in data["contacts"].items() if c["id"] == "bo-chen")
    data["contacts"][doc_id]["shoe_size"] = 44
    path.write_text(json.dumps(data))
    os.chmod(path, 0o600)
    before = snapshot_of(db_path)

    for args in (("doctor",), ("doctor", "--fix")):
        result = cli(*args)
        assert result.code == 2
        (line,) = [line for line in result.out.splitlines() if "cannot be read" in line]
        assert line.startswith(f"{path} record {doc_id} (id bo-chen): cannot be read:") and "shoe_size" in line
        assert snapshot_of(db_path) == before  # kept byte for byte, also by --fix
    # The touch with Bo is not a dangling reference: Bo is there, only unreadable.
    assert "not in the database" not in cli("doctor").out


def test_an_interrupted_change_is_reported_untouched_and_fix_finishes_it(network, cli, db_path, monkeypatch):
    real = Table.flush

    def die_before_contacts(self):  # the touches file is written, then the writer dies
        if self.name == "contacts":
            raise KeyboardInterrupt
        real(self)

    monkeypatch.setattr(Table, "flush", die_before_contacts)
    with pytest.raises(KeyboardInterrupt):
        log_touch(network, [network.repo.contact("ann-lee")], kind="coffee", at=NOW - dt.timedelta(hours=1))
    monkeypatch.setattr(Table, "flush", real)
    before = snapshot_of(db_path)

    result = cli("doctor")
    assert result.code == 2
    (line,) = [line for line in result.out.splitlines() if "a change that was interrupted" in line]
    assert line.startswith(str(db_path / "journal")) and ".pending.json" in line
    assert snapshot_of(db_path) == before

    fixed = cli("doctor", "--fix")
    assert fixed.code == 0, fixed.out
    assert "repaired: " in fixed.out and ": a change that was interrupted (pending)" in fixed.out
    shown = json.loads(cli("show", "ann-lee", "--json").out)
    assert [t["kind"] for t in shown["timeline"]] == ["coffee", "call"]


def test_touches_plans_introductions_and_introducers_naming_nobody_are_listed(network, cli):
    ws = network
    at = NOW - dt.timedelta(days=1)
    with ws.repo.transaction():
        ws.repo.put(Interaction(id="t-ghost", contacts=["ann-lee", "gone-person"], at=at, kind="lunch"))
        ws.repo.put(Plan(id="p-ghost", contacts=["gone-person"], start=NOW + dt.timedelta(days=3), duration=30))
        ws.repo.put(Introduction(id="x-ghost", a="ann-lee", b="gone-person", at=at))
        ws.repo.put(Contact(id="cy-diaz", name="Cy Diaz", introduced_by="gone-person"))
    result = cli("doctor")
    assert result.code == 2
    dangling = [line for line in result.out.splitlines() if "gone-person, who is not in the database" in line]
    assert [line.split(":")[0].split(" (")[0] for line in dangling] == [
        "touch t-ghost", "catch-up p-ghost", "introduction x-ghost", "person cy-diaz"]
    assert "netcrm touch edit t-ghost" in dangling[0] and "netcrm edit cy-diaz" in dangling[3]


def test_a_broken_config_is_a_finding_while_other_commands_refuse(network, cli, tmp_path):
    (tmp_path / "config.yaml").write_text("daily_target: lots\n")
    assert cli("list").code == 2
    result = cli("doctor")
    assert result.code == 2
    (line,) = [line for line in result.out.splitlines() if line.startswith(str(tmp_path / "config.yaml"))]
    assert "daily_target" in line and "every command refuses" in line


def test_an_old_single_file_and_its_backup_are_notes_and_fix_moves_the_file(cli, db_path):
    db_path.write_text(json.dumps({"_netcrm": {"schema": 1}, "contacts": {"1": {"id": "ann", "name": "Ann"}}}))
    os.chmod(db_path, 0o600)
    result = cli("doctor")
    assert result.code == 0 and db_path.is_file()  # looked at, not moved
    assert f"{db_path}: the old single-file layout" in result.out
    assert result.out.splitlines()[-1] == f"{db_path}: healthy"

    fixed = cli("doctor", "--fix")
    assert fixed.code == 0 and db_path.is_dir()
    backup = db_path.with_name(db_path.name + ".v1-backup")
    assert backup.is_file()
    assert f"{backup}: the old single-file database" in fixed.out and "delete it once" in fixed.out
    assert json.loads(cli("show", "ann", "--json").out)["name"] == "Ann"


def test_doctor_on_a_named_database_that_is_not_there_is_an_error(cli, db_path):
    result = cli("doctor")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"netcrm: {db_path}: no database there (NETCRM_DB)")
    assert not db_path.exists()


def test_a_folder_that_is_not_a_database_is_said_and_not_searched(cli, tmp_path):
    elsewhere = tmp_path / "home"
    (elsewhere / "deep").mkdir(parents=True)
    (elsewhere / "deep" / "notes.txt").write_text("mine")
    os.chmod(elsewhere / "deep" / "notes.txt", 0o644)
    result = cli("--db", str(elsewhere), "doctor", "--fix")
    assert result.code == 2
    assert f"{elsewhere}: is a folder that is not a netcrm database" in result.out
    assert "notes.txt" not in result.out and mode(elsewhere / "deep" / "notes.txt") == 0o644


def test_a_file_that_is_not_json_is_named_and_the_rest_still_checked(network, cli, db_path):
    (db_path / "plans.json").write_text("{not json")
    os.chmod(db_path / "plans.json", 0o600)
    result = cli("doctor")
    assert result.code == 2
    (line,) = [line for line in result.out.splitlines() if line.startswith(str(db_path / "plans.json"))]
    assert "not readable JSON" in line and "commands that read it refuse to run until it is fixed" in line
    assert "(2 people, 1 touch, 0 plans, 0 introductions)" in result.out


def test_doctor_on_the_demo_is_refused_in_one_line(cli):
    result = cli("doctor", "--demo")
    assert result.code == 2 and result.err.count("\n") == 1 and "--demo" in result.err


def test_a_person_moved_by_hand_into_another_shard_is_named_and_a_change_puts_them_back(network, cli, db_path):
    home = contact_file(db_path, "bo-chen")
    other = next(home.with_name(f"{n:02d}.json") for n in range(16) if home.name != f"{n:02d}.json")
    data = json.loads(home.read_text())
    doc_id = next(d for d, c in data["contacts"].items() if c["id"] == "bo-chen")
    moved = {"contacts": {"1": data["contacts"].pop(doc_id)}}
    if other.exists():
        moved["contacts"] = {**json.loads(other.read_text())["contacts"], "999": moved["contacts"]["1"]}
    home.write_text(json.dumps(data))
    other.write_text(json.dumps(moved))
    os.chmod(other, 0o600)
    result = cli("doctor")
    assert result.code == 2
    assert f"{other} id bo-chen: is in the wrong file: netcrm looks for it by id in {home}" in result.out
    assert cli("snooze", "bo-chen", "--until", "2026-12-24").code == 0  # found all the same
    assert cli("doctor").code == 0
    assert "bo-chen" in home.read_text() and "bo-chen" not in other.read_text()
