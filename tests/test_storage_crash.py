"""A writer killed with SIGKILL at any moment never costs a write it reported, nor the file;
a migration killed at any moment leaves the old database or the new one, complete."""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from pathlib import Path

import pytest
from conftest import data_files, table_files
from old_layouts import copy_fixture, documents, schema1_bytes
from storage_procs import ack, fork, kill, person, read_acks, seed, temps, wait

from netcrm.domain.model import Contact
from netcrm.storage import atomic
from netcrm.storage.migrate import building_folder
from netcrm.storage.repository import Repository

TRIALS = 40


def write_until_killed(db: Path, trial: int) -> list[str]:
    def body(fd: int) -> None:
        repo = Repository(db)
        rng = random.Random(trial)
        for n in range(10_000):
            batch = [f"t{trial}-w{n}-{k}" for k in range(rng.randint(1, 3))]
            with repo.transaction():
                repo.put_many(person(cid) for cid in batch)
            ack(fd, " ".join(batch))

    pid, fd = fork(body)
    time.sleep(random.Random(-trial).uniform(0, 0.06))
    kill(pid)
    return read_acks(fd)


def test_sigkill_at_random_points_loses_no_acknowledged_write(tmp_path):
    db = tmp_path / "netcrm.json"
    expected = set(seed(db, 150))
    for trial in range(TRIALS):
        expected |= set(write_until_killed(db, trial))
        stored = {
            doc["id"]
            for shard in table_files(db, Contact)
            for doc in json.loads(shard.read_bytes())["contacts"].values()  # every file always parses
        }
        missing = expected - stored
        assert not missing, f"trial {trial}: acknowledged writes lost: {sorted(missing)[:5]}"
    # The file is a healthy database for the next writer too.
    repo = Repository(db)
    with repo.transaction():
        repo.put(person("after-the-crashes"))
    assert expected | {"after-the-crashes"} <= {c.id for c in Repository(db).contacts()}
    assert temps(db) == []


def test_a_writer_killed_mid_write_leaves_the_old_file_and_its_temp_is_cleaned_up(tmp_path):
    db = tmp_path / "netcrm.json"
    seed(db, 20)
    before = {path: path.read_bytes() for path in data_files(db)}

    def body(fd: int) -> None:
        real_fsync = os.fsync

        def fsync_then_stall(target: int) -> None:
            real_fsync(target)
            ack(fd, "in-fsync")  # the temp file is written, the rename has not happened
            time.sleep(30)

        atomic.os.fsync = fsync_then_stall  # type: ignore[attr-defined]
        repo = Repository(db)
        with repo.transaction():
            repo.put(person("never-acknowledged"))

    pid, fd = fork(body)
    assert os.read(fd, 64) == b"in-fsync\n"
    kill(pid)
    os.close(fd)

    assert {path: path.read_bytes() for path in data_files(db)} == before
    assert len(temps(db)) == 1, "the killed writer should have left its temp file behind"
    repo = Repository(db)
    assert "never-acknowledged" not in {c.id for c in repo.contacts()}
    with repo.transaction():
        repo.put(person("next-writer"))
    assert temps(db) == []
    assert {"seed-0", "next-writer"} <= {c.id for c in Repository(db).contacts()}


MIGRATION_TRIALS = 15
SOURCES = ["schema 2 folder", "schema 1 file"]


def _old_database(origin: Path, db: Path, source: str) -> None:
    """Put the old database back at `db`, removing what a previous trial left (backups, a build)."""
    for leftover in [db, building_folder(db), *db.parent.glob(f"{db.name}.v*-backup*")]:
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink(missing_ok=True)
    if source == "schema 1 file":
        db.write_bytes(schema1_bytes(origin))
    else:
        shutil.copytree(origin, db)


def _moved_losslessly(origin: Path, db: Path, source: str) -> None:
    """Opened after the crash, the database is schema 3 with every document, and the old
    one is kept exactly once, as it was."""
    repo = Repository(db)
    assert repo.contacts() and not repo.set_aside()
    assert documents(db) == documents(origin)
    (backup,) = db.parent.glob(f"{db.name}.v*-backup*")
    if source == "schema 1 file":
        assert backup.read_bytes() == schema1_bytes(origin)
    else:
        assert documents(backup) == documents(origin)
    assert not building_folder(db).exists() and temps(db) == []


@pytest.mark.parametrize("source", SOURCES)
def test_a_migration_killed_at_random_points_restarts_or_finishes_cleanly(tmp_path, source):
    origin = copy_fixture(tmp_path / "origin")
    db = tmp_path / "netcrm.json"
    for trial in range(MIGRATION_TRIALS):
        _old_database(origin, db, source)

        def body(fd: int) -> None:
            Repository(db).contacts()
            ack(fd, "moved")

        pid, fd = fork(body)
        time.sleep(random.Random(trial).uniform(0, 0.04))
        kill(pid)
        read_acks(fd)
        _moved_losslessly(origin, db, source)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("step", [("write", 1), ("write", 4), ("meta", 1), ("rename", 1), ("rename", 2)],
                         ids=lambda s: f"{s[0]} {s[1]}")
def test_a_migration_killed_at_each_step_restarts_or_finishes_cleanly(tmp_path, source, step):
    """Killed while writing the new files, at the marker, before the old database becomes the
    backup, and between that and the new folder taking its place."""
    from netcrm.storage import layout, migrate

    origin = copy_fixture(tmp_path / "origin")
    db = tmp_path / "netcrm.json"
    _old_database(origin, db, source)
    what, nth = step

    def body(fd: int) -> None:
        calls = {"n": 0}

        def dying(real):  # noqa: ANN001, ANN202 - wraps the step to die at
            def step_(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
                calls["n"] += 1
                if calls["n"] == nth:
                    os._exit(9)
                return real(*args, **kwargs)

            return step_

        if what == "write":
            layout.write_raw = dying(layout.write_raw)
        elif what == "meta":
            migrate.write_raw = dying(migrate.write_raw)
        else:
            migrate.os.rename = dying(migrate.os.rename)
        Repository(db).contacts()

    pid, fd = fork(body)
    assert wait(pid) == 9
    os.close(fd)
    _moved_losslessly(origin, db, source)
