"""One writer at a time: an advisory lock on a file beside the database.

Two processes that both read-modify-write the whole file would each drop the
other's change. Every write transaction holds this lock; a second writer waits
a little, then gets a clear message instead of silently losing data. The lock
is released by the kernel when a process dies, so a crash never leaves it stuck.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from netcrm.errors import StorageError


class WriteLock:
    def __init__(self, path: Path, timeout: float = 10.0) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    os.close(fd)
                    raise StorageError(
                        f"{self.path.with_suffix('')}: another netcrm{holder} is writing to this "
                        f"database; nothing was written, try again when it has finished"
                    ) from None
                time.sleep(0.02)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
