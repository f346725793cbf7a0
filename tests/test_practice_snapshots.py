"""Layout of the stats screen (pytest-textual-snapshot), on fixed data and a fixed Monday."""

from __future__ import annotations

from netcrm.ui.screens.stats import StatsScreen
from netcrm.ui.screens.today import TodayScreen
from tests.practice_ui import ScreenHost, practice_workspace
from tests.waiting import screen_is


def test_stats_screen(snap_compare, tmp_path):
    app = ScreenHost(StatsScreen(practice_workspace(tmp_path / "netcrm.json")))
    assert snap_compare(app, terminal_size=(120, 40), run_before=lambda pilot: screen_is(pilot, StatsScreen))


def test_today_screen(snap_compare, tmp_path):
    app = ScreenHost(TodayScreen(practice_workspace(tmp_path / "netcrm.json")))
    assert snap_compare(app, terminal_size=(120, 40), run_before=lambda pilot: screen_is(pilot, TodayScreen))
