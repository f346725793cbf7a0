"""`export yaml` and `import yaml` at 10,000 people / 100,000 touches, against `json.load` of the
same database (the floor for reading the network at all).

Cases, each measured in the same run, interleaved, medians:
  - json.load          `json.load` of every file of the database folder (the baseline)
  - full export        open the database and export into an empty folder   target <= 3x
                       (its CPU counts the forked copy that writes the people)
  - files alone        create as many files of the same sizes in an empty folder, nothing
                       else: the export's floor on this filesystem (ext4 without a journal
                       scans recently deleted inodes on every create: it varies 10x with what
                       else on the machine deleted files in the last minutes)
  - re-export          export again after one logged touch, on the open workspace:
                       CPU seconds (process time)                           target <= 0.5 s
  - import             `import yaml` of the export into an empty database   target <= 3x
  - storage alone      the same records put into an empty database in one transaction
                       (put_many + commit): the part of the import `netcrm/storage` does

    python benchmarks/bench_yaml.py [--db PATH] [--runs N]
"""

from __future__ import annotations

import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import copy_db, json_load_all, parse_args

from netcrm.domain.model import Record
from netcrm.services.config import Config
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.services.yaml_export import export_yaml, forget_digests
from netcrm.services.yaml_io import import_yaml
from netcrm.storage.repository import Repository


def both_clocks(runs: int, **cases: Callable[[], object]) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each case, run alternately. Wall time is the target's
    measure; on a shared, loaded machine the CPU time says how much of it was waiting for a core."""
    seen: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, case in cases.items():
            wall, cpu = time.perf_counter(), _cpu()
            case()
            seen[name].append((time.perf_counter() - wall, _cpu() - cpu))
    return {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
            for name, values in seen.items()}


def _cpu() -> float:
    """CPU seconds of this process and its ended children (the export's forked writer)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def files_alone(folder: Path) -> Callable[[], None]:
    """Creating (0600, written, closed) as many files of the same sizes as the export in `folder`
    (read when first run: after the first export)."""
    sizes: list[int] = []
    turn = iter(range(10**9))

    def create() -> None:
        if not sizes:
            sizes.extend(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        root = folder.with_name(f"files-{next(turn)}")
        os.mkdir(root, 0o700)
        for n, size in enumerate(sizes):
            fd = os.open(root / f"{n}.yaml", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, b"x" * size)
            os.close(fd)

    return create


def main(argv: list[str] | None = None) -> int:
    args, source = parse_args(__doc__, 3, argv)
    work = Path(tempfile.mkdtemp(prefix="netcrm-bench-yaml-"))
    db = copy_db(source, work / "db")  # the logged touches go to a copy
    baseline = json_load_all(db)
    turn = iter(range(10**9))

    def workspace(path: Path) -> Workspace:
        return Workspace(Repository(path), Config(timezone="UTC"))

    def full_export() -> None:
        export_yaml(workspace(db), work / f"full-{next(turn)}")
        forget_digests()  # else the last export's records stay alive and slow json.load's GC 2x

    def import_all() -> None:
        n = next(turn)
        import_yaml(workspace(work / f"imported-{n}"), work / "full-0")
        gc.collect()  # the import's own garbage (a workspace is a cycle), charged to it, not to the next case

    every_record: list[Record] = []

    def store_all() -> None:  # the import's floor: the storage's put_many + commit of the same records
        repo = Repository(work / f"stored-{next(turn)}")
        with repo.transaction("import"):
            repo.put_many(every_record)

    try:
        # The floor right after each export: the filesystem's state drifts within a minute.
        medians = both_clocks(args.runs, **{"json.load": baseline, "full export": full_export,
                                            "files alone (export floor)": files_alone(work / "full-0")})
        medians.update(both_clocks(args.runs, **{"json.load (again)": baseline, "import": import_all}))
        source = Repository(db)  # kept alive only for this case: 110,000 live records slow json.load's GC
        every_record.extend([*source.contacts(), *source.interactions(), *source.plans(), *source.introductions()])
        medians.update(both_clocks(args.runs, **{"storage alone (import floor)": store_all}))
        every_record.clear()
        ws = workspace(db)
        folder = work / "incremental"
        export_yaml(ws, folder)
        person = ws.repo.contacts()[0]
        cpu: list[float] = []
        for _ in range(args.runs):
            log_touch(ws, [person], kind="call", summary="benchmark")
            started = time.process_time()
            result = export_yaml(ws, folder)
            cpu.append(time.process_time() - started)
            assert 1 <= len(result.written) <= 2, result.written
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, (wall, cpu_s) in medians.items():
        print(f"  {name:<28} {wall * 1000:8.1f} ms wall, {cpu_s * 1000:8.1f} ms CPU (medians)")
    re_export = statistics.median(cpu)
    print(f"  {'re-export after one touch':<28} {re_export * 1000:8.1f} ms CPU (median)")
    ok = True
    for subject, baseline_name, target in (("full export", "json.load", 3.0), ("import", "json.load (again)", 3.0)):
        ratio = medians[subject][0] / medians[baseline_name][0]
        cpu_ratio = medians[subject][1] / medians[baseline_name][1]
        verdict = "ok" if ratio <= target else "MISSED"
        ok &= ratio <= target
        print(f"  ratio {subject} / json.load = {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (target <= {target}x) {verdict}")
    floor = medians["files alone (export floor)"][0] / medians["json.load"][0]
    print(f"  (files alone / json.load = {floor:.2f}x wall: the filesystem's share, no target)")
    verdict = "ok" if re_export <= 0.5 else "MISSED"
    ok &= re_export <= 0.5
    print(f"  re-export CPU {re_export:.3f} s (target <= 0.5 s) {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
