"""`sync vdir` at 10,000 people: the first sync into an empty folder, and a second sync with
nothing changed on either side (what a timer job runs most of the time), against `json.load`
of every file of the same database.

Cases, each measured in the same run, medians:
  - json.load       `json.load` of every file of the database folder (the baseline)
  - first sync      open the database and sync into an empty vdir (wall)
  - second sync     open the database and sync again, nothing changed (wall and CPU;
                    must write no file); the cards left alone for a while first, as
                    between two runs of a timer job                             reported
  - every card gone the other side lost every card (a phone's address book wiped):
                    everyone archived; wall, CPU and how many transactions      reported

    python benchmarks/bench_vdir.py [--db PATH] [--runs N]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import copy_db, interleaved, json_load_all, parse_args

from netcrm.services.config import Config
from netcrm.services.vdir_sync import sync_vdir
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository


def main(argv: list[str] | None = None) -> int:
    args, source = parse_args(__doc__, 3, argv)
    work = Path(tempfile.mkdtemp(prefix="netcrm-bench-vdir-"))
    db = copy_db(source, work / "db")  # the sync keeps its state beside the database: a copy
    baseline = json_load_all(db)
    turn = iter(range(10**9))

    def workspace() -> Workspace:
        return Workspace(Repository(db), Config(timezone="UTC"))

    def first_sync() -> None:
        sync_vdir(workspace(), work / f"first-{next(turn)}")

    try:
        medians = interleaved(args.runs, **{"json.load": baseline, "first sync": first_sync})
        folder = work / "steady"
        sync_vdir(workspace(), folder)
        time.sleep(2.5)  # cards as a timer job finds them: written a while ago (see vdir.SETTLED_NS)
        sync_vdir(workspace(), folder)
        wall: list[float] = []
        cpu: list[float] = []
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            summary = sync_vdir(workspace(), folder)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            assert summary.written == 0 and summary.removed == 0, summary.lines()
        people = len(list((folder / "contacts").iterdir()))
        for card in (folder / "contacts").iterdir():
            card.unlink()
        ws = workspace()
        commits: list[int] = []
        ws.repo.after_commit.append(lambda repo: commits.append(1))
        started, started_cpu = time.perf_counter(), time.process_time()
        gone = sync_vdir(ws, folder)
        bulk = (time.perf_counter() - started, time.process_time() - started_cpu)
        assert len(gone.archived) == people, len(gone.archived)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, seconds in medians.items():
        print(f"  {name:<28} {seconds * 1000:8.1f} ms (median)")
    second = statistics.median(wall)
    print(f"  {'second sync, nothing new':<28} {second * 1000:8.1f} ms wall, "
          f"{statistics.median(cpu) * 1000:.1f} ms CPU (median), 0 files written, {people} cards")
    print(f"  {'every card gone':<28} {bulk[0] * 1000:8.1f} ms wall, {bulk[1] * 1000:.1f} ms CPU (one run), "
          f"{people} people archived in {len(commits)} transaction{'s' if len(commits) != 1 else ''}")
    print(f"  ratio first sync / json.load = {medians['first sync'] / medians['json.load']:.2f}x")
    print(f"  ratio second sync / json.load = {second / medians['json.load']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
