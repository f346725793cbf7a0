"""The full-screen app, driven with Pilot: every action, its cancel path and its validation."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest
from conftest import snapshot_of
from rich.console import Console
from textual.widgets import Input, OptionList, TextArea

from netcrm.storage.repository import Repository
from netcrm.ui.app import NetcrmApp
from netcrm.ui.screens.contact_form import ContactForm
from netcrm.ui.screens.help import HelpScreen, help_table
from netcrm.ui.screens.touch_forms import LogForm, PlanForm, SnoozeForm
from netcrm.ui.widgets.contact_list import ContactList
from netcrm.ui.widgets.person_view import PersonView
from tests.waiting import screen_is, settled, side_panel_in, until

SIZE = (120, 40)


def listed(app: NetcrmApp) -> list[str]:
    return [w.contact.name for w in app.main.query_one(ContactList).rows]


def notified(app: NetcrmApp, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


def centre_text(app: NetcrmApp) -> str:
    """The centre pane as plain text, as a person would read it."""
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(app.main.query_one(PersonView).shown)
    return console.export_text()


async def test_list_shows_everyone_with_warmth_and_filters_live(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: listed(app) == ["Ana Lima", "Ben O'Brien", "Kai Müller", "Raj Patel", "Zoë Ødegård"])
        await pilot.press("slash", *"zoe")
        await until(pilot, lambda: listed(app) == ["Zoë Ødegård"], "zoe")
        await pilot.press("escape")
        await until(pilot, lambda: len(listed(app)) == 5, "everyone again")
        await pilot.press("slash", *"dept:engineering")
        await until(pilot, lambda: listed(app) == ["Raj Patel"], "dept:engineering")
        app.main.query_one("#search", Input).value = "tag:mentor"
        await until(pilot, lambda: listed(app) == ["Zoë Ødegård"], "the filtered list")
        app.main.query_one("#search", Input).value = "nobody-at-all"
        await until(pilot, lambda: listed(app) == [], "the filtered list")
        assert "0 of 5" in str(app.main.query_one("#count").render())


async def test_the_first_person_is_drawn_once_the_app_has_settled(small_network):
    """The person pane is put in just after the first frame, and shows the person under the
    cursor for good (not its "select someone" placeholder, which a new pane shows otherwise)."""
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await until(pilot, lambda: app.main._started and "Lumen Health" in centre_text(app), "Ana's page")
        await settled(pilot)
        assert "Lumen Health" in centre_text(app) and "Select someone" not in centre_text(app)


async def test_moving_the_cursor_shows_the_person_and_timeline(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        assert app.main.current_id == "ana-lima"
        await pilot.press("j")
        assert app.main.current_id == "ben-o-brien"
        await pilot.press("end")
        assert app.main.current_id == "zoe-odegard"
        await pilot.press("k")
        assert app.main.current_id == "raj-patel"
        assert "Staff Engineer" in centre_text(app)
        assert "platform roadmap" in centre_text(app)


async def test_going_cold_panel_lists_the_overdue_and_selecting_shows_them(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await side_panel_in(pilot, app)
        cold = app.main.query_one("#cold-list", OptionList)
        await until(pilot, lambda: cold.option_count > 0, "going cold (filled after the first frame)")
        ids = [cold.get_option_at_index(i).id for i in range(cold.option_count)]
        assert ids[0] == "ana-lima"  # 150 days against a 60-day cadence: the most overdue
        assert "zoe-odegard" not in ids
        cold.focus()
        await pilot.press("down", "down", "enter")
        assert cold.highlighted is not None and cold.highlighted > 0
        assert app.main.current_id == ids[cold.highlighted]


async def test_log_a_touch_saves_and_updates_everything(small_network, db_path):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await screen_is(pilot, LogForm)
        form = app.screen
        form.query_one("#summary", Input).value = "caught up on the pilot"
        form.query_one("#when", Input).value = "yesterday 15:00"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, LogForm), "the form to close")
        await settled(pilot)
        assert "caught up on the pilot" in centre_text(app)
        cold_ids = [o.id for o in app.main.query_one("#cold-list", OptionList)._options]
        assert "ana-lima" not in cold_ids
    stored = Repository(db_path).timeline("ana-lima")[0]
    assert stored.summary == "caught up on the pilot"
    assert stored.at.astimezone(dt.UTC).day == 21


async def test_log_form_rejects_a_bad_date_next_to_the_field_and_cancel_writes_nothing(small_network, db_path):
    before = snapshot_of(db_path)
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await screen_is(pilot, LogForm)
        form = app.screen
        form.query_one("#when", Input).value = "the twelfth of never"
        await pilot.press("ctrl+s")
        error = form.query_one("#when-error")
        await until(pilot, lambda: error.has_class("shown") and "cannot read date" in str(error.render()), "the error")
        assert app.screen is form
        form.query_one("#when", Input).value = "tomorrow 10:00"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "future" in str(form.query_one("#when-error").render()), "'future' error")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, LogForm), "the form to close")
    assert snapshot_of(db_path) == before


async def test_group_touch_lands_on_every_timeline(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await screen_is(pilot, LogForm)
        app.screen.query_one("#with", Input).value = "ana, raj, zoe"
        app.screen.query_one("#summary", Input).value = "team offsite"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, LogForm), "the form to close")
    for cid in ("ana-lima", "raj-patel", "zoe-odegard"):
        assert small_network.repo.timeline(cid)[0].summary == "team offsite"


async def test_plan_a_catch_up(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await screen_is(pilot, PlanForm)
        form = app.screen
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "when is the catch-up" in str(form.query_one("#when-error").render()), "when is the catch-up")
        form.query_one("#when", Input).value = "last monday"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "past" in str(form.query_one("#when-error").render()), "past")
        form.query_one("#when", Input).value = "fri 12:30"
        form.query_one("#duration", Input).value = "1h"
        form.query_one("#where", Input).value = "Café Central"
        form.query_one("#agenda", TextArea).text = "pilot next steps"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, PlanForm), "the form to close")
        await settled(pilot)
        assert "Café Central" in centre_text(app)
    (plan,) = small_network.repo.plans()
    assert plan.contacts == ["ana-lima"] and plan.duration == 60
    assert plan.start.isoformat() == "2026-11-27T12:30:00+01:00"


async def test_add_a_person_with_validation(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await screen_is(pilot, ContactForm)
        form = app.screen
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "needs a name" in str(form.query_one("#name-error").render()), "needs a name")
        form.query_one("#name", Input).value = "Mai Nguyễn"
        form.query_one("#cadence", Input).value = "often"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "number of days" in str(form.query_one("#cadence-error").render()), "number of days")
        form.query_one("#cadence", Input).value = "21"
        form.query_one("#birthday", Input).value = "16 apr"
        form.query_one("#tags", Input).value = "webinar, design"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ContactForm), "the form to close")
        await settled(pilot)
        assert "Mai Nguyễn" in listed(app)
        assert app.main.current_id == "mai-nguyen"
    added = small_network.repo.contact("mai-nguyen")
    assert (added.cadence, added.birthday, added.tags) == (21, "--04-16", ["webinar", "design"])


async def test_edit_a_person(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await screen_is(pilot, ContactForm)
        form = app.screen
        assert form.query_one("#name", Input).value == "Ana Lima"
        form.query_one("#title", Input).value = "Chief Technology Officer"
        form.query_one("#timezone", Input).value = "Mars/Olympus"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "unknown time zone" in str(form.query_one("#timezone-error").render()), "unknown time zone")
        form.query_one("#timezone", Input).value = "America/Sao_Paulo"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ContactForm), "the form to close")
        await settled(pilot)
    edited = small_network.repo.contact("ana-lima")
    assert (edited.title, edited.timezone) == ("Chief Technology Officer", "America/Sao_Paulo")
    assert edited.last_touch is not None  # editing keeps the timeline-derived fields


async def test_snooze_takes_someone_off_the_cold_list(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("z")
        await screen_is(pilot, SnoozeForm)
        form = app.screen
        form.query_one("#until", Input).value = "yesterday"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "not in the future" in str(form.query_one("#until-error").render()), "not in the future")
        form.query_one("#until", Input).value = "in 3 weeks"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, SnoozeForm), "the form to close")
        await settled(pilot)
        cold_ids = [o.id for o in app.main.query_one("#cold-list", OptionList)._options]
        assert "ana-lima" not in cold_ids
    assert small_network.repo.contact("ana-lima").snoozed_until == dt.date(2026, 12, 13)


async def test_archive_hides_and_notifies(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: notified(app, "Archived Ana Lima"), "the notification")
        assert "Ana Lima" not in listed(app)
    assert small_network.repo.contact("ana-lima").archived


async def test_help_lists_every_key_and_closes(small_network):
    from netcrm.ui.keys import ACTIONS

    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await screen_is(pilot, HelpScreen)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(help_table())
        text = console.export_text()
        for action in ACTIONS:
            assert action.help in text
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen), "help to close")


async def test_command_palette_jumps_to_a_person(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        from textual.command import CommandList, CommandPalette

        await pilot.press("ctrl+p")
        await screen_is(pilot, CommandPalette)
        await pilot.press(*"raj")
        hits = app.screen.query_one(CommandList)
        await until(pilot, lambda: hits.option_count and "Raj Patel" in str(hits.get_option_at_index(0).prompt), "Raj")
        await pilot.press("enter")
        await until(pilot, lambda: app.main.current_id == "raj-patel", "Raj to be shown")


async def test_actions_without_a_selection_warn(ws):
    app = NetcrmApp(ws, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await until(pilot, lambda: notified(app, "Select someone first"), "the warning")
        assert not isinstance(app.screen, LogForm)


async def test_edit_as_yaml_in_the_editor(small_network, tmp_path, monkeypatch):
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('title: CTO', 'title: Chief Technology Officer'))\n"
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: notified(app, "Saved Ana Lima"), "the notification")
        await settled(pilot)
        assert "Chief Technology Officer" in centre_text(app)
    assert small_network.repo.contact("ana-lima").title == "Chief Technology Officer"


async def test_plan_from_the_going_cold_panel_lands_in_the_calendar_file(small_network, tmp_path):
    small_network.config.ics_export = str(tmp_path / "netcrm.ics")
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await side_panel_in(pilot, app)
        cold = app.main.query_one("#cold-list", OptionList)
        await until(pilot, lambda: cold.option_count > 1, "going cold (filled after the first frame)")
        cold.focus()
        await pilot.press("down", "enter")  # the most overdue person
        assert app.main.current_id == "ana-lima"
        await pilot.press("p")
        await screen_is(pilot, PlanForm)
        app.screen.query_one("#when", Input).value = "tue 9:00"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, PlanForm), "the form to close")
        await pilot.press("c")
        from netcrm.ui.screens.agenda import AgendaScreen

        await screen_is(pilot, AgendaScreen)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.main, "the agenda to close")
    calendar = (tmp_path / "netcrm.ics").read_text()
    assert "Ana Lima" in calendar and "DTSTART:20261124T080000Z" in calendar


async def test_today_panel_and_practice_screens_open_from_the_main_screen(demo_ws):
    from netcrm.ui.screens.intros import IntrosScreen
    from netcrm.ui.screens.stats import StatsScreen
    from netcrm.ui.screens.today import TodayScreen

    app = NetcrmApp(demo_ws, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        today = app.main.query_one("#today-list", OptionList)
        assert today.option_count >= 1 and today.get_option_at_index(0).id in app.main.names
        for key, screen in (("t", TodayScreen), ("s", StatsScreen), ("i", IntrosScreen)):
            await pilot.press(key)
            await screen_is(pilot, screen)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.main, f"{key}: back to the main screen")


async def test_done_in_today_logs_a_touch_and_refreshes_the_panel(demo_ws):
    app = NetcrmApp(demo_ws, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        first = app.main.query_one("#today-list", OptionList).get_option_at_index(0).id
        before = len(demo_ws.repo.timeline(first))
        from netcrm.ui.screens.today import TodayScreen

        await pilot.press("t")
        await screen_is(pilot, TodayScreen)
        await pilot.press("d", "enter")
        await until(pilot, lambda: len(demo_ws.repo.timeline(first)) == before + 1, "the touch to be logged")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.main, "back to the main screen")
        await settled(pilot)
        label = str(app.main.query_one("#today-list", OptionList).get_option_at_index(0).prompt)
        assert label.startswith("✓")


@pytest.mark.parametrize("key", ["a", "e", "l", "p", "z"])
async def test_every_form_cancels_with_escape_and_writes_nothing(small_network, db_path, key):
    before = snapshot_of(db_path)
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await until(pilot, lambda: app.screen is not app.main and app.screen.query(Input), "the form")
        await settled(pilot)
        form = app.screen
        first_input = form.query(Input).first()
        first_input.value = "typed but not saved"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.main, "the form to close")
    assert snapshot_of(db_path) == before


async def test_archived_people_can_be_found_and_restored(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")  # archive Ana Lima
        await until(pilot, lambda: "Ana Lima" not in listed(app), "Ana to leave the list")
        app.main.query_one("#search", Input).value = "is:archived"
        await until(pilot, lambda: listed(app) == ["Ana Lima"], "the filtered list")
        app.main.query_one("#search", Input).value = "is:archived kai"
        await until(pilot, lambda: listed(app) == [], "the filtered list")
        app.main.query_one("#search", Input).value = "is:archived"
        await until(pilot, lambda: app.main.current_id == "ana-lima", "ana-lima shown")
        await pilot.press("x")  # restore
        await until(pilot, lambda: notified(app, "Restored Ana Lima"), "the notification")
        await pilot.press("escape")
        await until(pilot, lambda: "Ana Lima" in listed(app), "Ana back in the list")
    assert not small_network.repo.contact("ana-lima").archived
