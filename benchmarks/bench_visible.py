"""What showing stored text safely costs: `netcrm list`'s text through `VisibleStream`, and the
app's `shown_record` on every person, against the same work without them (same run, medians).

The baseline formats the 10,000-row table of `netcrm list` and prints it to a buffer; the
subject does the same through `VisibleStream` (every control character made visible). The
second pair draws the centre pane (profile and timeline, rendered by Rich) for 300 people with
`shown_record` and with it replaced by a no-op. Target: <= 1.3x for each.

    python benchmarks/bench_visible.py [--db PATH] [--runs N]
"""

from __future__ import annotations

import datetime as dt
import io
import sys

from common import interleaved, parse_args, report
from rich.console import Console

from netcrm.commands.output import VisibleStream, table
from netcrm.domain.warmth import Cadences, warmth
from netcrm.storage.repository import Repository
from netcrm.ui.widgets import person_view

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


def main(argv: list[str] | None = None) -> int:
    args, db = parse_args(__doc__ or "", 9, argv)
    people = Repository(db).contacts()

    def text() -> str:
        rows = [("●", c.name, " / ".join(x for x in (c.org, c.department) if x) or "-", c.title or "-", "3d ago")
                for c in people]
        return table(rows, ("", "name", "org / department", "title", "last touch"))

    def raw() -> None:
        print(text(), file=io.StringIO())

    def safe() -> None:
        print(text(), file=VisibleStream(io.StringIO()))  # type: ignore[arg-type]

    status = report(interleaved(args.runs, raw_print=raw, visible_print=safe), "visible_print", "raw_print", 1.3)
    repo = Repository(db)
    names = {c.id: c.name for c in people}
    sample = people[:300]
    pages = [(c, warmth(c, NOW.date(), Cadences()), repo.timeline(c.id)) for c in sample]

    def draw() -> None:
        console = Console(file=io.StringIO(), width=80)
        for contact, w, timeline in pages:
            console.print(person_view.render_person(contact, w, timeline, [], names, dt.UTC))

    def draw_unchecked() -> None:
        saved = person_view.shown_record
        person_view.shown_record = lambda record: record  # type: ignore[assignment]
        try:
            draw()
        finally:
            person_view.shown_record = saved

    medians = interleaved(args.runs, pane_unchecked=draw_unchecked, pane_shown=draw)
    return status | report(medians, "pane_shown", "pane_unchecked", 1.3)

if __name__ == "__main__":
    sys.exit(main())
