"""`export yaml DIR --git`: commit what the export changed, with a message saying what that was
("log coffee with Zoë Ødegård; +1 person")."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netcrm.errors import NetcrmError
from netcrm.services.ics import join_names
from netcrm.services.workspace import Workspace

if TYPE_CHECKING:
    from netcrm.services.yaml_export import YamlExport

# Used only when git knows no identity, so a fresh machine can still commit.
FALLBACK_IDENTITY = ("-c", "user.name=netcrm", "-c", "user.email=netcrm@localhost")


def _git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise NetcrmError("--git: git is not installed") from None
    if check and done.returncode != 0:
        first = (done.stderr or done.stdout).strip().splitlines()
        raise NetcrmError(f"{folder}: git {args[0]} failed: {first[0] if first else done.returncode}")
    return done


def is_repo(folder: Path) -> bool:
    return (Path(folder) / ".git").exists()


def require_repo(folder: Path) -> None:
    if not is_repo(folder):
        raise NetcrmError(f"{folder}: not a git repository (run `git init {folder}` first)")


def commit(folder: Path, message: str) -> bool:
    """Stage everything the export owns and commit it; False when there was nothing to commit."""
    _git(folder, "add", "-A", "--", ".")
    if _git(folder, "diff", "--cached", "--quiet", check=False).returncode == 0:
        return False
    identity = () if _git(folder, "config", "user.email", check=False).stdout.strip() else FALLBACK_IDENTITY
    _git(folder, *identity, "commit", "-q", "-m", message)
    return True


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def describe(ws: Workspace, manifest: dict[str, Any], ids: dict[str, list[str]], result: YamlExport) -> str:
    """One line a person reads in `git log`."""
    from netcrm.services.yaml_export import contact_names

    old_files = manifest.get("files", {})
    if not old_files:
        return f"export {_count(result.people, 'person', 'people')} and {_count(result.touches, 'touch', 'touches')}"
    old_ids = {i for year in manifest.get("touch_ids", {}).values() for i in year}
    new_touches = [i for year in ids.values() for i in year if i not in old_ids]
    parts = []
    if 0 < len(new_touches) <= 3:
        for tid in new_touches:
            item = _touch(ws, tid)
            if item is not None:
                parts.append(f"log {item.kind} with {join_names(contact_names(ws, item.contacts))}")
    elif new_touches:
        parts.append(f"log {len(new_touches)} touches")
    touched = {cid for tid in new_touches[:3] if (t := _touch(ws, tid)) for cid in t.contacts}
    added = [rel for rel in result.written if rel.startswith("people/") and rel not in old_files]
    edited = [rel[7:-5] for rel in result.written if rel.startswith("people/") and rel in old_files]
    edited = [cid for cid in edited if cid not in touched]  # a logged touch moves the person's stage
    gone = [rel for rel in result.removed if rel.startswith("people/")]
    if added:
        parts.append(f"+{_count(len(added), 'person', 'people')}")
    if gone:
        parts.append(f"-{_count(len(gone), 'person', 'people')}")
    if 0 < len(edited) <= 3:
        parts.append(f"edit {join_names(contact_names(ws, edited))}")
    elif edited:
        parts.append(f"edit {len(edited)} people")
    if "plans.yaml" in result.written or "plans.yaml" in result.removed:
        parts.append("update catch-ups")
    if "introductions.yaml" in result.written or "introductions.yaml" in result.removed:
        parts.append("update introductions")
    if not parts and (result.written or result.removed):
        parts.append(f"update {_count(len(result.written) + len(result.removed), 'file', 'files')}")
    return "; ".join(parts)


def _touch(ws: Workspace, tid: str):
    from netcrm.domain.model import Interaction

    return ws.repo.get(Interaction, tid)
