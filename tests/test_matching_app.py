"""In the app: possible duplicates one key away from the list, and names found as people type them."""

from __future__ import annotations

from netcrm.services.dupes import duplicates
from netcrm.services.people import add_contact
from netcrm.ui.app import NetcrmApp
from netcrm.ui.screens.dupes import DupesScreen
from netcrm.ui.widgets.contact_list import ContactList
from tests.waiting import fill_form, screen_is, until

SIZE = (120, 40)


def listed(app: NetcrmApp) -> list[str]:
    return [w.contact.name for w in app.main.query_one(ContactList).rows]


async def test_d_opens_the_possible_duplicates_and_n_keeps_the_pair_apart_for_good(small_network):
    add_contact(small_network, "Kai Müller", org="Initech")  # a namesake of the small network's Kai
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(listed(app)) == 6, "the list")
        await pilot.press("D")
        await screen_is(pilot, DupesScreen)
        assert [{d.a.name, d.b.name} for d in app.screen.found] == [{"Kai Müller"}]
        await pilot.press("n")
        await until(pilot, lambda: duplicates(small_network) == [], "the pair marked as two people")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DupesScreen), "back to the list")
    assert duplicates(small_network) == [] and len(small_network.repo.contacts()) == 6


async def test_the_search_box_finds_a_name_as_it_is_spelt_without_its_letters(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(listed(app)) == 5, "the list")
        await pilot.press("slash", *"mueller")
        await until(pilot, lambda: listed(app) == ["Kai Müller"], "mueller")


async def test_call_them_set_in_the_profile_is_how_today_greets_them(ws):
    from netcrm.ui.screens.contact_form import ContactForm
    from netcrm.ui.screens.today import TodayScreen

    add_contact(ws, "Nguyễn Thị Mai", birthday="--11-22", org="Hanoi Design")  # her birthday is today
    app = NetcrmApp(ws, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: listed(app) == ["Nguyễn Thị Mai"], "the list")
        await fill_form(pilot, "e", ContactForm, {"call_name": "Mai"})
        await pilot.press("t")
        await screen_is(pilot, TodayScreen)
        [entry] = app.screen.queue.entries
        assert entry.starter.startswith("wish Mai a happy birthday") and "Nguyễn" not in entry.starter
    assert ws.repo.contact("nguyen-thi-mai").call_name == "Mai"
