"""Import cost: 1,000 vs 10,000 generated vCards and LinkedIn rows into an existing database.

Target: 10x the rows costs at most 10x the time (the import is O(n)), with one
commit (transaction) per import. Each size is measured several times on a fresh copy
of the same existing database (2,000 people, half of whom the import matches,
so both creating and merging are exercised); medians are printed, with the ratio.

    python benchmarks/bench_import.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
import zoneinfo
from pathlib import Path

from common import copy_db, remove_db  # benchmarks/ is on the path when a script runs

from netcrm.domain.model import Contact
from netcrm.formats.linkedin_csv import parse_connections
from netcrm.services.config import Config
from netcrm.services.importing import import_people
from netcrm.services.vcard import read_vcards
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
EXISTING = 2_000


def vcards(n: int) -> bytes:
    cards = []
    for i in range(n):
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"FN:Person {i} Example\r\nN:Example;Person {i};;;\r\n"
            f"EMAIL;TYPE=work:person{i}@example.com\r\nTEL;TYPE=cell:+49 30 {i:07d}\r\n"
            f"ORG:Company {i % 97};Dept {i % 7}\r\nTITLE:Role {i % 13}\r\nBDAY:--{1 + i % 12:02d}-{1 + i % 28:02d}\r\n"
            f"NOTE:Met at event {i % 50}\\nFollow up\r\nUID:uid-{i}\r\nEND:VCARD\r\n"
        )
    return "".join(cards).encode("utf-8")


def linkedin(n: int) -> str:
    rows = [
        'Notes:\r\n"Some emails are missing, as usual."\r\n\r\n',
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n",
    ]
    for i in range(n):
        email = f"person{i}@example.com" if i % 5 == 0 else ""
        rows.append(
            f'Person {i},Example,https://www.linkedin.com/in/p{i},{email},"Company {i % 97}, Inc.",'
            f"Role {i % 13},{1 + i % 28:02d} Mar 2024\r\n"
        )
    return "".join(rows)


def base_db(folder: Path) -> Path:
    path = folder / "base.json"
    repo = Repository(path)
    with repo.transaction():
        repo.put_many(
            Contact(id=f"existing-{i}", name=f"Person {i * 2} Example", emails=[f"person{i * 2}@example.com"])
            for i in range(EXISTING)
        )
    return path


def run_once(base: Path, db: Path, parse) -> tuple[float, int]:
    """Seconds for one import (reading the file included) into a copy of `base`, and its commits.

    A commit may write several files of the database folder (contacts.json, a
    touches year); what must stay 1 is the number of transactions."""
    copy_db(base, db)  # the database is a folder (issue 9)
    try:
        ws = Workspace(Repository(db), Config(timezone="Europe/Berlin"), lambda: NOW)
        commits: list[int] = []
        ws.repo.after_commit.append(lambda repo: commits.append(1))
        ws.repo.contacts()  # the database is open already, as in the app
        start = time.perf_counter()
        import_people(ws, parse())
        elapsed = time.perf_counter() - start
    finally:
        remove_db(db)
    return elapsed, len(commits)


def measure(base: Path, folder: Path, small, large, runs: int) -> tuple[float, float, int]:
    """Medians for both sizes; runs alternate so machine noise hits both alike."""
    times: dict[str, list[float]] = {"small": [], "large": []}
    writes = 0
    for _ in range(runs):
        for label, parse in (("small", small), ("large", large)):
            elapsed, count = run_once(base, folder / "run.json", parse)
            times[label].append(elapsed)
            writes = max(writes, count)
    return statistics.median(times["small"]), statistics.median(times["large"]), writes


def written(path: Path, data: bytes) -> Path:
    """vCards are read from a file, as `netcrm import vcard` does (writing it is timed too, a few ms)."""
    path.write_bytes(data)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = base_db(folder)
        for label, make, parse in (
            ("vCard", vcards, lambda data: read_vcards(written(folder / "bench.vcf", data))),
            ("LinkedIn", linkedin, lambda text: parse_connections(text, "Connections.csv")),
        ):
            small, large = make(1_000), make(10_000)
            t_small, t_large, writes = measure(
                base, folder, lambda p=parse, d=small: p(d), lambda p=parse, d=large: p(d), args.runs
            )
            print(
                f"{label:9} 1,000 rows: {t_small * 1000:8.1f} ms   10,000 rows: {t_large * 1000:8.1f} ms   "
                f"ratio {t_large / t_small:4.1f}x (target <= 10x)   commits per import: {writes} (target 1)"
            )


if __name__ == "__main__":
    main()
