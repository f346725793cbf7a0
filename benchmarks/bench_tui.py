"""The full-screen app on 10,000 people and 100,000 touches.

1. Cold start: a process that opens the app headless on the dataset and quits
   right after the first painted frame, against `python -c "import textual.app"`
   (medians of interleaved runs; target <= 2x).
2. A keystroke in the search box to the repainted list, over one letter, two
   letters, a full name, a field query, no match, and clearing (target: median
   <= 16 ms, worst <= 50 ms).
3. Moving the selection onto a person with 500 touches and opening them
   (target: median <= 16 ms).

    python benchmarks/bench_tui.py [--db PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import dataset, interleaved

FIRST_FRAME = """
import sys
from pathlib import Path
from netcrm.services.workspace import open_workspace
from netcrm.ui.app import NetcrmApp

class FirstFrame(NetcrmApp):
    def on_mount(self):
        self.call_after_refresh(self.exit)

FirstFrame(open_workspace(Path(sys.argv[1]), Path(sys.argv[1] + ".no-config")), watch=False).run(headless=True)
"""


def with_busy_person(db: Path, folder: Path, touches: int = 500) -> tuple[Path, str]:
    """A copy of `db` in which the first person in the list has `touches` touches."""
    from netcrm.domain.lookup import fold
    from netcrm.domain.model import Interaction
    from netcrm.storage.repository import Repository

    copy = folder / "busy.json"
    shutil.copy(db, copy)
    repo = Repository(copy)
    person = min(repo.contacts(), key=lambda c: fold(c.name))
    start = dt.datetime(2024, 1, 1, 9, 0, tzinfo=dt.timezone.utc)
    items = [
        Interaction(id=f"busy-{n}", contacts=[person.id], at=start + dt.timedelta(days=n), kind="call",
                    summary=f"Catch-up number {n} about the roadmap", notes="Follow up next month." if n % 5 else "")
        for n in range(touches)
    ]
    with repo.transaction():
        repo.put_many(items)
    return copy, person.id


async def interactive(db: Path, busy_id: str, rounds: int) -> tuple[list[float], list[float]]:
    from textual.widgets import Input

    from netcrm.services.workspace import open_workspace
    from netcrm.ui.app import NetcrmApp
    from netcrm.ui.widgets.contact_list import ContactList

    app = NetcrmApp(open_workspace(db, db.with_suffix(".no-config")), watch=False)
    keystrokes: list[float] = []
    opens: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        listed = app.main.query_one(ContactList)
        sample = listed.rows[len(listed.rows) // 2].contact.name
        queries = ["a", "an", sample, "dept:finance", "zzzzqx", ""]
        search = app.main.query_one("#search", Input)
        for _ in range(rounds):
            for query in queries:
                search.focus()
                search.value = query[:-1] if query else "x"
                await pilot.pause()
                started = time.perf_counter()
                await pilot.press(query[-1] if query else "backspace")
                keystrokes.append(time.perf_counter() - started)
            search.value = ""
            await pilot.pause()
            listed.focus()
            listed.action_jump(-1)
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("home")  # onto the person with 500 touches
            await pilot.press("enter")
            opens.append(time.perf_counter() - started)
            assert app.main.current_id == busy_id
    return keystrokes, opens


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    db = dataset(args.db, args.contacts, args.touches)
    print(f"{db}: {db.stat().st_size / 1e6:.1f} MB")
    failed = 0

    def run(*cmd: str) -> None:
        subprocess.run([sys.executable, *cmd], check=True, stdout=subprocess.DEVNULL)

    medians = interleaved(
        args.runs,
        **{"import textual.app": lambda: run("-c", "import textual.app"),
           "netcrm first frame": lambda: run("-c", FIRST_FRAME, str(db))},
    )
    for name, seconds in medians.items():
        print(f"  {name:<28} {seconds * 1000:8.1f} ms (median)")
    ratio = medians["netcrm first frame"] / medians["import textual.app"]
    failed |= ratio > 2.0
    print(f"  cold start ratio = {ratio:.2f}x (target <= 2x) {'ok' if ratio <= 2 else 'MISSED'}")

    with tempfile.TemporaryDirectory() as folder:
        busy_db, busy_id = with_busy_person(db, Path(folder))
        keys, opens = asyncio.run(interactive(busy_db, busy_id, args.runs))
    key_median, key_worst = statistics.median(keys) * 1000, max(keys) * 1000
    open_median = statistics.median(opens) * 1000
    ok_keys = key_median <= 16 and key_worst <= 50
    failed |= not ok_keys or open_median > 16
    print(f"  keystroke -> filtered list: median {key_median:.1f} ms, worst {key_worst:.1f} ms over {len(keys)} "
          f"(target median <= 16, worst <= 50) {'ok' if ok_keys else 'MISSED'}")
    print(f"  move + open a person with 500 touches: median {open_median:.1f} ms "
          f"(target <= 16) {'ok' if open_median <= 16 else 'MISSED'}")
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
