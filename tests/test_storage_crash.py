"""A writer killed with SIGKILL at any moment never costs a write it reported, nor the file."""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

from conftest import data_files, table_files
from storage_procs import ack, fork, kill, person, read_acks, seed, temps

from netcrm.domain.model import Contact

from netcrm.storage import atomic
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
