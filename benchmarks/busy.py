"""Keep the machine's cores busy, to prove the test suite passes on a loaded machine.

    python benchmarks/busy.py --seconds 600 &   # one spinning process per core
    pytest                                       # must pass every time

It stops by itself after `--seconds` (default 10 minutes) and on Ctrl+C.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time


def spin(until: float) -> None:
    x = 0
    while time.monotonic() < until:
        for _ in range(100_000):
            x = (x * 31 + 7) % 1_000_003


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    until = time.monotonic() + args.seconds
    procs = [multiprocessing.Process(target=spin, args=(until,), daemon=True) for _ in range(args.workers)]
    for proc in procs:
        proc.start()
    try:
        for proc in procs:
            proc.join()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
