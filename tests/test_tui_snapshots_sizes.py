"""What the app looks like on a small (80x24) and a large (160x50) terminal, with the clock stopped.

Keys are pressed inside `run_before` and each is followed by a wait for what it
opens, so the picture is taken of the finished screen, not of one half drawn.
Regenerate with `pytest tests/test_tui_snapshots_sizes.py --snapshot-update` and
look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import pytest

from netcrm.ui.app import NetcrmApp
from tests.waiting import press_and_settle

SCREENS = {
    "main": [],
    "side": ["g"],
    "filtered-empty": ["slash", *"qqqq"],
    "add-form": ["a"],
    "log-form": ["l"],
    "plan-form-error": ["p", "ctrl+s"],
    "agenda": ["c"],
    "today": ["t"],
    "help": ["question_mark"],
}


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
@pytest.mark.parametrize("name", list(SCREENS))
def test_screens_at_size(snap_compare, demo_ws, name, size):
    async def run_before(pilot) -> None:
        await press_and_settle(pilot, SCREENS[name])

    assert snap_compare(NetcrmApp(demo_ws, watch=False), terminal_size=size, run_before=run_before)
