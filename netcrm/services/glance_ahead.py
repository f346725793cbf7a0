"""The app's first list, read ahead: a child process reads it while this one imports Textual.

Before the app can draw, Python spends ~150 ms of CPU importing Textual, and the light
read of everyone (`glance_directory`: ~40 ms at 10,000 people, ~120 ms at 30,000) does
not need Textual at all. With a second core the two run side by side: a forked child
reads the light directory and sends back a `Glimpse` of each person with their warmth
through a pipe (msgpack: ~3 ms to take in at 10,000 people, ~9 ms at 30,000), and the app
lists from it.

It is only ever a head start. Where fork is missing or unsafe (another thread running),
when the child fails, answers nothing or something unreadable, takes longer than
`PATIENCE`, or the day turned meanwhile, `result()` is None and the caller reads the
people itself, as it always did; a database the child could not read then gives the
caller's one-line error. The child only reads: it never writes to the database or the
terminal (its standard streams go to /dev/null), and it leaves with `os._exit`, running
none of this process's exit handlers.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import fcntl
import gc
import os
import select
import signal
import threading
import time
from typing import TYPE_CHECKING, cast

import msgspec

from netcrm.domain.model import Contact
from netcrm.domain.warmth import Band, Warmth
from netcrm.services.directory import Directory, glance_directory

if TYPE_CHECKING:
    from netcrm.services.workspace import Workspace

# Seconds the app waits for the child before reading the people itself (a child that slow
# means a machine so busy that reading them here would take about as long).
PATIENCE = 10.0
# Bytes the pipe holds (Linux lets anyone ask for up to 1 MiB): the child writes most of the list
# before the app reads it, not 64 KiB at a time with a switch between the two processes for each.
PIPE_SIZE = 1 << 20


class Glimpse(msgspec.Struct, array_like=True, gc=False):
    """A person as the light list shows them and going cold leaves them out (`is_resting`):
    the other fields of `Listed` went into their warmth, worked out in the child. Reading a
    third of the fields makes taking the list in ~3x faster (10,000 people: ~7 -> ~3 ms)."""

    id: str
    name: str
    snoozed_until: dt.date | None = None
    archived: bool = False


class _Row(msgspec.Struct, array_like=True, gc=False):
    """One `Warmth` of the light list, as it travels: an array (the child sends tuples)."""

    contact: Glimpse
    days: int
    cadence: int
    band: Band
    touched: bool


class _Glance(msgspec.Struct, array_like=True, gc=False):
    """What a light `Directory` holds that the app could not cheaply work out again."""

    today: dt.date
    planned: list[str]
    active: list[_Row]
    archived: list[Glimpse]


_decoder = msgspec.msgpack.Decoder(_Glance)


class Ahead:
    """A child reading the light directory; `result()` waits for it, once."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid, self._fd = pid, fd

    def result(self, ws: Workspace) -> Directory | None:
        """The light directory the child read, or None (then read it here)."""
        data = self._take()
        if not data:
            return None
        try:
            glance = _decoder.decode(data)
        except msgspec.DecodeError:
            return None
        if glance.today != ws.today():
            return None  # midnight passed while the app started
        # A Glimpse stands in for a Contact (see `Directory.light`).
        people = cast(list[Warmth], glance.active)  # a _Row has a Warmth's fields, the contact a Glimpse
        rows = [Warmth(r.contact, r.days, r.cadence, r.band, r.touched) for r in people]
        return Directory(glance.today, frozenset(glance.planned), rows, cast(list[Contact], glance.archived),
                         ws.cadences(), light=True)

    def _take(self) -> bytes:
        """Everything the child wrote, until it closed the pipe; b"" when it took too long."""
        chunks: list[bytes] = []
        deadline = time.monotonic() + PATIENCE
        try:
            while True:
                wait = deadline - time.monotonic()
                if wait <= 0 or not select.select([self._fd], [], [], wait)[0]:
                    os.kill(self._pid, signal.SIGKILL)
                    return b""
                chunk = os.read(self._fd, 1 << 20)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)
        finally:
            os.close(self._fd)
            if os.waitpid(self._pid, os.WNOHANG) == (0, 0):  # still leaving (freeing its memory takes a while)
                atexit.register(_reap, self._pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def start(ws: Workspace) -> Ahead | None:
    """Fork a child that reads the light directory of `ws`; None when that cannot be done
    safely here (no fork, or a thread running that the child would not have)."""
    if not _safe_to_fork():
        return None
    read, write = os.pipe()
    with contextlib.suppress(AttributeError, OSError):  # Linux: room for the child to write it all ahead
        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:
        os.close(read)
        _child(ws, write)  # never returns
    os.close(write)
    return Ahead(pid, read)


def _glimpse(person: Contact) -> tuple[object, ...]:
    return (person.id, person.name, person.snoozed_until, person.archived)


def _safe_to_fork() -> bool:
    """A forked child has only the thread that forked: a lock another thread held then stays
    held in it forever. The bare `netcrm` forks before anything starts a thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _child(ws: Workspace, fd: int) -> None:
    code = 1
    try:
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        gc.disable()  # a short-lived process: the collector would only walk what it builds
        ws.repo.on_notice = lambda message: None  # the app says notices once it reads everyone
        found = glance_directory(ws)
        if found is not None:
            rows = [(_glimpse(w.contact), w.days, w.cadence, w.band, w.touched) for w in found.active]
            archived = [_glimpse(c) for c in found.archived_people]
            data = msgspec.msgpack.encode([found.today, sorted(found.planned), rows, archived])
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.close(fd)  # the end of the list now, not once this process has been torn down
            code = 0
    except BaseException:  # noqa: BLE001, S110 - whatever went wrong, the app reads the people itself
        pass
    finally:
        os._exit(code)
