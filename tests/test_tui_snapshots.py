"""What the app looks like at 120x40 on the demo network, with the clock stopped.

Regenerate after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing them.

Keys are pressed inside `run_before`, and the picture is taken only once the
screen they open has mounted and its work has run: a form opened by a key can
take far longer than one frame on a loaded machine.
"""

from __future__ import annotations

import pytest

from netcrm.ui.app import NetcrmApp
from netcrm.ui.screens.agenda import AgendaScreen
from netcrm.ui.screens.contact_form import ContactForm
from netcrm.ui.screens.help import HelpScreen
from netcrm.ui.screens.intros import IntrosScreen
from netcrm.ui.screens.main import MainScreen
from netcrm.ui.screens.today import TodayScreen
from netcrm.ui.screens.touch_forms import LogForm, PlanForm, SnoozeForm
from tests.waiting import screen_is, settled, until

SIZE = (120, 40)


@pytest.mark.parametrize(
    ("keys", "shows", "then"),
    [
        pytest.param([], MainScreen, [], id="main"),
        pytest.param(["slash", *"tag:mentor", "enter"], MainScreen, [], id="filtered"),
        pytest.param(["question_mark"], HelpScreen, [], id="help"),
        pytest.param(["a"], ContactForm, [], id="add-form"),
        pytest.param(["e"], ContactForm, [], id="edit-form"),
        pytest.param(["l"], LogForm, [], id="log-form"),
        pytest.param(["p"], PlanForm, [], id="plan-form"),
        pytest.param(["z"], SnoozeForm, [], id="snooze-form"),
        pytest.param(["p"], PlanForm, ["ctrl+s"], id="plan-form-error"),
        pytest.param(["c"], AgendaScreen, [], id="agenda"),
        pytest.param(["t"], TodayScreen, [], id="today"),
        pytest.param(["i"], IntrosScreen, [], id="intros"),
    ],
)
def test_screens(snap_compare, demo_ws, keys, shows, then):
    async def run_before(pilot) -> None:
        await screen_is(pilot, MainScreen)
        await pilot.press(*keys)
        await screen_is(pilot, shows)
        if then:
            await pilot.press(*then)
            await until(pilot, lambda: pilot.app.screen.query(".field-error.shown"), "the form's error")
            await settled(pilot)

    assert snap_compare(NetcrmApp(demo_ws, watch=False), terminal_size=SIZE, run_before=run_before)
