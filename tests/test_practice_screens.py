"""The today, stats and intros screens, driven with Pilot on a fixed Monday."""

from __future__ import annotations

import asyncio
import functools

import pytest
from textual.widgets import OptionList

from netcrm.services.today import skipped_today, today_queue
from netcrm.ui.screens.intros import IntrosScreen
from netcrm.ui.screens.result import ScreenResult
from netcrm.ui.screens.stats import StatsScreen
from netcrm.ui.screens.today import TodayScreen
from tests.practice_ui import ScreenHost, practice_workspace
from tests.waiting import screen_is


@pytest.fixture
def pws(tmp_path):
    return practice_workspace(tmp_path / "netcrm.json")


def run(test):
    """Run an async Pilot test without a pytest plugin."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


def visible_text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


@run
async def test_today_done_skip_snooze_and_close(pws):
    app = ScreenHost(TodayScreen(pws))
    async with app.run_test(size=(120, 40)) as pilot:
        await screen_is(pilot, TodayScreen)
        screen = app.screen
        first = [e.contact.name for e in screen.queue.entries]
        assert len(first) == 2
        await pilot.press("d")  # asks how: the kind (up/down) and a note, on one line
        assert screen.query_one("#done-bar").has_class("asking")
        await pilot.press("down", *"talked budgets", "enter")
        assert screen.queue.entries[0].done
        assert [e.contact.name for e in screen.queue.entries] == first  # done stays listed
        logged = pws.repo.timeline(screen.queue.entries[0].contact.id)[0]
        assert (logged.kind, logged.summary) == ("meeting", "talked budgets")
        await pilot.press("down", "s")
        assert first[1] in {pws.repo.contact(cid).name for cid in skipped_today(pws)}
        third = [e.contact.name for e in screen.queue.entries]
        assert third[0] == first[0] and third[1] not in first  # the next person moved up
        await pilot.press("z")
        snoozed = [(c.name, c.snoozed_until.isoformat()) for c in pws.repo.contacts() if c.snoozed_until]
        assert snoozed == [(third[1], "2026-11-30")]
        await pilot.press("escape")
    assert app.results == [ScreenResult(changed=True)]
    assert today_queue(pws).entries[0].done


@run
async def test_today_done_can_be_called_off_and_n_pulls_in_one_more_once_the_target_is_met(pws):
    app = ScreenHost(TodayScreen(pws))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert len(screen.queue.entries) == 2 and screen.queue.waiting
        await pilot.press("n")  # not yet: today's people first
        assert len(screen.queue.entries) == 2
        await pilot.press("d", "escape")
        assert not screen.query_one("#done-bar").has_class("asking") and not screen.queue.entries[0].done
        assert isinstance(app.screen, TodayScreen)  # escape closed the bar, not the screen
        await pilot.press("d", "enter", "down", "d", "enter")
        assert all(e.done for e in screen.queue.entries)
        assert "n pulls in the next" in str(screen.query_one("#today-note").render())
        await pilot.press("n")
        assert len(screen.queue.entries) == 3 and not screen.queue.entries[2].done
        assert screen.query_one(OptionList).highlighted == 2


@run
async def test_today_enter_chooses_the_person(pws):
    app = ScreenHost(TodayScreen(pws))
    async with app.run_test(size=(120, 40)) as pilot:
        await screen_is(pilot, TodayScreen)
        chosen = app.screen.queue.entries[0].contact.id
        await pilot.press("enter")
    assert app.results == [ScreenResult(changed=False, contact_id=chosen)]


@run
async def test_today_shows_reasons_and_starters(pws):
    app = ScreenHost(TodayScreen(pws))
    async with app.run_test(size=(120, 40)) as pilot:
        await screen_is(pilot, TodayScreen)
        head = visible_text(app.screen, "#today-head")
        assert "Monday 23 November" in head and "0 of 2 done" in head
        entries = app.screen.queue.entries
        assert any("birthday Friday" in e.reasons for e in entries)


@run
async def test_stats_screen_shows_the_figures_and_closes(pws):
    app = ScreenHost(StatsScreen(pws))
    async with app.run_test(size=(120, 40)) as pilot:
        await screen_is(pilot, StatsScreen)
        screen = app.screen
        assert "reached" in visible_text(screen, "#funnel")
        assert "Finance" in visible_text(screen, "#departments")
        assert len(screen.query_one("#weekly").data) == 52
        await pilot.press("escape")
    assert app.results == [ScreenResult(changed=False)]


@run
async def test_intros_record_with_why(pws):
    app = ScreenHost(IntrosScreen(pws))
    async with app.run_test(size=(120, 40)) as pilot:
        await screen_is(pilot, IntrosScreen)
        screen = app.screen
        pair = screen.found[0]
        assert {pair.a.name, pair.b.name} == {"Ann Lee", "Cat Day"}
        await pilot.press("r")
        why = screen.query_one("#intro-why")
        assert why.has_class("asking") and why.value
        why.value = ""
        await pilot.press(*"data pipelines", "enter")
        assert [(x.why) for x in pws.repo.introductions()] == ["data pipelines"]
        assert all({s.a.id, s.b.id} != {pair.a.id, pair.b.id} for s in screen.found)
        assert pws.repo.timeline(pair.a.id)[0].kind == "introduction"
        await pilot.press("escape")
    assert app.results == [ScreenResult(changed=True)]


@run
async def test_intros_escape_cancels_the_why_first(pws):
    app = ScreenHost(IntrosScreen(pws))
    async with app.run_test(size=(120, 40)) as pilot:
        await screen_is(pilot, IntrosScreen)
        await pilot.press("r", "escape")
        assert not app.screen.query_one("#intro-why").has_class("asking")
        assert pws.repo.introductions() == []
        await pilot.press("escape")
    assert app.results == [ScreenResult(changed=False)]
