"""Creating many new files in one folder tree, in this process or another one.

Creating a file is kernel work (on ext4 ~30-400 µs each, most of a full export's cost at
10,000 people), and Python threads cannot overlap it with rendering: a thread that makes a
system call every few microseconds waits for the GIL after each one while the renderer holds it.
So a full export hands the people to another process, on the other core:
- `Forked`: a forked copy of the exporting process renders and writes them (only where forking
  is safe: Linux, a single thread, as in the CLI) while the exporter renders the touches;
- `Spawned`: else this module runs as a script (`python -I -S tree_writer.py FOLDER`: standard
  library only, nothing of netcrm imported, it starts in ~20 ms) and is streamed the rendered
  files through a pipe while the next ones are rendered;
- `Here`: small exports are written in the exporting process.

The script's protocol: stdin carries frames `<u32 name length><u32 data length><name utf-8><data>` until
EOF; the writer then makes everything durable (one `syncfs`, else an fsync per file) and prints
a JSON list of `[size, mtime_ns]`, one per file in order. On an error it prints
`{"errno": …, "error": …, "file": …}` on stderr and exits 1 without syncing; the caller removes
the folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import json
import os
import signal
import struct
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

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
            with contextlib.suppress(FileExistsError):  # made by the other process writing this tree
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


class Here:
    """Files written by this process, one after the other."""

    def __init__(self, staging: Path) -> None:
        self.tree = Tree(str(staging))
        self.stats: dict[str, list[int]] = {}

    def write(self, rel: str, data: bytes) -> None:
        self.stats[rel] = self.tree.write(rel, data)

    def finish(self) -> dict[str, list[int]]:
        self.tree.sync()
        self.close()
        return self.stats

    def close(self) -> None:
        self.tree.close()


class Spawned:
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
        self.waiting += HEADER.pack(len(name), len(data))
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


def writer_command(staging: Path) -> list[str]:
    """This module as a script: standard library only (-S: no site packages; -I: no PYTHONPATH)."""
    return [sys.executable, "-I", "-S", str(Path(__file__)), str(staging)]


class Forked:
    """`files` rendered and written by a forked copy of this process, on another core, while this
    one goes on. The copy reports `{"stats": {rel: [size, mtime_ns]}}` (or the error) through a
    pipe and ends with `os._exit`: it never returns into the caller's code."""

    def __init__(self, staging: Path, files: Iterable[tuple[str, bytes]]) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _write_in_child(staging, files, write)
        os.close(write)
        self.pid: int | None = pid
        self.read = read

    def finish(self) -> dict[str, list[int]]:
        chunks = []
        while chunk := os.read(self.read, 1 << 20):
            chunks.append(chunk)
        os.close(self.read)
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        try:
            report = json.loads(b"".join(chunks))
        except ValueError:
            report = {"error": "the writer process ended early"}
        if os.waitstatus_to_exitcode(status) != 0 or "stats" not in report:
            raise OSError(report.get("errno"), f"writing the export: {report.get('error')}", report.get("file"))
        stats: dict[str, list[int]] = report["stats"]
        return stats

    def close(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.read)
            self.pid = None


def _write_in_child(staging: Path, files: Iterable[tuple[str, bytes]], out: int) -> None:
    code = 1
    report: dict[str, object] = {}
    try:
        gc.disable()  # a full collection would touch (and so copy) every page shared with the parent
        here = Here(staging)
        for rel, data in files:
            here.write(rel, data)
        report = {"stats": here.finish()}
        code = 0
    except BaseException as exc:  # noqa: BLE001  # reported to the parent, which raises it
        report = {"errno": getattr(exc, "errno", None), "error": getattr(exc, "strerror", None) or repr(exc),
                  "file": getattr(exc, "filename", None)}
    finally:
        try:
            view = memoryview(json.dumps(report).encode("utf-8"))
            while view:
                view = view[os.write(out, view) :]
        finally:
            os._exit(code)


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
