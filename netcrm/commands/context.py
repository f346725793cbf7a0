"""Turning parsed arguments into a workspace, and the demo's throw-away copy."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a command runs, not when `--help` builds the parser
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
    ws.repo.on_notice = say
    autoexport.install(ws)
    return ws


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
