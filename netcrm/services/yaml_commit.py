"""Putting an export's files in place, all or nothing, with the data on disk before the commit point.

Two ways, one journal (`.netcrm-export-journal.json` in the export folder, the commit point):

- A folder with no export in it yet (`write_new_tree`): every file is written into a staging
  folder inside it (`.netcrm-staging-…`), the data is flushed once (`syncfs`, or an fsync per
  file where there is none), the journal names the staging folder, and its few top-level entries
  (`people/`, `touches/`, the files beside them; `network.yaml` last) are renamed into place.
  No rename per file: creating 10,000 files is most of an export's cost already.
- An existing export (`commit_tree`): the changed files are written as temp files beside their
  targets, flushed, the journal names them, then they are renamed over the old ones and each
  folder is fsynced once.

Interrupted before the journal: the old tree is as it was; the staging folder or temp files are
removed at once, or by the next export (`finish_interrupted`). Interrupted after it: the next
export finishes the moves. `import yaml` refuses a folder with a pending journal (`pending`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from netcrm.services import tree_writer
from netcrm.storage.atomic import TEMP_SUFFIX, atomic_write, fsync_dir, temp_name

JOURNAL = ".netcrm-export-journal.json"
STAGING = ".netcrm-staging-"
FOLDERS = ("people", "touches")
# Up to this many files an fsync each is cheaper than flushing the whole filesystem.
FSYNC_EACH_UP_TO = 32
# From this many files on, a writer process creates them while the next ones are rendered.
SPAWN_FROM = 500


def flush_filesystem(folder: Path) -> None:
    """Everything written under `folder` reaches the disk: one syncfs for a whole tree."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        tree_writer.syncfs(fd, str(folder))
    finally:
        os.close(fd)


class _Here:
    """Files written by this process, one after the other."""

    def __init__(self, staging: Path) -> None:
        self.tree = tree_writer.Tree(str(staging))
        self.stats: dict[str, list[int]] = {}

    def write(self, rel: str, data: bytes) -> None:
        self.stats[rel] = self.tree.write(rel, data)

    def finish(self) -> dict[str, list[int]]:
        self.tree.sync()
        self.close()
        return self.stats

    def close(self) -> None:
        self.tree.close()


def writer_command(staging: Path) -> list[str]:
    """`tree_writer` as a script: standard library only (-S: no site packages; -I: no PYTHONPATH)."""
    return [sys.executable, "-I", "-S", str(tree_writer.__file__), str(staging)]


class _Spawned:
    """Files handed through a pipe to `tree_writer` running as a process of its own. The pipe
    is written without blocking: what the writer has not taken yet waits here, and rendering
    goes on (people first, ~10,000 small files, then the years of touches while they are created)."""

    def __init__(self, staging: Path) -> None:
        self.proc = subprocess.Popen(writer_command(staging), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.fd = self.proc.stdin.fileno()  # type: ignore[union-attr]  # asked for above
        with contextlib.suppress(AttributeError, OSError):  # a bigger pipe: fewer wake-ups
            fcntl.fcntl(self.fd, fcntl.F_SETPIPE_SZ, 1 << 20)
        os.set_blocking(self.fd, False)
        self.waiting = bytearray()
        self.names: list[str] = []

    def write(self, rel: str, data: bytes) -> None:
        name = rel.encode("utf-8")
        self.names.append(rel)
        self.waiting += tree_writer.HEADER.pack(len(name), len(data))
        self.waiting += name
        self.waiting += data
        if len(self.waiting) >= 1 << 16:
            try:
                self._push()
            except BlockingIOError:  # the pipe is full: later
                pass
            except BrokenPipeError:  # the writer failed: say why
                self.finish()
                raise

    def _push(self) -> None:
        while self.waiting:
            del self.waiting[: os.write(self.fd, self.waiting)]

    def finish(self) -> dict[str, list[int]]:
        os.set_blocking(self.fd, True)
        with contextlib.suppress(BrokenPipeError):  # then its exit status says why
            self._push()
        out, err = self.proc.communicate()
        if self.proc.returncode != 0:
            try:
                why = json.loads(err)
            except ValueError:
                why = {"errno": None, "error": err.decode("utf-8", "replace").strip() or "failed", "file": None}
            raise OSError(why["errno"], f"writing the export: {why['error']}", why["file"])
        return dict(zip(self.names, json.loads(out), strict=True))

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()


def write_new_tree(folder: Path, files: Iterable[tuple[str, bytes]], count: int = 0) -> dict[str, list[int]]:
    """Write a whole export into `folder`, which holds none yet; relative path -> [size, mtime_ns].
    `files` may be a generator: each file is handed on as soon as it is rendered. Given `count`
    of at least SPAWN_FROM, a writer process creates them meanwhile."""
    staging = folder / f"{STAGING}{os.getpid()}-{secrets.token_hex(4)}"
    os.mkdir(staging, 0o700)
    writer: _Here | _Spawned | None = None
    try:
        writer = _writer(staging, count)
        for rel, data in files:
            writer.write(rel, data)
        stats = writer.finish()
        writer = None
        entries = sorted({rel.partition("/")[0] for rel in stats}, key=lambda e: (e == "network.yaml", e))
        _write_journal(folder, {"staged": staging.name, "entries": entries, "moves": {}, "remove": []})
    except BaseException:
        if writer is not None:
            writer.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finish_interrupted(folder)
    return stats


def _writer(staging: Path, count: int) -> _Here | _Spawned:
    if count >= SPAWN_FROM and sys.executable:
        try:
            return _Spawned(staging)
        except OSError:  # no interpreter to start: write them here
            pass
    return _Here(staging)


def commit_tree(folder: Path, changed: dict[str, bytes], removed: list[str]) -> None:
    """Put `changed` in place and delete `removed` in an existing export, all or nothing."""
    if not changed and not removed:
        return
    temps: dict[str, Path] = {}
    made: set[str] = set()
    fsync_each = tree_writer.SYNCFS is None or len(changed) <= FSYNC_EACH_UP_TO
    try:
        for rel, data in changed.items():
            path = folder / rel
            parent = rel.rpartition("/")[0]
            if parent not in made:  # once per folder, not once per file
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                made.add(parent)
            tmp = temp_name(path)
            temps[rel] = tmp
            tree_writer.write_file(str(tmp), data, None, fsync_each)
        if temps and not fsync_each:
            flush_filesystem(folder)
        _write_journal(folder, {"moves": {rel: tmp.name for rel, tmp in temps.items()}, "remove": removed})
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        raise
    finish_interrupted(folder)


def _write_journal(folder: Path, journal: dict[str, Any]) -> None:
    """The commit point: once this file is on disk, the export is as good as done."""
    atomic_write(folder / JOURNAL, json.dumps(journal, ensure_ascii=False).encode("utf-8"))


def finish_interrupted(folder: Path) -> None:
    """Complete an export whose journal was written; remove what an export killed before its
    journal left (temp files, a staging folder)."""
    journal_path = folder / JOURNAL
    if journal_path.exists():
        try:
            journal = json.loads(journal_path.read_bytes())
        except ValueError:
            journal = {}  # torn before the commit point: nothing was moved
        touched = set()
        for rel, tmp_name in journal.get("moves", {}).items():
            target = folder / rel
            tmp = target.with_name(tmp_name)
            if tmp.exists():
                os.replace(tmp, target)
            touched.add(target.parent)
        for rel in journal.get("remove", []):
            (folder / rel).unlink(missing_ok=True)
            touched.add((folder / rel).parent)
        staged = journal.get("staged")
        if staged:
            for entry in journal["entries"]:
                source = folder / staged / entry
                if os.path.lexists(source):
                    os.rename(source, folder / entry)
            try:
                (folder / staged).rmdir()
            except FileNotFoundError:  # removed before the journal was
                pass
            touched.add(folder)
        for parent in sorted(touched):
            fsync_dir(parent)
        journal_path.unlink()
        fsync_dir(folder)
    _sweep(folder)


def _sweep(folder: Path) -> None:
    for sub in ("", *FOLDERS):
        parent = os.path.join(folder, sub)
        try:
            names = os.listdir(parent)
        except (FileNotFoundError, NotADirectoryError):
            continue
        for name in names:
            path = os.path.join(parent, name)
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                Path(path).unlink(missing_ok=True)
            elif not sub and name.startswith(STAGING):
                shutil.rmtree(path, ignore_errors=True)


def pending(folder: Path) -> bool:
    return (Path(folder) / JOURNAL).exists()


def ours(name: str) -> bool:
    """An entry of the export folder that only an export in progress leaves there."""
    return name == JOURNAL or name.startswith(STAGING) or name.startswith(".") and name.endswith(TEMP_SUFFIX)
