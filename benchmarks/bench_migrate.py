"""Migrating older layouts to the schema-3 folder, against reading and rewriting them once.

Issue 9: an existing `netcrm.json` (schema 1, one file) or schema-2 folder
(`contacts.json`, touches by year) is migrated on first open, automatically.
What that first open costs, measured two ways on fresh copies of the old file
(`generate.py --old`, the same data as the folder):

- in-process, `storage.migrate.migrate_file` alone, against two baselines in
  the same run: `json.load` of the old file, and the I/O floor of rewriting
  its bytes once (read, write a temp file, fsync, rename);
- whole process, the user's first `netcrm list` on the old file (migration
  included) against `netcrm list` on the migrated folder.

and the same for the schema-2 folder (`generate.py --v2 FOLDER.v2`), when it
is there: `migrate_folder` against `json.load` of its files and the floor of
rewriting each of them once, and the first `netcrm list` on it.

Copying the old database before each run is not timed. No target in the
issue (it happens once); the ratio against `json.load` is printed.

    python benchmarks/bench_migrate.py [--db FOLDER] [--runs N]   # old: FOLDER.v1.json, FOLDER.v2
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import Process, cli_env, copy_db, json_load_all, netcrm_command, old_file_of, parse_args, remove_db

from netcrm.storage.atomic import atomic_write
from netcrm.storage.migrate import migrate_file, migrate_folder


def main(argv: list[str] | None = None) -> int:
    args, source = parse_args(__doc__ or "", 5, argv)
    old = old_file_of(source)
    if not old.exists():
        raise SystemExit(f"{old}: the old single file of this data is missing (benchmarks/generate.py --old)")
    v2 = source.with_name(source.name + ".v2")
    names = ("json.load old file", "floor: read+write+fsync once", "migrate_file")
    if v2.is_dir():
        names += ("json.load v2 folder", "floor: v2 files read+write+fsync", "migrate_folder (v2 -> v3)")
    times: dict[str, list[float]] = {k: [] for k in names}
    whole: dict[str, list[float]] = {"netcrm list on the folder": [], "netcrm list, first open (migrates)": []}
    if v2.is_dir():
        whole["netcrm list, first open of v2 (migrates)"] = []
    with tempfile.TemporaryDirectory(prefix="netcrm-bench-") as tmp:
        work = Path(tmp) / "netcrm.json"
        floor = Path(tmp) / "floor.json"
        netcrm = netcrm_command()
        for _ in range(args.runs):
            started = time.perf_counter()
            with open(old, "rb") as f:
                json.load(f)
            times["json.load old file"].append(time.perf_counter() - started)

            started = time.perf_counter()
            atomic_write(floor, old.read_bytes())
            times["floor: read+write+fsync once"].append(time.perf_counter() - started)

            copy_db(old, work)
            started = time.perf_counter()
            backup = migrate_file(work)
            times["migrate_file"].append(time.perf_counter() - started)
            remove_db(work)
            backup.unlink()

            copy_db(source, work)
            whole["netcrm list on the folder"].append(Process([netcrm, "list"], cli_env(work)).wall)
            remove_db(work)
            copy_db(old, work)
            whole["netcrm list, first open (migrates)"].append(Process([netcrm, "list"], cli_env(work)).wall)
            remove_db(work)
            for leftover in Path(tmp).glob("netcrm.json.*"):
                leftover.unlink() if leftover.is_file() else shutil.rmtree(leftover)
            if v2.is_dir():
                _schema2(v2, work, Path(tmp), netcrm, times, whole)
    medians = {k: statistics.median(v) for k, v in {**times, **whole}.items()}
    for name, seconds in medians.items():
        print(f"  {name:<36} {seconds * 1000:9.1f} ms (median of {args.runs})")
    base = medians["json.load old file"]
    print(f"  ratio migrate_file / json.load old file = {medians['migrate_file'] / base:.2f}x; "
          f"/ I/O floor = {medians['migrate_file'] / medians['floor: read+write+fsync once']:.2f}x")
    if v2.is_dir():
        subject = medians["migrate_folder (v2 -> v3)"]
        print(f"  ratio migrate_folder / json.load v2 folder = {subject / medians['json.load v2 folder']:.2f}x; "
              f"/ I/O floor = {subject / medians['floor: v2 files read+write+fsync']:.2f}x")
    extra = medians["netcrm list, first open (migrates)"] - medians["netcrm list on the folder"]
    print(f"  first open costs {extra * 1000:.0f} ms more than a later one "
          f"({medians['netcrm list, first open (migrates)'] / medians['netcrm list on the folder']:.2f}x)")
    return 0


def _schema2(v2: Path, work: Path, tmp: Path, netcrm: str, times: dict[str, list[float]],
             whole: dict[str, list[float]]) -> None:
    """One round of the schema 2 -> 3 measures on fresh copies of the schema-2 folder."""
    started = time.perf_counter()
    json_load_all(v2)()
    times["json.load v2 folder"].append(time.perf_counter() - started)
    files = sorted(p for p in v2.rglob("*.json") if p.is_file())
    started = time.perf_counter()
    for n, path in enumerate(files):
        atomic_write(tmp / f"floor-{n}.json", path.read_bytes())
    times["floor: v2 files read+write+fsync"].append(time.perf_counter() - started)
    for n in range(len(files)):
        (tmp / f"floor-{n}.json").unlink()
    copy_db(v2, work)
    started = time.perf_counter()
    backup = migrate_folder(work)
    times["migrate_folder (v2 -> v3)"].append(time.perf_counter() - started)
    remove_db(work)
    shutil.rmtree(backup)
    copy_db(v2, work)
    whole["netcrm list, first open of v2 (migrates)"].append(Process([netcrm, "list"], cli_env(work)).wall)
    remove_db(work)
    for leftover in tmp.glob("netcrm.json.*"):
        leftover.unlink() if leftover.is_file() else shutil.rmtree(leftover)


if __name__ == "__main__":
    sys.exit(main())
