"""What one logged touch costs, against the floor for a whole-file store.

The floor: serialize the whole state once with a fast JSON encoder (msgspec),
write it to a file beside the database and fsync it. Any store that keeps the
network in one file (as netcrm does, for crash safety and easy backups) pays
at least that per write. The subject: `log_touch` through the real service on
an open workspace (the full-screen app's situation: the network is already in
memory), including the lock, the validation, the contact update and netcrm's
atomic write (temp file, fsync, rename, fsync folder). Target: <= 3x.

    python benchmarks/bench_log.py [--db PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import msgspec
from common import dataset, interleaved, report

from netcrm.services.config import Config
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="an existing database (default: generate one)")
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    db = dataset(args.db, args.contacts, args.touches)
    print(f"{db}: {db.stat().st_size / 1e6:.1f} MB")

    ws = Workspace(Repository(db), Config(timezone="UTC"))
    people = ws.repo.contacts()
    ws.repo.interactions()  # open the way the app does: everything parsed once
    state = msgspec.json.decode(db.read_bytes())
    floor_path = db.with_name(db.name + ".floor")
    turn = iter(range(10**9))

    def floor() -> None:
        data = msgspec.json.encode(state)
        fd = os.open(floor_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def log_one() -> None:
        n = next(turn)
        log_touch(ws, [people[n % len(people)]], "call", summary=f"benchmark touch {n}")

    try:
        medians = interleaved(args.runs, **{"floor (encode+write+fsync)": floor, "log_touch": log_one})
    finally:
        floor_path.unlink(missing_ok=True)
    return report(medians, "log_touch", "floor (encode+write+fsync)", 3.0)


if __name__ == "__main__":
    sys.exit(main())
