"""The `netcrm` command: argument parsing and error reporting, nothing else.

Each group of subcommands lives in `netcrm/commands/` and registers itself
here. Handlers import what they need when they run, and the TUI is imported
only when it opens, so scripted commands start fast.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from netcrm import __version__
from netcrm.domain.text import visible
from netcrm.errors import NetcrmError

# Said when the demo app closes: the way from trying netcrm to using it.
DEMO_GOODBYE = "That was a throw-away copy. `netcrm init` sets up your own network (--from demo keeps these people)."
# argparse translates each of its messages with gettext, which looks for catalogs on disk on
# every call: about 1,800 look-ups, most of the time it takes to build this parser. One look-up
# per distinct message gives the same text (the locale does not change while netcrm runs).
argparse._ = functools.lru_cache(maxsize=None)(argparse._)  # type: ignore[attr-defined]  # argparse's gettext alias is private and untyped


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr with exit status 2, with the nearest
    command, option or value when something was mistyped ("did you mean `snooze`?")."""

    argv: list[str] = []  # what is being parsed, to find the subcommand an unknown option belongs to

    def error(self, message: str) -> NoReturn:
        from netcrm.commands.suggest import explain_usage_error

        self.exit(2, f"{self.prog}: {visible(explain_usage_error(self, message, Parser.argv))} (see --help)\n")


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
    from netcrm.commands import command_modules

    for module in command_modules():
        module.register(sub, common)
    from netcrm.commands.help_texts import annotate

    annotate(parser)
    return parser


def two_word_commands(argv: list[str]) -> list[str]:
    """`plan edit ID` is the `plan-edit` command (`plan NAME...` takes free names, so it cannot nest)."""
    for i, token in enumerate(argv):
        if token == "plan" and argv[i + 1 : i + 2] == ["edit"]:
            return [*argv[:i], "plan-edit", *argv[i + 2 :]]
        if not token.startswith("-") and (i == 0 or argv[i - 1] != "--db"):
            break
    return argv


def app_only(arguments: list[str]) -> argparse.Namespace | None:
    """The arguments of the bare `netcrm` (only `--db PATH` and `--demo`), which opens the app,
    parsed without registering every command: the app's cold start does not import them.
    None for anything else (a command, --help, a mistake): the whole parser handles those."""
    rest = iter(arguments)
    for token in rest:
        if token == "--db":
            value = next(rest, None)
            if value is None or value.startswith("-"):
                return None
        elif not (token == "--demo" or token.startswith("--db=") and len(token) > len("--db=")):
            return None
    args = argparse.ArgumentParser(add_help=False, parents=[common_options()]).parse_args(arguments)
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    for position, arg in enumerate(arguments, start=1):
        if _undecodable(arg) or "\x00" in arg:
            problem = "holds a NUL character" if "\x00" in arg else "is not valid UTF-8"
            print(f"netcrm: argument {position} ('{visible(_shown_bytes(arg))[:80]}') {problem}", file=sys.stderr)
            return 2
    if (app := app_only(arguments)) is not None:
        return _run(app)
    parser = build_parser()
    Parser.argv = two_word_commands(arguments)
    if Parser.argv[:1] == ["__complete"]:  # candidates for the completion scripts; not a command users type
        from netcrm.commands.completion import complete

        return complete(Parser.argv[1:])
    args = parser.parse_args(Parser.argv)
    if args.command is None:
        return _run(args)
    from netcrm.commands.output import human_output

    with human_output():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command is None:
            from netcrm.commands.context import workspace_for

            ws = workspace_for(args)
            from netcrm.services.glance_ahead import start

            ahead = start(ws)  # the first list is read in a child while Textual is imported here
            from netcrm.ui.app import run_app

            run_app(ws, ahead)  # it reads the people before the app starts: a broken database is a one-line error
            if getattr(args, "demo", False):
                print(DEMO_GOODBYE, file=sys.stderr)
            return 0
        return int(args.handler(args) or 0)
    except NetcrmError as exc:
        print(f"netcrm: {visible(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `netcrm list | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        # The system said no (disk full, read-only, permission) where no handler expected it.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"netcrm: {visible(where)}{exc.strerror or exc}", file=sys.stderr)
        return 2


def _undecodable(arg: str) -> bool:
    """Python hands undecodable argument bytes over as lone surrogates (PEP 383)."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _shown_bytes(arg: str) -> str:
    return arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
