"""The agenda screen on its own, pushed by a tiny app: lists, done, cancel, close."""

from __future__ import annotations

import datetime as dt

from textual.app import App
from textual.widgets import DataTable

from netcrm.services.people import add_contact, update_contact
from netcrm.services.plans import plan_catchup
from netcrm.ui.screens.agenda import AgendaScreen
from tests.waiting import screen_is


class AgendaApp(App[None]):
    def __init__(self, ws) -> None:
        super().__init__()
        self.ws = ws
        self.closed_with: list[bool] = []

    def on_mount(self) -> None:
        self.push_screen(AgendaScreen(self.ws), self.closed_with.append)


def rows(app: App, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(table_id, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def _network(ws, now):
    zoe = add_contact(ws, "Zoë Ødegård")
    bo = add_contact(ws, "Bo Li")
    update_contact(ws, zoe, {"birthday": "1985-12-01"})
    update_contact(ws, bo, {"birthday": "--11-23"})
    add_contact(ws, "Far Away", birthday="--06-01")
    later = plan_catchup(ws, [zoe, bo], start=now + dt.timedelta(days=3), duration=60, kind="lunch", where="Canteen")
    soon = plan_catchup(ws, [zoe], start=now + dt.timedelta(hours=2), duration=30, kind="coffee", where="Café Central")
    return soon, later


async def test_agenda_lists_catch_ups_and_birthdays_soonest_first(ws, now):
    _network(ws, now)
    app = AgendaApp(ws)
    async with app.run_test(size=(120, 30)) as pilot:
        await screen_is(pilot, AgendaScreen)
        assert rows(app, "#plans") == [
            ["Sun 22 Nov 2026", "12:00", "30m", "coffee", "Zoë Ødegård", "Café Central"],
            ["Wed 25 Nov 2026", "10:00", "60m", "lunch", "Zoë Ødegård, Bo Li", "Canteen"],
        ]
        assert rows(app, "#birthdays") == [
            ["Mon 23 Nov", "Bo Li", "tomorrow", ""],
            ["Tue 01 Dec", "Zoë Ødegård", "in 9 days", "turns 41"],
        ]


async def test_d_marks_done_and_x_cancels_the_selected_catch_up(ws, now):
    soon, later = _network(ws, now)
    app = AgendaApp(ws)
    async with app.run_test(size=(120, 30)) as pilot:
        await screen_is(pilot, AgendaScreen)
        await pilot.press("d")
        assert ws.repo.plan(soon.id).status == "done"
        assert ws.repo.timeline(ws.find("zoe").id)[0].kind == "coffee"
        assert [r[3] for r in rows(app, "#plans")] == ["lunch"]
        await pilot.press("x")  # asks first: one stray key must not call off a meeting
        assert ws.repo.plan(later.id).status == "planned"
        assert "x again cancels it" in str(app.screen.query_one("#ask").render())
        await pilot.press("x")
        assert ws.repo.plan(later.id).status == "cancelled"
        assert rows(app, "#plans") == []
        await pilot.press("d")  # nothing left: a warning, no crash
        await pilot.press("escape")
        assert app.closed_with == [True]


async def test_escape_without_changes_reports_nothing_changed(ws, now):
    app = AgendaApp(ws)
    async with app.run_test(size=(120, 30)) as pilot:
        await screen_is(pilot, AgendaScreen)
        assert rows(app, "#plans") == [] and rows(app, "#birthdays") == []
        await pilot.press("escape")
        assert app.closed_with == [False]
