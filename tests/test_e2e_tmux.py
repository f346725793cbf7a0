"""End to end: the real `netcrm` in a real terminal (tmux), driven by keystrokes like a person."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import NOW

from netcrm.services.demo import build_demo_db
from netcrm.storage.repository import Repository

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Terminal:
    def __init__(self, name: str, command: str, env: dict[str, str]) -> None:
        self.name = name
        self.channel = f"{name}-exited"
        self._pipe: int | None = None
        exports = " ".join(f"{k}={v!s}" for k, v in env.items())
        # When the program ends, the shell wakes `exited()` through a tmux channel: no polling.
        signal = f"{shutil.which('tmux')} -L {name} wait-for -S {self.channel}"
        self.tmux(
            "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "120", "-y", "40",
            f"env -u COLUMNS -u LINES {exports} {command}; {signal}",
        )
        self.tmux("resize-window", "-t", name, "-x", "120", "-y", "40")

    def tmux(self, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
        # A private server (-L): the test never touches the user's own tmux sessions.
        return subprocess.run(["tmux", "-L", self.name, *args], capture_output=True, text=True, timeout=timeout)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name).stdout

    def wait_for(self, text: str, timeout: float = 60.0) -> None:
        self.until(lambda screen: text in screen, f"{text!r} appearing", timeout)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)

    def until(self, check, what: str, timeout: float = 60.0) -> str:
        """Poll the screen until `check(screen)` holds (the terminal is read, never slept on); the screen."""
        deadline = time.monotonic() + timeout
        while not check(screen := self.screen()):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{what} never happened; the screen was:\n{self.screen()}")
            self._output_or(min(left, 1.0))
        return screen

    def _output_or(self, seconds: float) -> None:
        """Block until the program writes to the terminal again (tmux copies its output into a
        pipe we read), or `seconds` pass: the screen is looked at when it can have changed."""
        if self._pipe is None:
            fifo = Path(tempfile.mkdtemp()) / "output"
            os.mkfifo(fifo)
            # Opened for writing too: the pipe never reads as ended when tmux's `cat` goes,
            # so select() wakes for output only.
            self._pipe = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
            self.tmux("pipe-pane", "-o", "-t", self.name, f"cat > {fifo}")
        ready, _, _ = select.select([self._pipe], [], [], seconds)
        if ready:
            try:
                os.read(self._pipe, 1 << 16)
            except BlockingIOError:
                pass

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.name).returncode == 0

    def exited(self, timeout: float = 60.0) -> bool:
        """Block until the program has ended (the channel woken, or the server gone with its last
        session); False if it is still running after `timeout` seconds."""
        try:
            self.tmux("wait-for", self.channel, timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def close(self) -> None:
        self.tmux("kill-server")
        if self._pipe is not None:
            os.close(self._pipe)


def on_the_demo(tmp_path: Path, name: str, **env: str) -> Terminal:
    """The real `netcrm` on a fresh copy of the demo network, the clock stopped at NOW."""
    db = build_demo_db(tmp_path / "netcrm.json", NOW)
    base = {
        "NETCRM_DB": db,
        "NETCRM_NOW": NOW.isoformat(),
        "NETCRM_CONFIG": tmp_path / "none.yaml",
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
    }
    return Terminal(f"{name}-{os.getpid()}", str(Path(sys.executable).with_name("netcrm")), {**base, **env})


def test_filter_log_a_touch_and_quit(tmp_path: Path):
    db = tmp_path / "netcrm.json"
    term = on_the_demo(tmp_path, "netcrm-e2e")
    try:
        term.wait_for("46 people")
        term.keys("/")
        term.keys("zoe", literal=True)
        term.wait_for("1 of 46 people")
        term.keys("Enter")
        term.wait_for("VP Engineering")
        term.keys("l")
        term.wait_for("Log a touch")
        # The person is filled in and the cursor waits in the summary.
        term.keys("coffee after the all-hands", literal=True)
        term.keys("C-s")
        term.wait_for("Logged message with Zoë Ødegård")
        term.keys("q")
        assert term.exited(), f"netcrm did not quit on q; the screen was:\n{term.screen()}"
    finally:
        term.close()
    latest = Repository(db).timeline("zoe-odegard")[0]
    assert latest.summary == "coffee after the all-hands"
    assert latest.kind == "message"
