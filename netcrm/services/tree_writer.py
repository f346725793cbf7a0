"""Creating many new files in one folder tree, optionally in a process of its own.

Creating a file is kernel work (on ext4 ~30-400 µs each, most of a full export's cost at
10,000 people), and Python threads cannot overlap it with rendering: a thread that makes a
system call every few microseconds waits for the GIL after each one while the renderer holds it.
So `export yaml` runs this module as a script (`python -I -S tree_writer.py FOLDER`: standard
library only, nothing of netcrm imported, it starts in ~20 ms) and streams the files to it
through a pipe while it renders the next ones; on another core, the files are created meanwhile.

Protocol: stdin carries frames `<u32 name length><u32 data length><name utf-8><data>` until
EOF; the writer then makes everything durable (one `syncfs`, else an fsync per file) and prints
a JSON list of `[size, mtime_ns]`, one per file in order. On an error it prints
`{"errno": …, "error": …, "file": …}` on stderr and exits 1 without syncing; the caller removes
the folder.
"""

from __future__ import annotations

import ctypes
import json
import os
import struct
import sys
from collections.abc import Callable

HEADER = struct.Struct("<II")
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _find_syncfs() -> Callable[[int], int] | None:
    try:
        func: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (AttributeError, OSError, TypeError):  # not Linux: no syncfs
        return None
    return func


SYNCFS = _find_syncfs()


def syncfs(fd: int, name: str) -> None:
    """Flush the whole filesystem holding `fd`: one call for a tree of 10,000 new files."""
    if SYNCFS is None:
        raise OSError("syncfs is not available")
    if SYNCFS(fd) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), name)


def write_file(name: str, data: bytes, dir_fd: int | None, fsync: bool) -> os.stat_result:
    """A new 0600 file holding `data`; its stat as written (size and mtime go in the manifest)."""
    fd = os.open(name, _NEW_FILE, 0o600, dir_fd=dir_fd)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if fsync:
            os.fsync(fd)
        return os.fstat(fd)
    finally:
        os.close(fd)


class Tree:
    """New files under an existing folder `root`, its subfolders made (0700) as first needed."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.fsync_each = SYNCFS is None
        self.dirs = {"": os.open(root, _DIR_FLAGS)}

    def write(self, rel: str, data: bytes) -> list[int]:
        parent, _, name = rel.rpartition("/")
        dir_fd = self.dirs.get(parent)
        if dir_fd is None:
            os.mkdir(parent, 0o700, dir_fd=self.dirs[""])
            dir_fd = self.dirs[parent] = os.open(parent, _DIR_FLAGS, dir_fd=self.dirs[""])
        st = write_file(name, data, dir_fd, self.fsync_each)
        return [st.st_size, st.st_mtime_ns]

    def sync(self) -> None:
        """Everything written is on disk (the caller's commit point comes after this)."""
        if self.fsync_each:
            for fd in self.dirs.values():
                os.fsync(fd)
        else:
            syncfs(self.dirs[""], self.root)

    def close(self) -> None:
        for fd in self.dirs.values():
            os.close(fd)
        self.dirs = {}


def _read(stream: object, size: int) -> bytes:
    data: bytes = stream.read(size)  # type: ignore[attr-defined]  # a binary stream
    if len(data) != size:
        raise EOFError("the stream of files ended inside a file")
    return data


def main(argv: list[str]) -> int:
    stdin = sys.stdin.buffer
    stats = []
    try:
        tree = Tree(argv[1])
        try:
            while head := stdin.read(HEADER.size):
                name_size, data_size = HEADER.unpack(_read_rest(stdin, head))
                rel = _read(stdin, name_size).decode("utf-8")
                stats.append(tree.write(rel, _read(stdin, data_size)))
            tree.sync()
        finally:
            tree.close()
    except OSError as exc:
        sys.stderr.write(json.dumps({"errno": exc.errno, "error": exc.strerror or str(exc), "file": exc.filename}))
        return 1
    except EOFError as exc:  # the exporting process went away: nothing to report to
        sys.stderr.write(json.dumps({"errno": None, "error": str(exc), "file": None}))
        return 1
    sys.stdout.write(json.dumps(stats))
    return 0


def _read_rest(stream: object, head: bytes) -> bytes:
    return head if len(head) == HEADER.size else head + _read(stream, HEADER.size - len(head))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
