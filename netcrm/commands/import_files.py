"""`import vcard PATH` and `import linkedin FILE.csv`: people from other programs, merged, not duplicated."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from netcrm.commands.context import workspace_for

if TYPE_CHECKING:
    from netcrm.services.importing import Parsed

# Below this many people an import is over before a bar would be worth drawing.
PROGRESS_FROM = 200


def register_formats(imports: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    vcard = imports.add_parser("vcard", parents=[common], help="a .vcf file (one or many cards) or a folder of them")
    vcard.add_argument("path", type=Path, metavar="PATH")
    vcard.add_argument("--dry-run", action="store_true", help="say what would be created, merged and skipped")
    vcard.set_defaults(handler=cmd_import_vcard)

    linkedin = imports.add_parser("linkedin", parents=[common], help="LinkedIn's Connections.csv export")
    linkedin.add_argument("path", type=Path, metavar="FILE.csv")
    linkedin.add_argument("--dry-run", action="store_true", help="say what would be created, merged and skipped")
    linkedin.set_defaults(handler=cmd_import_linkedin)


def cmd_import_vcard(args: argparse.Namespace) -> int:
    from netcrm.services.vcard import read_vcards

    bar = ProgressBar(sys.stderr, "reading")
    try:
        parsed = read_vcards(args.path, progress=bar)
    finally:
        bar.close()
    return _run(args, parsed)


def cmd_import_linkedin(args: argparse.Namespace) -> int:
    from netcrm.services.linkedin import read_linkedin

    return _run(args, read_linkedin(args.path))


def _run(args: argparse.Namespace, parsed: Parsed) -> int:
    from netcrm.services.importing import import_people

    ws = workspace_for(args)
    bar = ProgressBar(sys.stderr, "merging")
    try:
        result = import_people(ws, parsed, dry_run=args.dry_run, progress=bar)
    finally:
        bar.close()
    if args.dry_run:
        print(f"dry run: nothing written; {args.path} would give:")
        for line in result.detail_lines():
            print(f"  {line}")
    else:
        print(f"imported {args.path}")
        for line in result.news_lines():
            print(f"  news: {line}")
    from netcrm.domain.text import visible

    for line in result.alias_lines():
        print(f"  other name: {visible(line)}")
    for line in result.apart_lines():
        print(f"  kept apart: {visible(line)}")
    for line in result.remarks:
        print(f"  note: {visible(line)}")
    for reason in result.skipped:
        print(f"  skipped: {reason}")
    for where in result.cleaned:
        print(f"  cleaned: {where} (control characters removed)")
    print(("would be: " if args.dry_run else "") + result.summary())
    return 0


class ProgressBar:
    """A one-line bar on a terminal's stderr for long jobs; silent when stderr is a pipe or a file."""

    def __init__(
        self, stream: TextIO, label: str, width: int = 30, every: float = 0.1, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream
        self.label = label
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())
        self.width = width
        self.every = every
        self.clock = clock
        self._last = 0.0
        self._origin: tuple[float, int] | None = None  # (time, done) at the first report: the rate counts from there
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < PROGRESS_FROM:
            return
        now = self.clock()
        if self._origin is None:
            self._origin = (now, done)
        if done < total and now - self._last < self.every:
            return
        self._last = now
        filled = self.width * done // total
        bar = f"[{'#' * filled}{'.' * (self.width - filled)}]"
        self.stream.write(f"\r{self.label} {bar} {done}/{total}{self.pace(done, total, now)}")
        self.stream.flush()
        self._drawn = True

    def pace(self, done: int, total: int, now: float) -> str:
        """" 2,310/s ETA 0:42": the rate so far and the time left at that rate."""
        since, first = self._origin or (now, done)
        elapsed = now - since
        if done <= first or elapsed <= 0:
            return ""
        rate = (done - first) / elapsed
        left = int((total - done) / rate)
        return f" {rate:,.0f}/s ETA {left // 60}:{left % 60:02d}\x1b[K"

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
