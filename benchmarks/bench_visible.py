"""What showing stored text safely costs: `netcrm list`'s text through `VisibleStream`, and the
app's `shown_record` on every person, against the same work without them (same run, medians).

The baseline formats the 10,000-row table of `netcrm list` and prints it to a buffer; the
subject does the same through `VisibleStream` (every control character made visible). The
second pair builds the centre pane's profile rows for every person with and without
`shown_record`. Target: <= 1.3x for each.

    python benchmarks/bench_visible.py [--db PATH] [--runs N]
"""

from __future__ import annotations

import io
import sys

from common import interleaved, parse_args, report

from netcrm.commands.output import VisibleStream, table
from netcrm.services.profile import profile_fields
from netcrm.storage.repository import Repository
from netcrm.ui.shown import shown_record


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

    names = {c.id: c.name for c in people}
    status = report(interleaved(args.runs, raw_print=raw, visible_print=safe), "visible_print", "raw_print", 1.3)
    medians = interleaved(
        args.runs,
        profile_rows=lambda: [profile_fields(c, names) for c in people],
        shown_profile_rows=lambda: [profile_fields(shown_record(c), names) for c in people],
    )
    return status | report(medians, "shown_profile_rows", "profile_rows", 1.3)


if __name__ == "__main__":
    sys.exit(main())
