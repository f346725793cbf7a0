"""`log`: record a touch with one or more people."""

from __future__ import annotations

import argparse
import datetime as dt

from netcrm.commands.context import workspace_for
from netcrm.domain.model import KINDS


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    log = sub.add_parser("log", parents=[common], help="log a touch (call, coffee, email...) with people")
    log.add_argument("names", nargs="+", metavar="NAME")
    log.add_argument("--kind", required=True, choices=KINDS, metavar="KIND", help=", ".join(KINDS))
    log.add_argument("--note", default="", help="one-line summary")
    log.add_argument("--details", default="", help="longer notes")
    log.add_argument("--at", default=None, metavar="WHEN", help="when it happened (default: now)")
    log.add_argument("--inbound", action="store_true", help="they reached out to you")
    log.set_defaults(handler=cmd_log)


def cmd_log(args: argparse.Namespace) -> int:
    from netcrm.domain.when import parse_when
    from netcrm.services.touches import log_touch

    ws = workspace_for(args)
    people = [ws.find(name) for name in args.names]
    at = parse_when(args.at, ws.now(), prefer="past", default_time=dt.time(12, 0)) if args.at is not None else None
    item = log_touch(ws, people, args.kind, at, args.inbound, args.note, args.details)
    names = ", ".join(p.name for p in people)
    print(f"logged {item.kind} with {names} on {item.at.strftime('%Y-%m-%d %H:%M')}")
    return 0
