"""`dupes`: records that may be one person, to merge (`merge A B`) or tell apart (`--different A B`)."""

from __future__ import annotations

import argparse

from netcrm.commands.context import workspace_for
from netcrm.commands.output import print_json


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    dupes = sub.add_parser("dupes", parents=[common], help="possible duplicates to review (merge or mark different)")
    dupes.add_argument("--limit", type=int, default=50, metavar="N")
    dupes.add_argument("--different", nargs=2, metavar=("A", "B"), help="A and B are two people: never list them")
    dupes.add_argument("--json", action="store_true")
    dupes.set_defaults(handler=cmd_dupes)


def cmd_dupes(args: argparse.Namespace) -> int:
    from netcrm.domain.text import visible
    from netcrm.errors import NetcrmError
    from netcrm.services.dupes import duplicate_json, duplicates, mark_different

    if args.limit < 1:
        raise NetcrmError(f"--limit {args.limit}: expected at least 1")
    ws = workspace_for(args)
    if args.different:
        a, b = (ws.find(name) for name in args.different)
        mark_different(ws, a, b)
        print(visible(f"{a.name} ({a.id}) and {b.name} ({b.id}) are two people; they will not be listed again"))
        return 0
    found = duplicates(ws, args.limit)
    if args.json:
        print_json([duplicate_json(d) for d in found])
        return 0
    if not found:
        print("no possible duplicates")
        return 0
    for d in found:
        print(visible(f"{d.a.name} ({d.a.id})  =?  {d.b.name} ({d.b.id})   {round(d.score)}%"))
        print(visible(f"    {'; '.join(d.reasons)}"))
        print(f"    netcrm merge {d.a.id} {d.b.id}   |   netcrm dupes --different {d.a.id} {d.b.id}")
    return 0
