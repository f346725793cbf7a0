"""Putting an export's files in place, all or nothing, with the data on disk before the commit point.

Two ways, one journal (`.netcrm-export-journal.json` in the export folder, the commit point):

- A folder with no export in it yet (`NewTree`): every file is written into a staging
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

import json
import os
import secrets
import shutil
import sys
import threading
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
# From this many people on, another process creates their files while the rest is rendered.
SPAWN_FROM = 500


def flush_filesystem(folder: Path) -> None:
    """Everything written under `folder` reaches the disk: one syncfs for a whole tree."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        tree_writer.syncfs(fd, str(folder))
    finally:
        os.close(fd)


class NewTree:
    """A whole export written into a folder that holds none yet, as a `with` block:

        with NewTree(folder, len(people), people_files) as tree:
            tree.write("touches/2026.yaml", data)  # and the other files
        tree.stats  # relative path -> [size, mtime_ns]; all moved into place

    `many` (the people's files, `count` of them; a generator) is handed on first. From
    SPAWN_FROM people on, another process writes them (see `tree_writer`): a forked copy of this
    one renders and writes them while the block runs, or, where forking is not safe, a writer
    process is streamed the rendered files. An error or interruption in the block or while
    writing removes the staging folder: the folder is left as it was."""

    def __init__(self, folder: Path, count: int, many: Iterable[tuple[str, bytes]] = ()) -> None:
        self.folder, self.count, self.many = folder, count, many
        self.staging = folder / f"{STAGING}{os.getpid()}-{secrets.token_hex(4)}"
        self.helper: tree_writer.Forked | None = None
        self.writer: tree_writer.Here | tree_writer.Spawned | None = None
        self.stats: dict[str, list[int]] = {}

    def __enter__(self) -> NewTree:
        os.mkdir(self.staging, 0o700)
        try:
            many = self.many
            if self.count >= SPAWN_FROM and can_fork():
                self.helper = tree_writer.Forked(self.staging, many)
                many = ()
            self.writer = tree_writer.Here(self.staging) if self.helper else _writer(self.staging, self.count)
            for rel, data in many:
                self.writer.write(rel, data)
        except BaseException:
            self._abandon()
            raise
        return self

    def write(self, rel: str, data: bytes) -> None:
        assert self.writer is not None
        self.writer.write(rel, data)

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            self._abandon()
            return
        try:
            assert self.writer is not None
            stats = self.writer.finish()
            self.writer = None
            if self.helper is not None:
                stats.update(self.helper.finish())
                self.helper = None
            entries = sorted({rel.partition("/")[0] for rel in stats}, key=lambda e: (e == "network.yaml", e))
            _write_journal(self.folder, {"staged": self.staging.name, "entries": entries, "moves": {}, "remove": []})
        except BaseException:
            self._abandon()
            raise
        finish_interrupted(self.folder)
        self.stats = stats

    def _abandon(self) -> None:
        for running in (self.writer, self.helper):
            if running is not None:
                running.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def can_fork() -> bool:
    """Forking copies only the calling thread: safe while it is the only one (the CLI; not the app)."""
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


def _writer(staging: Path, count: int) -> tree_writer.Here | tree_writer.Spawned:
    if count >= SPAWN_FROM and sys.executable:
        try:
            return tree_writer.Spawned(staging)
        except OSError:  # no interpreter to start: write them here
            pass
    return tree_writer.Here(staging)


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
    """An entry that only a first export in progress leaves in a folder (so it is still "empty")."""
    return name == JOURNAL or name.startswith(STAGING)
