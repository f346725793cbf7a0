"""Keep a subscribed calendar file current: rewrite `Config.ics_export` after every change;
likewise bring `Config.auto_export_yaml` (a YAML export, maybe a git repository) up to date.

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


def yaml_folder(ws: Workspace) -> Path | None:
    return Path(ws.config.auto_export_yaml).expanduser() if ws.config.auto_export_yaml.strip() else None


def refresh_yaml(ws: Workspace, report: Report = _to_stderr) -> bool:
    """Bring the configured YAML folder up to date (and commit it when it is a git repository)."""
    from netcrm.errors import NetcrmError
    from netcrm.services.yaml_export import export_yaml
    from netcrm.services.yaml_git import is_repo

    folder = yaml_folder(ws)
    if folder is None:
        return False
    try:
        result = export_yaml(ws, folder, git=is_repo(folder))
    except (OSError, NetcrmError) as exc:
        report(f"could not update the YAML export {folder}: {getattr(exc, 'strerror', None) or exc}")
        return False
    return bool(result.written or result.removed)


def _hook(ws: Workspace, name: str, run: Callable[[], object]) -> None:
    """Run `run` after every committed change; installing again replaces the hook."""
    previous = ws.hooks.get(name)
    if previous in ws.repo.after_commit:
        ws.repo.after_commit.remove(previous)

    def hook(_repo: Repository) -> None:
        run()

    ws.hooks[name] = hook
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


def install(ws: Workspace, report: Report = _to_stderr) -> None:
    """Refresh the calendar file and the YAML folder after every committed change to `ws.repo`.

    Installing again replaces the hooks, so the TUI can swap the CLI's stderr
    warnings for notifications.
    """
    if yaml_folder(ws) is not None:
        _hook(ws, "yaml export", lambda: refresh_yaml(ws, report))
    if export_path(ws) is not None:
        _hook(ws, "calendar file", lambda: refresh(ws, report))
