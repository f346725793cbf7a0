"""`import calendar FILE.ics|DIR` and `import mail MBOX|MAILDIR|DIR`: touches that log themselves.

Both extend the `import` group that `commands/transfer.py` creates; both take
`--dry-run` and `--since`, draw a progress bar with rate and ETA on a terminal
(none when piped), and end with a summary of what was logged, known and skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from netcrm.commands.context import workspace_for
from netcrm.commands.import_files import ProgressBar

if TYPE_CHECKING:
    from netcrm.services.autolog import AutologResult
    from netcrm.services.workspace import Workspace

# Problems beyond this many are counted, not listed: a broken export must not flood the terminal.
SHOW_PROBLEMS = 20


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    imports = _subcommands(sub.choices["import"])
    cal = imports.add_parser("calendar", parents=[common], help="past meetings from an .ics export (or a folder)")
    cal.add_argument("path", type=Path, metavar="FILE.ics|DIR")
    _shared_options(cal, "default: one year ago")
    cal.add_argument(
        "--max-attendees", type=_positive, default=None, metavar="N",
        help="skip meetings with more people than this (default: max_attendees in the config, else 10)",
    )  # fmt: skip
    cal.set_defaults(handler=cmd_import_calendar)

    mail = imports.add_parser("mail", parents=[common], help="e-mails from an mbox, a Maildir or .eml files")
    mail.add_argument("path", type=Path, metavar="MBOX|MAILDIR|DIR")
    _shared_options(mail, "default: everything")
    mail.add_argument(
        "--suggest", type=_positive, nargs="?", const=3, default=None, metavar="N",
        help="only list addresses you wrote to at least N times (default 3) who are not in the network",
    )  # fmt: skip
    mail.set_defaults(handler=cmd_import_mail)


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    """The subcommand list of an existing group (argparse keeps it among the parser's actions)."""
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def _shared_options(parser: argparse.ArgumentParser, since_default: str) -> None:
    parser.add_argument("--dry-run", action="store_true", help="say what would be logged per person; write nothing")
    parser.add_argument(
        "--since", default=None, metavar="WHEN", help=f"only what happened since then ({since_default})"
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _since(ws: Workspace, text: str | None) -> dt.datetime | None:
    from netcrm.domain.when import parse_when

    return parse_when(text, ws.now(), prefer="past", default_time=dt.time(0, 0)) if text else None


def cmd_import_calendar(args: argparse.Namespace) -> int:
    from netcrm.services.autolog_calendar import import_calendar

    ws = workspace_for(args)
    bar = ProgressBar(sys.stderr, "events")
    try:
        result = import_calendar(
            ws, args.path, _since(ws, args.since), args.max_attendees, dry_run=args.dry_run, progress=bar
        )
    finally:
        bar.close()
    return _report(ws, args, result)


def cmd_import_mail(args: argparse.Namespace) -> int:
    from netcrm.services.autolog_mail import import_mail, suggest

    ws = workspace_for(args)
    bar = ProgressBar(sys.stderr, "messages")
    try:
        if args.suggest is not None:
            found = suggest(ws, args.path, args.suggest, progress=bar)
        else:
            result = import_mail(ws, args.path, _since(ws, args.since), dry_run=args.dry_run, progress=bar)
    finally:
        bar.close()
    if args.suggest is None:
        return _report(ws, args, result)
    from netcrm.domain.text import visible

    if not found:
        print(f"nobody outside the network got {args.suggest} or more e-mails from you")
        return 0
    print(f"written to {args.suggest}+ times, not in the network (add with the command shown):")
    for s in found:
        name = visible(s.name) or s.address.split("@")[0]
        print(
            f"  {s.count:>4}  {visible(s.address):<40} netcrm add {_quote(name)} --email {_quote(visible(s.address))}"
        )
    return 0


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _report(ws: Workspace, args: argparse.Namespace, result: AutologResult) -> int:
    from netcrm.domain.text import visible
    from netcrm.services.autolog import names_of

    names = names_of(ws.repo.contacts())
    print(f"dry run: nothing written; {args.path} would give:" if args.dry_run else f"imported {args.path}")
    for line in result.per_person(names):
        print(f"  {visible(line)}")
    for line in result.skip_lines():
        print(f"  skipped: {line}")
    for problem in result.problems[:SHOW_PROBLEMS]:
        print(f"  unreadable: {visible(problem)}")
    if len(result.problems) > SHOW_PROBLEMS:
        print(f"  … and {len(result.problems) - SHOW_PROBLEMS} more unreadable")
    print(("would be: " if args.dry_run else "") + result.summary())
    return 0
