"""The README's first two commands, as a newcomer copies them: they must never silently go stale.

The app command is really run: its install part in a fresh copy of this checkout with a fresh
virtual environment, then `.venv/bin/netcrm --demo` itself in a pseudo-terminal, quit with `q`.
The test command is what `.ci/run` runs, so CI proves it on every submission.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import netcrm

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
# Escape sequences a terminal app writes: CSI, OSC and DCS-style strings, and two-byte ESC codes.
ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[P^_][^\x1b]*\x1b\\|[@-Z\\-_])")


def try_it_commands() -> dict[str, str]:
    """The code lines of the README's "Try it" section, keyed 'app' and 'test' by what they end in."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Try it\n", 1)[1].split("\n## ", 1)[0]
    lines = [line[4:] for line in section.splitlines() if line.startswith("    ") and line.strip()]
    found = {"app": [c for c in lines if c.endswith("netcrm --demo")], "test": [c for c in lines if c.endswith("pytest")]}
    assert all(len(v) == 1 for v in found.values()), f"expected one app and one test command in 'Try it': {lines}"
    return {k: v[0] for k, v in found.items()}


def ci_commands() -> list[str]:
    lines = CI_RUN.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_ci_runs_the_readme_test_command_last_in_a_fresh_venv() -> None:
    commands = ci_commands()
    assert commands[-1] == try_it_commands()["test"]  # last: its exit status is the script's
    fresh = [i for i, c in enumerate(commands) if re.fullmatch(r"rm -rf (\S+ )*\.venv( \S+)*", c)]
    assert fresh and fresh[-1] < len(commands) - 1, "CI must remove .venv before the README's command reuses it"
    assert "set -euo pipefail" in commands


@pytest.mark.parametrize("which", ["app", "test"])
def test_readme_commands_never_touch_the_systems_python(which: str) -> None:
    """PEP 668 systems refuse `pip install` outside a venv, and many have no `python`: everything after
    making the venv runs from `.venv/bin/`."""
    first, *rest = try_it_commands()[which].split(" && ")
    assert first == "python3 -m venv .venv"
    assert rest and all(part.startswith(".venv/bin/") for part in rest), rest


def source_copy(target: Path) -> Path:
    """This checkout's files (tracked and new, not ignored), as a fresh clone would have them."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the README's commands are for a checkout")
    for rel in filter(None, listed.stdout.split("\0")):
        if (ROOT / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, target / rel)
    return target


def run_in_terminal(command: list[str], cwd: Path, env: dict[str, str], until: re.Pattern[str],
                    deadline: float = 90.0) -> tuple[str, int | None]:
    """Start `command` in a 120x40 pseudo-terminal, wait until `until` is on screen, press q, wait for it to end."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    output = bytearray()
    end = time.monotonic() + deadline

    def screen() -> str:
        return ANSI.sub("", output.decode("utf-8", "replace"))

    def read(wait: float) -> None:
        if select.select([master], [], [], wait)[0]:
            try:
                output.extend(os.read(master, 65536))
            except OSError:  # the program ended and closed the terminal
                time.sleep(wait)

    try:
        while time.monotonic() < end and not until.search(screen()) and proc.poll() is None:
            read(0.2)
        if until.search(screen()):
            os.write(master, b"q")
        while time.monotonic() < end and proc.poll() is None:
            read(0.2)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)
    return screen(), proc.returncode


@pytest.mark.install
@pytest.mark.skipif(sys.platform == "win32", reason="the README's commands are for a POSIX shell")
def test_the_readme_app_command_installs_and_opens_the_demo(tmp_path: Path) -> None:
    *install, app = try_it_commands()["app"].split(" && ")
    checkout = source_copy(tmp_path / "netcrm")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", NETCRM_DB=str(tmp_path / "mine" / "netcrm.json"),
               NETCRM_CONFIG=str(tmp_path / "mine" / "config.yaml"))
    done = subprocess.run(["bash", "-c", " && ".join(install)], cwd=checkout, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{' && '.join(install)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"

    venv_bin = checkout / ".venv" / "bin"
    version = subprocess.run([venv_bin / "netcrm", "--version"], capture_output=True, text=True, env=env)
    assert version.stdout.strip() == f"netcrm {netcrm.__version__}"
    # Installed, not read from the checkout: the demo ships inside the package and opens from any folder.
    elsewhere = subprocess.run([venv_bin / "netcrm", "--demo", "list"], cwd=tmp_path, capture_output=True, text=True,
                               env=env)
    assert elsewhere.returncode == 0 and "Zoë Ødegård" in elsewhere.stdout, elsewhere.stderr

    screen, code = run_in_terminal(app.split(), checkout, env, until=re.compile(r"[1-9]\d* people"))
    assert re.search(r"[1-9]\d* people", screen), f"`{app}` never showed the demo network:\n{screen[-2000:]}"
    assert code == 0, f"`{app}` did not quit cleanly on q:\n{screen[-2000:]}"
    assert "`netcrm init` sets up your own network" in screen  # the way on from the demo
    assert not (tmp_path / "mine").exists(), "--demo must not create the user's own database or config"
