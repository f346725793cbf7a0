"""Writer processes for the storage tests: forked children that report each committed write.

A child acks on a pipe only after `transaction()` returned, so the parent
knows exactly which writes a user was told had succeeded. `os.fork` keeps a
trial to a few milliseconds (no interpreter start), and the child is a real
process: SIGKILL stops it wherever it is, as a crash or power cut would.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Callable
from pathlib import Path

from netcrm.domain.model import Contact
from netcrm.storage.repository import Repository

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


def person(cid: str, notes: str = "") -> Contact:
    return Contact(id=cid, name=cid.replace("-", " ").title(), notes=notes, created=NOW, updated=NOW)


def seed(db: Path, count: int) -> list[str]:
    """A database with `count` people whose notes make each write take a few milliseconds."""
    ids = [f"seed-{n}" for n in range(count)]
    repo = Repository(db)
    with repo.transaction():
        repo.put_many(person(cid, "met at the spring offsite; talks about budgets " * 8) for cid in ids)
    return ids


def fork(body: Callable[[int], None]) -> tuple[int, int]:
    """Run `body(ack_fd)` in a child process; returns (pid, read end of its ack pipe)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 0
        try:
            os.close(read_fd)
            body(write_fd)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def ack(fd: int, line: str) -> None:
    os.write(fd, f"{line}\n".encode())


def read_acks(fd: int) -> list[str]:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode().split()


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def wait(pid: int) -> int:
    """The child's exit status."""
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def temps(db: Path) -> list[Path]:
    """Temp files a writer left in the database folder."""
    return sorted(db.rglob(".*.tmp"))
