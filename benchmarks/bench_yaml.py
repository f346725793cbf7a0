"""`export yaml` and `import yaml` at 10,000 people / 100,000 touches, against `json.load` of the
same database (the floor for reading the network at all).

Cases, each measured in the same run, interleaved, medians:
  - json.load          `json.load` of every file of the database folder (the baseline)
  - full export        open the database and export into an empty folder   target <= 3x
  - re-export          export again after one logged touch, on the open workspace:
                       CPU seconds (process time)                           target <= 0.5 s
  - import             `import yaml` of the export into an empty database   target <= 3x (not met yet)

    python benchmarks/bench_yaml.py [--db PATH] [--runs N]
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import copy_db, interleaved, parse_args

from netcrm.services.config import Config
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.services.yaml_export import export_yaml
from netcrm.services.yaml_io import import_yaml
from netcrm.storage.repository import Repository


def main(argv: list[str] | None = None) -> int:
    args, source = parse_args(__doc__, 3, argv)
    work = Path(tempfile.mkdtemp(prefix="netcrm-bench-yaml-"))
    db = copy_db(source, work / "db")  # the logged touches go to a copy
    files = sorted(p for p in db.rglob("*.json") if p.is_file())
    turn = iter(range(10**9))

    def workspace(path: Path) -> Workspace:
        return Workspace(Repository(path), Config(timezone="UTC"))

    def baseline() -> None:
        for path in files:
            with open(path, "rb") as fh:
                json.load(fh)

    def full_export() -> None:
        export_yaml(workspace(db), work / f"full-{next(turn)}")

    def import_all() -> None:
        n = next(turn)
        import_yaml(workspace(work / f"imported-{n}"), work / "full-0")

    try:
        medians = interleaved(args.runs, **{"json.load": baseline, "full export": full_export})
        medians.update(interleaved(args.runs, **{"json.load (again)": baseline, "import": import_all}))
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
    for name, seconds in medians.items():
        print(f"  {name:<28} {seconds * 1000:8.1f} ms (median)")
    re_export = statistics.median(cpu)
    print(f"  {'re-export after one touch':<28} {re_export * 1000:8.1f} ms CPU (median)")
    ok = True
    for subject, baseline_name, target in (("full export", "json.load", 3.0), ("import", "json.load (again)", 3.0)):
        ratio = medians[subject] / medians[baseline_name]
        verdict = "ok" if ratio <= target else "MISSED"
        ok &= ratio <= target
        print(f"  ratio {subject} / json.load = {ratio:.2f}x (target <= {target}x) {verdict}")
    verdict = "ok" if re_export <= 0.5 else "MISSED"
    ok &= re_export <= 0.5
    print(f"  re-export CPU {re_export:.3f} s (target <= 0.5 s) {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
