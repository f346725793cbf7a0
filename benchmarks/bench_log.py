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

import os
import shutil
import sys
import tempfile
from pathlib import Path

import msgspec
from common import interleaved, parse_args, report

from netcrm.services.config import Config
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository


def main(argv: list[str] | None = None) -> int:
    args, source = parse_args(__doc__, 9, argv)
    work = Path(tempfile.mkdtemp(prefix="netcrm-bench-"))
    db = Path(shutil.copy(source, work / "netcrm.json"))  # the benchmark's touches go to a copy
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
        log_touch(ws, [people[n % len(people)]], kind="call", summary=f"benchmark touch {n}")

    try:
        medians = interleaved(args.runs, **{"floor (encode+write+fsync)": floor, "log_touch": log_one})
    finally:
        shutil.rmtree(work)
    return report(medians, "log_touch", "floor (encode+write+fsync)", 3.0)


if __name__ == "__main__":
    sys.exit(main())
