"""`sync vdir DIR`: the network in a vdir, for vdirsyncer, khard and khal."""

from __future__ import annotations

import argparse
from pathlib import Path

from netcrm.commands.context import workspace_for

EPILOG = """\
DIR/contacts/ holds one vCard per person, DIR/catch-ups/ one .ics per planned catch-up,
DIR/birthdays/ (with --birthdays) one yearly event per birthday. Changes made there come
back: edited and new cards, moved and deleted events; a deleted card archives the person.
When both sides changed the same field, netcrm's value is kept and the other one goes on
the person's timeline. To reach your phone and other machines through a CardDAV/CalDAV
server, run vdirsyncer on DIR: see "On your phone and other machines" in the README.

examples:
  netcrm sync vdir ~/.local/share/netcrm/vdir
  netcrm sync vdir ~/.local/share/netcrm/vdir --birthdays && vdirsyncer sync
"""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    sync = sub.add_parser("sync", parents=[common], help="keep your network in step with other programs")
    targets = sync.add_subparsers(dest="target", metavar="TARGET", required=True, parser_class=type(sync))
    vdir = targets.add_parser(
        "vdir",
        parents=[common],
        help="contacts (vCard) and catch-ups (.ics) in a vdir, both ways",
        description="Keep a vdir (a folder per collection, a file per item) in step with the database.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    vdir.add_argument("folder", type=Path, metavar="DIR")
    vdir.add_argument("--birthdays", action="store_true", help="also write DIR/birthdays/ (one way)")
    vdir.set_defaults(handler=cmd_sync_vdir)


def cmd_sync_vdir(args: argparse.Namespace) -> int:
    from netcrm.services.vdir_sync import sync_vdir

    summary = sync_vdir(workspace_for(args), args.folder.expanduser(), birthdays=args.birthdays)
    print(f"synced {args.folder}")
    for line in summary.lines():
        print(f"  {line}")
    return 0
