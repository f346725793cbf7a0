"""Keep a subscribed calendar file current: rewrite `Config.ics_export` after every change.

`install(ws)` adds a hook to the repository's after-commit list; the CLI calls
it for every workspace and the TUI does the same, so a calendar program that
subscribes to the file sees new, moved, done and cancelled catch-ups without
the user running anything. The database change has already been committed
when the hook runs, so a calendar file that cannot be written is reported as
a warning, not an error that would suggest the change was lost.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path

from netcrm.domain.text import visible
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository

Report = Callable[[str], None]


def _to_stderr(message: str) -> None:
    print(f"netcrm: warning: {visible(message)}", file=sys.stderr)


def export_path(ws: Workspace) -> Path | None:
    return Path(ws.config.ics_export).expanduser() if ws.config.ics_export.strip() else None


def refresh(ws: Workspace, report: Report = _to_stderr) -> bool:
    """Rewrite the configured calendar file now; True if it was written."""
    from netcrm.services.ics import write_ics

    path = export_path(ws)
    if path is None:
        return False
    try:
        private_folders(path.parent)
        return write_ics(ws, path, birthdays=ws.config.ics_birthdays).events > 0
    except OSError as exc:
        report(f"could not update the calendar file {path}: {exc.strerror or exc}")
        return False


def install(ws: Workspace, report: Report = _to_stderr) -> None:
    """Refresh the calendar file after every committed change to `ws.repo`.

    Installing again replaces the hook, so the TUI can swap the CLI's stderr
    warnings for notifications.
    """
    if export_path(ws) is None:
        return
    previous = getattr(ws, "_ics_hook", None)
    if previous in ws.repo.after_commit:
        ws.repo.after_commit.remove(previous)

    def hook(_repo: Repository) -> None:
        refresh(ws, report)

    ws._ics_hook = hook  # type: ignore[attr-defined]  # Workspace has no such field; the hook rides on it (issue 12 lists it to fix)
    ws.repo.after_commit.append(hook)


def private_folders(folder: Path) -> None:
    """Create `folder` and any missing parents with mode 0700 whatever the umask: the calendar
    names the people you meet, so others on the machine must not list or read it."""
    missing, part = [], folder
    while not part.exists() and part != part.parent:
        missing.append(part)
        part = part.parent
    for part in reversed(missing):
        part.mkdir(mode=0o700)
        part.chmod(0o700)  # mkdir's mode is filtered by the umask
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
