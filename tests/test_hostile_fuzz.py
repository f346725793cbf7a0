"""Random CLI commands with hostile arguments: never a traceback, exit 0, 1 or 2, and a failed
command changes no byte of the database.

Arguments mix control characters, Rich markup, huge and tiny numbers, dates at and past the
calendar's edges, invalid UTF-8 (as Python hands it over: lone surrogates) and very long text.
Commands run in-process through `netcrm.cli.main` (fast enough for hundreds of examples);
a few run through the real executable too, where argv bytes are truly not UTF-8.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcrm.cli import main
from netcrm.storage.repository import Repository
from tests.conftest import NOW
from tests.hostile_support import db_digest

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NASTY = [
    "", " ", "-", "--", "0", "-1", "1", "9" * 30, "1e309", "nan", "\x1b[2J", "\x1b]0;pwned\x07", "\x9b31m",
    "[bold]", "[/]", "\u202eevil", "\udc9b", "zo\udcc3e", "x" * 5000, "\x00", "a\nb", "a\rb", "zoe", "raj",
    "9999-12-31 23:30", "0001-01-01 00:00+14:00", "in 99999999 days", "in 9999999999999 years", "now",
    "2026-02-31", "tomorrow 10:00", "3 days ago", "fri", "25:99", "in 30m", "1h30m", "0m", "99999999h",
    "zoe@northwind.example", "not an email", "@", "a@b@c",
]
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=40),
                 st.text(alphabet=st.characters(max_codepoint=0x2070), max_size=12))
name = st.one_of(st.sampled_from(["zoe", "raj", "Zoe Zed", "p-"]), text)
SUBCOMMANDS = ["add", "log", "plan", "plans", "done", "cancel", "snooze", "archive", "list", "show", "today",
               "stats", "intros", "intro", "intro-outcome", "merge", "export", "import"]
kind = st.sampled_from(["call", "coffee", "email", "bogus", ""])


def opt(flag: str, value: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), value.map(lambda v: [flag, v]))


def command() -> st.SearchStrategy[list[str]]:
    def joined(*parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
        return st.tuples(*parts).map(lambda groups: [arg for group in groups for arg in group])

    fixed = st.just
    one = name.map(lambda v: [v])
    return st.one_of(
        joined(fixed(["add"]), text.map(lambda v: [v]), opt("--org", text), opt("--title", text),
               opt("--email", text), opt("--cadence", text), opt("--tag", text)),
        joined(fixed(["log"]), one, kind.map(lambda k: ["--kind", k]), opt("--note", text), opt("--at", text)),
        joined(fixed(["plan"]), one, opt("--at", text), opt("--duration", text), opt("--where", text),
               opt("--remind", text), opt("--agenda", text)),
        joined(fixed(["snooze"]), one, opt("--until", text)),
        joined(fixed(["show"]), one, st.sampled_from([[], ["--json"]])),
        joined(fixed(["list"]), opt("--tag", text), st.sampled_from([[], ["--cold"], ["--json"]])),
        joined(fixed(["archive"]), one),
        joined(fixed(["done"]), one, opt("--note", text)),
        joined(fixed(["cancel"]), one),
        joined(fixed(["plans"]), st.sampled_from([[], ["--all"], ["--json"]])),
        joined(fixed(["today"]), opt("--done", name)),
        joined(fixed(["stats", "--days"]), text.map(lambda v: [v])),
        joined(fixed(["intros", "--limit"]), text.map(lambda v: [v])),
        joined(fixed(["intro"]), one, one, opt("--why", text)),
        joined(fixed(["merge"]), one, one),
        joined(fixed(["edit"]), one),
        joined(fixed(["export", "ics"]), st.sampled_from([[], ["--birthdays"]]), opt("-o", text)),
        # Any subcommand with any arguments (never none: without a subcommand the full-screen app opens).
        joined(st.sampled_from(SUBCOMMANDS).map(lambda c: [c]), st.lists(text, max_size=4)),
    )


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):  # type: ignore[type-var]
        try:
            code = main(args)
        except SystemExit as exc:  # argparse: usage errors and --help
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out.flush()
    return code, out.buffer.getvalue().decode("utf-8", "replace"), err.getvalue()  # type: ignore[attr-defined]


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small network in a temp database; commands run inside tmp_path so `-o FILE` lands there."""
    db = tmp_path / "db" / "netcrm.json"
    db.parent.mkdir()
    config = tmp_path / "config.yaml"
    config.write_text(f"timezone: Europe/Berlin\nics_export: {tmp_path / 'cal' / 'netcrm.ics'}\n")
    monkeypatch.setenv("NETCRM_DB", str(db))
    monkeypatch.setenv("NETCRM_CONFIG", str(config))
    monkeypatch.setenv("NETCRM_NOW", NOW.isoformat())
    monkeypatch.setenv("EDITOR", "true")  # opens nothing, changes nothing: the edit is cancelled
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.chdir(tmp_path)
    for args in (["add", "Zoe Zed", "--org", "Northwind", "--email", "zoe@northwind.example"],
                 ["add", "Raj Patel", "--title", "Engineer"], ["log", "zoe", "--kind", "call"],
                 ["plan", "raj", "--at", "tomorrow 10:00"]):
        assert run(args)[0] == 0
    return db


@settings(max_examples=int(os.environ.get("NETCRM_FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=command())
def test_random_hostile_commands_never_crash_and_failures_write_nothing(world: Path, args: list[str]):
    before = db_digest(world)
    code, out, err = run(args)
    assert code in (0, 1, 2), (args, code, err)
    assert "Traceback" not in err and "Traceback" not in out, (args, err)
    if code != 0:
        assert err.count("\n") <= 1, (args, err)  # one line (argparse's --help aside)
        assert db_digest(world) == before, args
    if "--json" not in args and "ics" not in args:
        assert not RAW.search(out), (args, out)
    assert not RAW.search(err), (args, err)
    repo = Repository(world)  # the database still opens and parses
    repo.contacts(), repo.plans(), repo.interactions()


@pytest.mark.parametrize("argv", [
    [b"show", b"\x9b"],
    [b"add", b"Evil\xff\xfe Name"],
    [b"log", b"zoe", b"--kind", b"call", b"--note", b"\xc3"],
    [b"add", b"Evil\x1b[2J\x1b]0;pwned\x07 Name"],
    [b"plan", b"zoe", b"--at", b"9999-12-31 23:30"],
])
def test_the_real_executable_refuses_hostile_bytes_in_one_line(world: Path, argv: list[bytes]):
    before = db_digest(world)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "netcrm", *argv], capture_output=True, env=env, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count(b"\n") == 1 and b"Traceback" not in done.stderr, done.stderr
    assert not RAW.search(done.stderr.decode("utf-8", "replace"))
    assert db_digest(world) == before
