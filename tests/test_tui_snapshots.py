"""What the app looks like at 120x40 on the demo network, with the clock stopped.

Regenerate after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import pytest

from netcrm.ui.app import NetcrmApp
from tests.waiting import press_and_settle

SIZE = (120, 40)


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param([], id="main"),
        pytest.param(["slash", "t", "a", "g", ":", "m", "e", "n", "t", "o", "r", "enter"], id="filtered"),
        pytest.param(["question_mark"], id="help"),
        pytest.param(["a"], id="add-form"),
        pytest.param(["e"], id="edit-form"),
        pytest.param(["l"], id="log-form"),
        pytest.param(["p"], id="plan-form"),
        pytest.param(["z"], id="snooze-form"),
        pytest.param(["p", "ctrl+s"], id="plan-form-error"),
        pytest.param(["c"], id="agenda"),
        pytest.param(["t"], id="today"),
        pytest.param(["i"], id="intros"),
    ],
)
def test_screens(snap_compare, demo_ws, keys):
    async def run_before(pilot) -> None:
        # The keys are pressed here, each opening key waited on, not by snap_compare before anything settled.
        await press_and_settle(pilot, keys)

    assert snap_compare(NetcrmApp(demo_ws, watch=False), terminal_size=SIZE, run_before=run_before)
