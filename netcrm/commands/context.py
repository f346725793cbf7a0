"""Turning parsed arguments into a workspace, and the demo's throw-away copy."""

from __future__ import annotations

import argparse
import atexit
import shutil
import tempfile
from pathlib import Path

from netcrm.services.workspace import Workspace, open_workspace, system_clock


def workspace_for(args: argparse.Namespace) -> Workspace:
    if getattr(args, "demo", False):
        from netcrm.services.demo import build_demo_db

        folder = Path(tempfile.mkdtemp(prefix="netcrm-demo-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        db = build_demo_db(folder / "netcrm.json", system_clock())
        return open_workspace(db)
    return open_workspace(getattr(args, "db", None))
