"""Two writers at once lose nothing; a writer that cannot get the lock says so and writes nothing;
a damaged or foreign database file is reported, never overwritten; files are private (0600)."""

from __future__ import annotations

import json
import os
import stat

import pytest
from storage_procs import ack, fork, person, read_acks, seed, wait

from netcrm.errors import StorageError
from netcrm.services.config import Config
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.storage.jsonfile import SCHEMA_KEY, SCHEMA_VERSION
from netcrm.storage.lock import WriteLock
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
    json.loads(db.read_bytes())


def test_a_writer_that_cannot_get_the_lock_gets_a_clear_error_and_writes_nothing(tmp_path):
    db = tmp_path / "netcrm.json"
    seed(db, 3)
    before = db.read_bytes()
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
    assert db.read_bytes() == before
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
def test_a_corrupt_database_is_named_in_one_line_and_left_untouched(cli, db_path, content, command):
    db_path.write_bytes(content)
    result = cli(*command)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert result.err.startswith("netcrm: ")
    assert str(db_path) in result.err
    assert "Traceback" not in result.err
    assert db_path.read_bytes() == content


def test_the_schema_version_is_recorded_and_a_newer_one_refused(cli, db_path):
    assert cli("add", "Ann Lee").code == 0
    data = json.loads(db_path.read_bytes())
    assert data[SCHEMA_KEY] == {"schema": SCHEMA_VERSION}

    data[SCHEMA_KEY]["schema"] = SCHEMA_VERSION + 1
    newer = json.dumps(data).encode()
    db_path.write_bytes(newer)
    for command in (("list",), ("add", "Bo Chen")):
        result = cli(*command)
        assert result.code == 2
        assert "newer netcrm" in result.err and str(db_path) in result.err
        assert len(result.err.strip().splitlines()) == 1
    assert db_path.read_bytes() == newer


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_and_exports_are_private(cli, db_path, tmp_path):
    db_path.write_text("{}")
    db_path.chmod(0o644)
    assert cli("add", "Ann Lee").code == 0
    assert mode(db_path) == 0o600  # rewritten files are private even if the old one was not
    assert mode(db_path.with_name(db_path.name + ".lock")) == 0o600
    out = tmp_path / "export"
    assert cli("export", "yaml", str(out)).code == 0
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files and all(mode(p) == 0o600 for p in files)
