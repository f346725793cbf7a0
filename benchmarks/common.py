"""Helpers the benchmarks share: a dataset on disk, and medians of interleaved runs."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from generate import generate


def dataset(path: Path | None, contacts: int, touches: int) -> Path:
    """The database to measure: `path` if it exists, else a freshly generated one."""
    if path is not None and path.exists():
        return path
    target = path or Path("/tmp/netcrm-bench.json")
    print(f"generating {contacts} people and {touches} touches into {target} ...", flush=True)
    return generate(target, contacts, touches)


def parse_args(doc: str, runs: int, argv: list[str] | None) -> tuple[argparse.Namespace, Path]:
    """The options every benchmark takes, and the database it measures."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="an existing database (default: generate one)")
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=runs)
    args = parser.parse_args(argv)
    db = dataset(args.db, args.contacts, args.touches)
    print(f"{db}: {db.stat().st_size / 1e6:.1f} MB")
    return args, db


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
        print(f"  {name:<28} {seconds * 1000:8.1f} ms (median)")
    ratio = medians[subject] / medians[baseline]
    verdict = "ok" if ratio <= target else "MISSED"
    print(f"  ratio {subject} / {baseline} = {ratio:.2f}x (target <= {target}x) {verdict}")
    return 0 if ratio <= target else 1
