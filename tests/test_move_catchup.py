"""Moving a catch-up: `netcrm move`, `m` in the agenda and on the main screen; passed ones ask to be closed."""

from __future__ import annotations

import datetime as dt
import json

from textual.widgets import Input

from netcrm.services.people import add_contact
from netcrm.services.plans import plan_catchup
from netcrm.ui.app import NetcrmApp
from netcrm.ui.screens.agenda import AgendaScreen
from netcrm.ui.screens.move_form import MoveForm
from tests.waiting import until

SIZE = (120, 40)


def event_of(calendar: str, uid: str) -> str:
    return next(block for block in calendar.split("BEGIN:VEVENT") if f"UID:{uid}" in block)


def test_move_keeps_the_calendar_event_and_raises_its_sequence(cli):
    cli("add", "Zoë Ødegård")
    out = cli("plan", "zoe", "--at", "fri 10:00").out
    plan_id = out.rsplit("(", 1)[1].rstrip(")\n")
    before = event_of(cli("export", "ics").out, plan_id)
    result = cli("move", plan_id, "--at", "mon 14:30")
    assert result.code == 0, result.err
    assert "moved meeting" in result.out and "Mon 2026-11-23 14:30" in result.out
    after = event_of(cli("export", "ics").out, plan_id)
    assert "SEQUENCE:0" in before.replace("\r\n", "\n") or "SEQUENCE" not in before
    assert "SEQUENCE:1" in after
    assert "DTSTART:20261123T133000Z" in after
    (listed,) = json.loads(cli("plans", "--json").out)
    assert listed["id"] == plan_id and listed["sequence"] == 1


def test_move_to_the_past_or_an_unknown_plan_writes_nothing(cli):
    cli("add", "Zoë Ødegård")
    plan_id = cli("plan", "zoe", "--at", "fri 10:00").out.rsplit("(", 1)[1].rstrip(")\n")
    before = cli("plans", "--json").out
    past = cli("move", plan_id, "--at", "2026-11-01 10:00")
    assert past.code == 2 and "past" in past.err and past.err.count("\n") == 1
    missing = cli("move", "p-nope", "--at", "fri 11:00")
    assert missing.code == 1 and "no catch-up" in missing.err
    assert cli("plans", "--json").out == before


def test_plans_lists_a_passed_catch_up_that_is_still_planned(cli, now, monkeypatch):
    cli("add", "Zoë Ødegård")
    plan_id = cli("plan", "zoe", "--at", "today 11:00").out.rsplit("(", 1)[1].rstrip(")\n")
    monkeypatch.setenv("NETCRM_NOW", (now + dt.timedelta(hours=3)).isoformat())  # the clock moves on
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: the status is not cut to fit
    out = cli("plans").out
    assert plan_id in out and "passed: done, move or cancel?" in out
    assert "netcrm move PLAN --at WHEN" in out
    (row,) = json.loads(cli("plans", "--json").out)
    assert row["past"] is True and row["status"] == "planned"


def _two_plans(ws, now):
    zoe = add_contact(ws, "Zoë Ødegård")
    bo = add_contact(ws, "Bo Li")
    first = plan_catchup(ws, [zoe], start=now + dt.timedelta(hours=2), duration=30, kind="coffee")
    last = plan_catchup(ws, [bo], start=now + dt.timedelta(days=3), duration=60, kind="lunch")
    return first, last


async def test_end_then_x_in_the_agenda_asks_about_the_last_catch_up(ws, now):
    first, last = _two_plans(ws, now)
    app = NetcrmApp(ws, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen is app.main, "the main screen")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, AgendaScreen), "the agenda")
        await pilot.press("end", "x")
        ask = app.screen.query_one("#ask")
        await until(pilot, lambda: "x again cancels it" in str(ask.render()), "the question")
        assert "lunch with Bo Li" in str(ask.render())
        await pilot.press("k")  # moving away keeps both
        await pilot.press("j", "x", "x")
        await until(pilot, lambda: ws.repo.plan(last.id).status == "cancelled", "the lunch cancelled")
        assert ws.repo.plan(first.id).status == "planned"


async def test_m_in_the_agenda_moves_the_catch_up(ws, now):
    first, _ = _two_plans(ws, now)
    app = NetcrmApp(ws, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen is app.main, "the main screen")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, AgendaScreen), "the agenda")
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MoveForm), "the move form")
        await pilot.press(*"yesterday 9:00", "enter")
        error = app.screen.query_one("#when-error")
        await until(pilot, lambda: error.has_class("shown"), "the past date refused")
        app.screen.query_one("#when", Input).value = "tue 16:00"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AgendaScreen), "back in the agenda")
        await until(pilot, lambda: any("Moved the coffee to Tue 24 Nov 16:00" in n.message
                                       for n in app._notifications), "the note")
    moved = ws.repo.plan(first.id)
    assert moved.sequence == first.sequence + 1 and moved.start.hour == 16


async def test_m_on_the_main_screen_moves_the_persons_next_catch_up(ws, now):
    first, _ = _two_plans(ws, now)
    app = NetcrmApp(ws, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main.current_id == "bo-li", "Bo selected")
        app.main.go_to("zoe-odegard")
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MoveForm), "the move form")
        await pilot.press(*"wed 9:30", "ctrl+s")
        await until(pilot, lambda: app.screen is app.main, "the form closing")
    assert ws.repo.plan(first.id).start.astimezone(dt.UTC).isoformat() == "2026-11-25T08:30:00+00:00"


async def test_a_passed_catch_up_asks_done_move_or_cancel(ws, now):
    zoe = add_contact(ws, "Zoë Ødegård")
    plan = plan_catchup(ws, [zoe], start=now + dt.timedelta(minutes=5), duration=30, kind="coffee")
    ws.clock = lambda: now + dt.timedelta(hours=2)
    app = NetcrmApp(ws, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: any("passed while still planned" in n.message for n in app._notifications),
                    "the note about the passed catch-up")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, AgendaScreen), "the agenda")
        ask = str(app.screen.query_one("#ask").render())
        assert "has passed: d done · m move · x cancel" in ask
        await pilot.press("d")
        await until(pilot, lambda: ws.repo.plan(plan.id).status == "done", "the catch-up marked done")
