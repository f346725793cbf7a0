"""End to end in tmux: what only a real terminal shows (issue 11, broken items 1 and 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_e2e_tmux import Terminal, on_the_demo

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def start(tmp_path: Path, editor: str) -> Terminal:
    return on_the_demo(tmp_path, "netcrm-careful", EDITOR=editor, VISUAL=editor)


def count_line(screen: str) -> str:
    return next((line.split("▕")[0].strip() for line in screen.splitlines() if "people" in line.split("▕")[0]), "")


def burst(term: Terminal, text: str) -> None:
    """Send keys in one go, the way a quick typist (or a paste-free macro) does: no pause between them."""
    term.tmux("send-keys", "-t", term.name, "-l", text)


def test_search_typed_the_moment_the_list_shows_is_kept(tmp_path: Path):
    term = start(tmp_path, "true")
    try:
        term.wait_for("46 people")
        burst(term, "/zoe")
        term.until(lambda screen: count_line(screen) == "1 of 46 people", "the filter to Zoë")
        term.tmux("send-keys", "-t", term.name, "Enter", "l")
        term.wait_for("Log a touch")
    finally:
        term.close()


def test_leaving_the_editor_without_a_change_gives_the_app_back(tmp_path: Path):
    term = start(tmp_path, "true")  # an editor that returns the file unchanged, like `:q` in vim
    try:
        term.wait_for("46 people")
        term.tmux("send-keys", "-t", term.name, "E")
        term.wait_for("Edit cancelled, nothing changed")
        # The app is back in charge of the terminal: keys act again, nothing is echoed raw.
        burst(term, "/farouk")
        screen = term.until(lambda screen: count_line(screen) == "1 of 46 people", "the filter to Farouk")
        assert "Ahmed Farouk" in screen
    finally:
        term.close()
