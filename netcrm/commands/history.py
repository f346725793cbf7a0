"""`undo`: take back the last change (and `--redo` to do it again)."""

from __future__ import annotations

import argparse

from netcrm.commands.context import workspace_for


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    undo = sub.add_parser(
        "undo", parents=[common], help="undo the last change (from the CLI or the app); --redo does it again"
    )
    undo.add_argument("--redo", action="store_true", help="do again what the last undo took back")
    undo.set_defaults(handler=cmd_undo)


def cmd_undo(args: argparse.Namespace) -> int:
    from netcrm.services.history import next_undo, redo, undo

    ws = workspace_for(args)
    if args.redo:
        print(f"redone: {redo(ws)}")
        return 0
    print(f"undone: {undo(ws)}")
    following = next_undo(ws)
    if following:
        print(f"`netcrm undo` again would undo: {following}")
    return 0
