"""Two writers at once lose nothing; a writer that cannot get the lock says so and writes nothing;
a damaged or foreign database file is reported, never overwritten; files are private (0600)."""

from __future__ import annotations

import json
import os
import stat

import pytest
from conftest import contact_file, snapshot_of
from storage_procs import ack, fork, person, read_acks, seed, wait

from netcrm.errors import StorageError
from netcrm.services.config import Config
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.storage.lock import WriteLock
from netcrm.storage.migrate import SCHEMA
from netcrm.storage.repository import Repository

TOUCHES_EACH = 25


def test_two_processes_logging_at_once_lose_nothing(tmp_path, now):
    db = tmp_path / "netcrm.json"
    seed(db, 40)
    go_read, go_write = os.pipe()

    def logger(name: str):
        def body(fd: int) -> None:
            os.read(go_read, 1)  # start together
            ws = Workspace(Repository(db, lock_timeout=30), Config(timezone="UTC"), lambda: now)
            for n in range(TOUCHES_EACH):
                item = log_touch(ws, [ws.repo.contact(f"seed-{n}")], kind="call", summary=f"{name} {n}")
                ack(fd, item.id)

        return body

    children = [fork(logger("a")), fork(logger("b"))]
    os.write(go_write, b"gg")
    acked = [read_acks(fd) for _, fd in children]
    assert [wait(pid) for pid, _ in children] == [0, 0]

    repo = Repository(db)
    stored = {i.id for i in repo.interactions()}
    assert len(stored) == 2 * TOUCHES_EACH
    assert stored == set(acked[0]) | set(acked[1])
    summaries = sorted(i.summary for i in repo.interactions())
    assert summaries == sorted(f"{who} {n}" for who in "ab" for n in range(TOUCHES_EACH))
    # Every touched person's last touch survived the other process's writes.
    assert all(repo.contact(f"seed-{n}").last_touch is not None for n in range(TOUCHES_EACH))
    for content in snapshot_of(db).values():
        json.loads(content)  # every file of the database parses


def test_a_writer_that_cannot_get_the_lock_gets_a_clear_error_and_writes_nothing(tmp_path):
    db = tmp_path / "netcrm.json"
    seed(db, 3)
    before = snapshot_of(db)
    repo = Repository(db, lock_timeout=0.1)
    with WriteLock(db.with_name(db.name + ".lock")):  # another writer holds the lock
        with pytest.raises(StorageError) as caught:
            with repo.transaction():
                repo.put(person("blocked"))
    message = str(caught.value)
    assert str(db) in message
    assert "another netcrm" in message and f"pid {os.getpid()}" in message
    assert "nothing was written" in message
    assert "\n" not in message
    assert snapshot_of(db) == before
    # Once the other writer is done, the same repository writes normally.
    with repo.transaction():
        repo.put(person("later"))
    assert "later" in {c.id for c in Repository(db).contacts()}
    assert "blocked" not in {c.id for c in Repository(db).contacts()}


CORRUPT = {
    "truncated JSON": b'{"contacts": {"1": {"id": "ann", "na',
    "garbage": b"\x00\x9f binary garbage \xff",
    "a JSON list": b'[{"id": "ann", "name": "Ann"}]',
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
@pytest.mark.parametrize("command", [("list",), ("add", "Ann Lee")], ids=["read", "write"])
@pytest.mark.parametrize("layout", ["folder", "old single file"])
def test_a_corrupt_database_is_named_in_one_line_and_left_untouched(cli, db_path, content, command, layout):
    if layout == "folder":
        assert cli("add", "Bo Chen").code == 0
        damaged = contact_file(db_path, "bo-chen")
    else:
        damaged = db_path
    damaged.write_bytes(content)
    before = snapshot_of(db_path)
    result = cli(*command)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert result.err.startswith("netcrm: ")
    assert str(damaged) in result.err
    assert "Traceback" not in result.err
    assert snapshot_of(db_path) == before


def test_the_schema_version_is_recorded_and_a_newer_one_refused(cli, db_path):
    assert cli("add", "Ann Lee").code == 0
    meta = db_path / "meta.json"
    assert json.loads(meta.read_bytes()) == {"netcrm": {"schema": SCHEMA}}
    meta.write_text(json.dumps({"netcrm": {"schema": SCHEMA + 1}}))
    before = snapshot_of(db_path)
    for command in (("list",), ("add", "Bo Chen")):
        result = cli(*command)
        assert result.code == 2
        assert "newer netcrm" in result.err and str(db_path) in result.err
        assert len(result.err.strip().splitlines()) == 1
    assert snapshot_of(db_path) == before


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_and_exports_are_private(cli, db_path, tmp_path):
    os.umask(0o000)  # the most permissive umask a user can have
    try:
        assert cli("add", "Ann Lee").code == 0
        assert cli("log", "ann", "--kind", "call").code == 0
    finally:
        os.umask(0o022)
    assert mode(db_path) == 0o700
    assert mode(db_path / "touches") == 0o700
    files = [p for p in db_path.rglob("*") if p.is_file()]
    assert files and all(mode(p) == 0o600 for p in files), [(p, oct(mode(p))) for p in files]
    assert mode(db_path.with_name(db_path.name + ".lock")) == 0o600
    out = tmp_path / "export"
    assert cli("export", "yaml", str(out)).code == 0
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files and all(mode(p) == 0o600 for p in files)
