"""The app says and does things the same way everywhere (issue 11, consistency and small screens)."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Footer, OptionList

from netcrm.services.people import snooze
from netcrm.services.profile import warmth_text
from netcrm.services.yaml_files import YamlError, load
from netcrm.ui.app import NetcrmApp, sentence
from netcrm.ui.screens.contact_form import ContactForm
from netcrm.ui.screens.intros import IntrosScreen
from netcrm.ui.screens.today import TodayScreen
from netcrm.ui.widgets.contact_list import ContactList
from netcrm.ui.widgets.person_view import PersonView
from tests.waiting import side_panel_in, until


def footer_keys(app: NetcrmApp) -> set[str]:
    """The keys the footer of the current screen offers."""
    return {binding.key for (_, binding, enabled, _) in app.screen.active_bindings.values()
            if binding.show and enabled}


def row_text(app: NetcrmApp, name: str) -> str:
    contacts = app.main.query_one(ContactList)
    index = next(i for i, w in enumerate(contacts.rows) if w.contact.name == name)
    contacts.scroll_to(y=index, animate=False)
    return contacts.render_line(index - int(contacts.scroll_offset.y)).text


async def test_j_and_k_move_in_today_and_intros_and_scroll_the_person(demo_ws):
    demo_ws.config.daily_target = 3
    app = NetcrmApp(demo_ws, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen is app.main, "the main screen")
        for key, screen_type, list_id in (("t", TodayScreen, "#today-queue"), ("i", IntrosScreen, "#intros-list")):
            await pilot.press(key)
            await until(pilot, lambda screen_type=screen_type: isinstance(app.screen, screen_type), f"{key} opening")
            options = app.screen.query_one(list_id, OptionList)
            assert options.option_count >= 2, key
            start = options.highlighted or 0
            await pilot.press("j")
            await until(pilot, lambda options=options, start=start: options.highlighted == start + 1, "j moving down")
            await pilot.press("k")
            await until(pilot, lambda options=options, start=start: options.highlighted == start, "k moving up")
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.main, "back on the main screen")
        app.main.go_to("zoe-odegard")  # years of touches
        app.main.query_one(ContactList).focus()
        await pilot.press("enter")  # focus moves to the person
        pane = app.main.query_one(PersonView)
        await until(pilot, lambda: pane.has_focus and pane.max_scroll_y > 0, "a long timeline in focus")
        await pilot.press("j", "j")
        await until(pilot, lambda: pane.scroll_y > 0, "j scrolling the person")


async def test_each_screen_footer_shows_that_screens_keys(demo_ws):
    app = NetcrmApp(demo_ws, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen is app.main, "the main screen")
        assert {"a", "l", "p", "t"} <= footer_keys(app)
        await pilot.press("c")
        await until(pilot, lambda: app.screen is not app.main, "the agenda")
        keys = footer_keys(app)
        assert {"d", "m", "x", "escape"} <= keys and not {"a", "l", "p", "t"} & keys
        await pilot.press("l")  # the main screen's keys do nothing here
        assert app.screen.query_one(Footer) and app.screen is not app.main
        assert not isinstance(app.screen, ContactForm)


async def test_snoozed_people_are_marked_in_the_list_with_until_when(small_network):
    snooze(small_network, small_network.repo.contact("ana-lima"), until=dt.date(2026, 12, 13))
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.main.query_one(ContactList).rows, "the list")
        assert row_text(app, "Ana Lima").startswith("z Ana Lima")
        assert row_text(app, "Ana Lima").rstrip().endswith("z 13 Dec")
        assert row_text(app, "Raj Patel").startswith("◐ Raj Patel")


async def test_going_cold_says_how_it_is_sorted(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await side_panel_in(pilot, app)
        title = app.main.query_one("#cold-title")
        await until(pilot, lambda: "days ÷ cadence" in str(title.render()), "the sort order shown")


def test_yesterday_and_today_read_as_words():
    from netcrm.domain.model import Contact
    from netcrm.domain.warmth import Warmth

    contact = Contact(id="ana", name="Ana")
    assert "last touch yesterday" in warmth_text(Warmth(contact, 1, 30, "warm", True))
    assert "last touch today" in warmth_text(Warmth(contact, 0, 30, "warm", True))
    assert "no touch yet, added today" in warmth_text(Warmth(contact, 0, 30, "warm", False))
    met = Contact(id="bo", name="Bo", met_on=dt.date(2026, 11, 1))
    assert "no touch yet, met 21 days ago" in warmth_text(Warmth(met, 21, 30, "warm", False))


def test_notifications_are_one_kind_of_sentence():
    assert sentence("edit cancelled, nothing changed") == "Edit cancelled, nothing changed"
    assert sentence("Select someone first.") == "Select someone first"
    assert sentence("Wait for it...") == "Wait for it..."


def test_a_yaml_syntax_error_points_where_the_problem_starts():
    text = "name: Ana\ntitle: \"CTO\norg: Lumen\nnotes: fine\ncircle: external\n"
    with pytest.raises(YamlError, match=r"^ana.yaml: line 2: .*quoted scalar that starts here"):
        load(text, "ana.yaml")


async def test_g_pressed_as_the_app_opens_goes_to_the_going_cold_panel(small_network, monkeypatch):
    """The panel's lists are put in after the first frame; `g` typed before that puts them in
    and goes there, and going cold fills them when its turn comes."""
    from netcrm.ui.screens.main import MainScreen

    waiting: list[MainScreen] = []
    monkeypatch.setattr(MainScreen, "after_first_frame", lambda screen: waiting.append(screen))
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.main.query_one(ContactList).rows and waiting, "the first frame")
        assert not app.main.query("#cold-list")
        await pilot.press("g")
        await until(pilot, lambda: app.main.query_one("#cold-list").has_focus, "the cold list focused")
        monkeypatch.undo()
        waiting[0].after_first_frame()
        cold = app.main.query_one("#cold-list", OptionList)
        await until(pilot, lambda: cold.option_count > 1, "going cold filled")
        assert cold.get_option_at_index(0).id == "ana-lima"  # the most overdue


# Small terminals ---------------------------------------------------------------------
async def test_at_80_columns_the_panel_folds_away_and_g_brings_it_in_the_centre(demo_ws):
    app = NetcrmApp(demo_ws, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        side, person = app.main.query_one("#side"), app.main.query_one("#person")
        await until(pilot, lambda: not side.display and person.size.width >= 40, "the panel folded away")
        await pilot.press("g")
        await until(pilot, lambda: side.display and not person.display, "the panel in the centre")
        cold = app.main.query_one("#cold-list", OptionList)
        await until(pilot, lambda: cold.has_focus, "the cold list focused")
        await pilot.press("j", "enter")
        await until(pilot, lambda: person.display and not side.display, "the person back after a pick")
        assert app.main.current_id == cold.get_option_at_index(cold.highlighted).id


async def test_going_cold_entries_stay_on_one_line_when_the_panel_scrolls(demo_ws):
    app = NetcrmApp(demo_ws, watch=False)
    async with app.run_test(size=(120, 24)) as pilot:
        await side_panel_in(pilot, app)
        cold = app.main.query_one("#cold-list", OptionList)
        await until(pilot, lambda: cold.option_count > cold.size.height > 0, "a scrolling cold list")
        await until(pilot, lambda: cold.virtual_size.height == cold.option_count, "one line per person")
        app.main.query_one("#cold-list").styles.width = 30  # as after a resize
        await pilot.resize_terminal(100, 24)
        await pilot.resize_terminal(120, 24)
        await until(pilot, lambda: cold.virtual_size.height == cold.option_count, "one line after a resize")


async def test_every_form_fits_80x24_with_its_buttons_on_screen(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.main.current_id, "someone selected")
        for key in ("a", "e", "l", "p", "z"):
            await pilot.press(key)
            await until(pilot, lambda: app.screen is not app.main, f"the form for {key!r}")
            form = app.screen.query_one("#form")
            save = app.screen.query_one("#save")
            await until(pilot, lambda save=save: save.region.height > 0, "the Save button laid out")
            assert form.region.right <= 80 and form.region.bottom <= 24, key
            assert save.region.bottom <= form.region.bottom and save.region.right <= 80, key
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.main, "the form closing")


async def test_a_form_error_wraps_instead_of_being_cut(small_network):
    from textual.widgets import Input

    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.main.current_id, "someone selected")
        await pilot.press("p")
        await until(pilot, lambda: app.screen is not app.main, "the plan form")
        app.screen.query_one("#when", Input).value = "last monday"
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#when-error")
        await until(pilot, lambda: error.has_class("shown") and error.region.height > 1, "the error wrapped")
        assert error.region.right <= 80
