"""`log` and `touch edit`: record a touch with one or more people, or correct one."""

from __future__ import annotations

import argparse
import datetime as dt

from netcrm.commands.context import with_people, workspace_for
from netcrm.domain.model import KINDS

LOG_EXAMPLES = """examples:
  netcrm log zoe --kind coffee --note 'budget season'
  netcrm log zoe raj --kind meeting --at 'yesterday 15:00'
  netcrm log ana --inbound --note 'she asked about the pilot'   (kind: default_kind from the config)
"""
TOUCH_EXAMPLES = """examples:
  netcrm touch edit t-3f2a9c --at 'tue 10:00' --kind call
  netcrm touch edit t-3f2a --note 'fixed the summary' --with zoe --with raj
(touch ids are in `netcrm show NAME` and `netcrm show NAME --json`)
"""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    log = sub.add_parser(
        "log", parents=[common], help="log a touch (call, coffee, email...) with people", epilog=LOG_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    log.add_argument("names", nargs="+", metavar="NAME", help="ids or unique parts of names")
    log.add_argument("--kind", default=None, choices=KINDS, metavar="KIND",
                     help=", ".join(KINDS) + " (default: default_kind in the config, else message)")
    log.add_argument("--note", default="", help="one-line summary")
    log.add_argument("--details", default="", help="longer notes")
    log.add_argument("--at", default=None, metavar="WHEN", help="when it happened (default: now)")
    log.add_argument("--inbound", action="store_true", help="they reached out to you")
    log.set_defaults(handler=cmd_log)

    touch = sub.add_parser("touch", parents=[common], help="correct a logged touch (touch edit ID)",
                           epilog=TOUCH_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = touch.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(touch))
    edit = actions.add_parser("edit", parents=[common], help="change a touch's time, kind, notes or people",
                              epilog=TOUCH_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    edit.add_argument("id", metavar="ID", help="the touch id, or a unique start of it")
    edit.add_argument("--kind", default=None, choices=KINDS, metavar="KIND", help=", ".join(KINDS))
    edit.add_argument("--at", default=None, metavar="WHEN", help="when it happened")
    edit.add_argument("--note", default=None, help="one-line summary")
    edit.add_argument("--details", default=None, help="longer notes")
    way = edit.add_mutually_exclusive_group()
    way.add_argument("--inbound", dest="direction", action="store_const", const="inbound", help="they reached out")
    way.add_argument("--outbound", dest="direction", action="store_const", const="outbound", help="you reached out")
    edit.add_argument("--with", dest="people", action="append", default=None, metavar="NAME",
                      help="who was there (repeat; replaces the list)")
    edit.add_argument("--json", action="store_true", help="the touch as saved, as JSON")
    edit.set_defaults(handler=cmd_touch_edit)


def cmd_log(args: argparse.Namespace) -> int:
    from netcrm.commands.output import shown
    from netcrm.domain.when import parse_when
    from netcrm.services.touches import log_touch

    ws = workspace_for(args)
    people = [ws.find(name) for name in args.names]
    at = parse_when(args.at, ws.now(), prefer="past", default_time=dt.time(12, 0)) if args.at is not None else None
    kind = args.kind or ws.config.default_kind
    item = log_touch(ws, people, kind=kind, at=at, inbound=args.inbound, summary=args.note, notes=args.details)
    names = ", ".join(shown(p.name) for p in people)
    default = "" if args.kind else " (default_kind from the config; choose with --kind)"
    print(f"logged {item.kind}{default} with {names} on {item.at.strftime('%Y-%m-%d %H:%M')} ({item.id})")
    return 0


def cmd_touch_edit(args: argparse.Namespace) -> int:
    from netcrm.commands.output import print_record, shown, when
    from netcrm.domain.when import parse_when
    from netcrm.services.touch_edit import find_touch, update_touch

    ws = workspace_for(args)
    item = find_touch(ws, args.id)
    changes: dict[str, object] = {}
    if args.kind:
        changes["kind"] = args.kind
    if args.at:
        changes["at"] = parse_when(args.at, ws.now(), prefer="past", default_time=dt.time(12, 0))
    if args.note is not None:
        changes["summary"] = args.note.strip()
    if args.details is not None:
        changes["notes"] = args.details.strip()
    if args.direction:
        changes["direction"] = args.direction
    changes = with_people(ws, args, changes, "--kind, --at, --note, --details, --inbound/--outbound or --with")
    saved = update_touch(ws, item, **changes)
    line = f"saved {saved.id}: {saved.kind} on {when(saved.at, ws.config.tzinfo())} {shown(saved.summary)}"
    print_record(saved, args.json, line.rstrip())
    return 0
