"""Turning parsed arguments into a workspace, and the demo's throw-away copy."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a command runs, not when `--help` builds the parser
    from pathlib import Path

    from netcrm.services.workspace import Workspace


def workspace_for(args: argparse.Namespace) -> Workspace:
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    from netcrm.services import autoexport
    from netcrm.services.workspace import open_workspace, system_clock

    if getattr(args, "demo", False):
        from netcrm.services.demo import build_demo_db

        folder = Path(tempfile.mkdtemp(prefix="netcrm-demo-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        db = build_demo_db(folder / "netcrm.json", system_clock())
        return open_workspace(db)  # a throw-away copy must not overwrite the user's calendar
    ws = open_workspace(getattr(args, "db", None))
    refuse_missing_database(args, ws.repo.path)
    ws.repo.on_notice = say
    autoexport.install(ws)
    return ws


# Commands that may start a database that is not there yet: the first `add`, an import, a first
# sync, and the app (None: `a` adds the first person there). Any other command on a database named
# with --db or NETCRM_DB that does not exist is almost surely a mistyped path: "no people yet"
# would hide that, so it is an error instead.
STARTS_A_DATABASE = frozenset({"init", "add", "import", "sync", None})


def refuse_missing_database(args: argparse.Namespace, path: Path) -> None:
    """Exit 2 naming the path when a read goes to an explicitly named database that does not exist.

    The default database (the user data dir) may be missing on first run: reads there
    say "no people yet" and the first `add` creates it."""
    import os

    from netcrm.errors import NetcrmError

    named = getattr(args, "db", None) is not None or bool(os.environ.get("NETCRM_DB"))
    if named and getattr(args, "command", None) not in STARTS_A_DATABASE and not path.exists():
        how = "--db" if getattr(args, "db", None) is not None else "NETCRM_DB"
        raise NetcrmError(
            f"{path}: no database there ({how}); check the path, or start one with "
            f"`netcrm init` or `netcrm add NAME`"
        )


def say(message: str) -> None:
    """A one-line notice from the database (a migration, records set aside) on stderr."""
    import sys

    from netcrm.domain.text import visible

    print(f"netcrm: {visible(message)}", file=sys.stderr)


def with_people(ws: Workspace, args: argparse.Namespace, changes: dict[str, object], options: str) -> dict[str, object]:
    """`changes` plus `--with NAME...` as contact ids; refused when there is nothing to change."""
    from netcrm.errors import NetcrmError

    if args.people:
        changes["contacts"] = [ws.find(name).id for name in args.people]
    if not changes:
        raise NetcrmError(f"nothing to change; give {options}")
    return changes
