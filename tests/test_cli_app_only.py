"""The bare `netcrm` (with --db/--demo at most) opens the app without registering every command;
anything else still goes through the whole parser, with its errors and help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from netcrm.cli import app_only


def test_the_bare_command_and_its_database_options_open_the_app() -> None:
    assert app_only([]) is not None
    args = app_only(["--db", "some/where"])
    assert args is not None and args.db == Path("some/where") and args.command is None
    assert app_only(["--db=else"]).db == Path("else")  # type: ignore[union-attr]
    assert app_only(["--demo"]).demo is True  # type: ignore[union-attr]


def test_commands_help_and_mistakes_go_to_the_whole_parser() -> None:
    for argv in (["list"], ["--help"], ["--version"], ["--db"], ["--db", "--demo"], ["--db="], ["--dbx"], ["-h"]):
        assert app_only(argv) is None, argv


def test_opening_the_app_imports_no_command_module() -> None:
    """What the app's cold start pays for: the CLI and the app, not the thirty subcommands."""
    code = ("import sys; from netcrm import cli; cli.app_only([]); import netcrm.commands.context, netcrm.ui.app; "
            "print(sorted(m for m in sys.modules if m.startswith('netcrm.commands')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['netcrm.commands', 'netcrm.commands.context']"


def test_a_missing_value_for_db_is_still_a_usage_error() -> None:
    done = subprocess.run([sys.executable, "-m", "netcrm", "--db"], capture_output=True, text=True)
    assert done.returncode == 2 and "--db" in done.stderr and "Traceback" not in done.stderr
