"""The `netcrm` command: argument parsing and error reporting, nothing else.

Each group of subcommands lives in `netcrm/commands/` and registers itself
here. Handlers import what they need when they run, and the TUI is imported
only when it opens, so scripted commands start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from netcrm import __version__
from netcrm.commands import COMMAND_MODULES
from netcrm.errors import NetcrmError


# Said when the demo app closes: the way from trying netcrm to using it.
DEMO_GOODBYE = "That was a throw-away copy. `netcrm init` sets up your own network (--from demo keeps these people)."


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr with exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand accepts, before or after its name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="database file (default: $NETCRM_DB or the user data dir)")
    common.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help="use a throw-away copy of the example network")
    return common


def build_parser() -> Parser:
    common = common_options()
    parser = Parser(
        prog="netcrm",
        description="Keep your professional network warm. Without a command, opens the full-screen app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"netcrm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMAND_MODULES:
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from netcrm.commands.context import workspace_for

            ws = workspace_for(args)
            ws.repo.contacts()  # a broken database is a one-line error here, not a crash inside the app
            from netcrm.ui.app import run_app

            run_app(ws)
            if getattr(args, "demo", False):
                print(DEMO_GOODBYE, file=sys.stderr)
            return 0
        return int(args.handler(args) or 0)
    except NetcrmError as exc:
        print(f"netcrm: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `netcrm list | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
