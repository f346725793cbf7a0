"""Helpers the benchmarks share: a dataset on disk, whole-process runs with their peak RSS,
and medians of interleaved runs."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generate import generate, size_of


def old_file_of(db: Path) -> Path:
    """Where the same data in the old single-file layout lives, beside the folder."""
    return db.with_name(db.name + ".v1.json")


def dataset(path: Path | None, contacts: int, touches: int, years: int = 10) -> Path:
    """The database folder to measure: `path` if it exists, else a freshly generated one
    (with the old single file of the same data beside it, see `old_file_of`)."""
    if path is not None and path.exists():
        return path
    target = path or Path(f"/tmp/netcrm-bench-{contacts}-{touches}")
    print(f"generating {contacts} people and {touches} touches into {target} ...", flush=True)
    return generate(target, contacts, touches, years, old=old_file_of(target))


def parse_args(
    doc: str, runs: int, argv: list[str] | None, extra: Callable[[argparse.ArgumentParser], None] | None = None
) -> tuple[argparse.Namespace, Path]:
    """The options every benchmark takes, and the database folder it measures."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="an existing database folder (default: generate one)")
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=runs)
    if extra is not None:
        extra(parser)
    args = parser.parse_args(argv)
    db = dataset(args.db, args.contacts, args.touches, args.years)
    print(f"{db}: {size_of(db) / 1e6:.1f} MB")
    return args, db


def copy_db(source: Path, target: Path) -> Path:
    """A private copy of a database (folder or old single file) that a benchmark may write to."""
    if target.exists():
        remove_db(target)
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copy(source, target)
    return target


def json_load_all(db: Path) -> Callable[[], None]:
    """The baseline "read the network at all": `json.load` of every file of a database folder."""
    files = sorted(p for p in db.rglob("*.json") if p.is_file())

    def load() -> None:
        for path in files:
            with open(path, "rb") as fh:
                json.load(fh)

    return load


def remove_db(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def first_person(db: Path) -> str:
    """The id of the first person stored, read without building every record (the
    benchmark process stays small, so the commands it starts are measured alone)."""
    import msgspec

    # The first file of people: contacts.json (schema 2) or the first shard (schema 3).
    path = db / "contacts.json" if (db / "contacts.json").exists() else sorted((db / "contacts").glob("*.json"))[0]
    docs = msgspec.json.decode(path.read_bytes(), type=dict[str, dict[str, msgspec.Raw]])
    first = next(iter(docs["contacts"].values()))
    return str(msgspec.json.decode(first)["id"])


def netcrm_command() -> str:
    """The `netcrm` script of the Python running the benchmark (the worktree's venv)."""
    return shutil.which("netcrm", path=str(Path(sys.executable).parent)) or "netcrm"


def cli_env(db: Path) -> dict[str, str]:
    """The environment of a measured command: this database, no user config.

    The config path is beside the database copy, which no benchmark creates (a fixed
    path such as /dev/null.absent can be created by any `netcrm init` run with it, after
    which every command measured would read and parse that YAML)."""
    absent = db.with_name(db.name + ".no-config.yaml")
    return {**os.environ, "NETCRM_DB": str(db), "NETCRM_CONFIG": str(absent), "NO_COLOR": "1"}


TIME = "/usr/bin/time"


class Process:
    """One whole-process run: wall seconds, CPU seconds and peak RSS of that command alone.

    Peak RSS comes from GNU time (`/usr/bin/time -f %M`), which forks the
    command itself: on Linux a child's ru_maxrss starts at its parent's RSS at
    fork time (the pre-exec memory is counted), so `os.wait4` or
    RUSAGE_CHILDREN from a benchmark that holds a database would report the
    benchmark's own memory. Without GNU time, RSS is reported as NaN. The
    baseline runs under the same wrapper, so its few milliseconds cancel out."""

    def __init__(self, cmd: Sequence[str], env: dict[str, str] | None = None) -> None:
        with tempfile.NamedTemporaryFile(prefix="netcrm-bench-rss-") as rss:
            wrapped = [TIME, "-q", "-f", "%M", "-o", rss.name, *cmd] if os.path.exists(TIME) else list(cmd)
            started = time.perf_counter()
            proc = subprocess.Popen(wrapped, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            assert proc.stderr is not None
            err = proc.stderr.read()
            _, status, usage = os.wait4(proc.pid, 0)
            self.wall = time.perf_counter() - started
            returncode = os.waitstatus_to_exitcode(status)
            text = Path(rss.name).read_text().strip() if wrapped[0] == TIME else ""
        self.cpu = usage.ru_utime + usage.ru_stime
        self.rss_mb = int(text.splitlines()[-1]) / 1024 if text else float("nan")  # KiB
        if returncode != 0:
            raise SystemExit(f"{' '.join(cmd)}: exit {returncode}: {err.decode(errors='replace')[-500:]}")


def interleaved_processes(runs: int, **cases: Callable[[], Process]) -> dict[str, dict[str, float]]:
    """Medians (wall s, cpu s, peak RSS MB) of each whole-process case, run alternately."""
    seen: dict[str, list[Process]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, case in cases.items():
            seen[name].append(case())
    return {
        name: {
            "wall": statistics.median(p.wall for p in runs_),
            "cpu": statistics.median(p.cpu for p in runs_),
            "rss": statistics.median(p.rss_mb for p in runs_),
            "rss_max": max(p.rss_mb for p in runs_),
        }
        for name, runs_ in seen.items()
    }


def report_processes(medians: dict[str, dict[str, float]], subject: str, baseline: str, target: float) -> int:
    """Print wall, CPU and RSS of each case and the wall-time ratio; exit status 1 when the target is missed."""
    for name, m in medians.items():
        print(f"  {name:<34} wall {m['wall'] * 1000:8.1f} ms  cpu {m['cpu'] * 1000:8.1f} ms  "
              f"peak RSS {m['rss']:6.1f} MB (max {m['rss_max']:.1f})")
    ratio = medians[subject]["wall"] / medians[baseline]["wall"]
    cpu_ratio = medians[subject]["cpu"] / medians[baseline]["cpu"]
    verdict = "ok" if ratio <= target else "MISSED"
    print(f"  ratio {subject} / {baseline} = {ratio:.2f}x wall, {cpu_ratio:.2f}x cpu (target <= {target}x) {verdict}")
    return 0 if ratio <= target else 1


def interleaved(
    runs: int, clock: Callable[[], float] = time.perf_counter, **cases: Callable[[], object]
) -> dict[str, float]:
    """Median seconds of each case, run alternately so machine noise hits all of them alike.

    `clock=time.process_time` measures CPU time: on a loaded machine, wall time of
    single-threaded work mostly measures the wait for a core."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, case in cases.items():
            started = clock()
            case()
            times[name].append(clock() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def report(medians: dict[str, float], subject: str, baseline: str, target: float) -> int:
    """Print the medians and the ratio; exit status 1 when the target is missed."""
    for name, seconds in medians.items():
        print(f"  {name:<34} {seconds * 1000:8.1f} ms (median)")
    ratio = medians[subject] / medians[baseline]
    verdict = "ok" if ratio <= target else "MISSED"
    print(f"  ratio {subject} / {baseline} = {ratio:.2f}x (target <= {target}x) {verdict}")
    return 0 if ratio <= target else 1
