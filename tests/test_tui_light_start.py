"""The app's first frame from a light read (issue 9, cold start): from `MainScreen.LIGHT_FROM`
people on, the list, its count and going cold are drawn from `Listed` records (names and warmth),
and the whole records are read after the first frame. What a person sees must be the same as
from the whole records, and nothing they do meanwhile may be lost or act on a stand-in.

The worker that reads the whole records is held back until each test lets it go, so the
light phase is looked at for sure, whatever the machine's speed.
"""

from __future__ import annotations

import json
import threading

import pytest
from textual.widgets import Input

from netcrm.services.directory import glance_directory, load_directory
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository
from netcrm.ui.app import NetcrmApp
from netcrm.ui.screens import main as main_screen
from netcrm.ui.screens.main import MainScreen
from netcrm.ui.widgets.contact_list import ContactList
from netcrm.ui.widgets.person_view import PersonView
from tests.conftest import contact_file
from tests.test_tui_follow import EVERYONE, other_process
from tests.waiting import until

SIZE = (140, 40)


def seen(app: NetcrmApp) -> tuple[object, ...]:
    """The list, its count, the going-cold panel and the cursor's person, as shown."""
    rows = app.main.query_one(ContactList).rows
    return ([(w.contact.id, w.contact.name, w.band, w.days, w.touched) for w in rows],
            str(app.main.query_one("#count").render()), [w.contact.id for w in app.main.cold])


@pytest.fixture
def held(monkeypatch):
    """The whole records' read, handed over only after `release.set()` (read before: a change
    made meanwhile is not in it); and light from any number of people."""
    release = threading.Event()

    def load_when_released(ws):
        directory = load_directory(ws)
        release.wait(60)
        return directory

    monkeypatch.setattr(MainScreen, "LIGHT_FROM", 0)
    monkeypatch.setattr(main_screen, "load_directory", load_when_released)
    yield release
    release.set()


def fresh(ws: Workspace) -> Workspace:
    """The database as a new process finds it: nothing decoded yet."""
    return Workspace(Repository(ws.repo.path), ws.config, ws.clock)


def light_app(ws: Workspace) -> NetcrmApp:
    """The app as `run_app` starts it on a network of LIGHT_FROM people or more."""
    ws = fresh(ws)
    first = glance_directory(ws)
    assert first is not None and first.light
    return NetcrmApp(ws, watch=False, first=first)


async def whole_view(ws: Workspace) -> tuple[object, ...]:
    app = NetcrmApp(fresh(ws), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main._started and len(app.main.query_one(ContactList).rows) == 5,
                    "the whole list, and going cold (filled after the first frame)")
        return seen(app)


async def test_the_light_first_frame_shows_what_the_whole_records_show(small_network, held):
    expected = await whole_view(small_network)
    app = light_app(small_network)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main._started, "the first frame")
        assert app.main.directory.light
        assert seen(app) == expected
        # The person under the cursor is drawn from their whole record, not the stand-in row.
        await until(pilot, lambda: "Lumen Health" in str(app.main.query_one(PersonView).shown.head), "Ana's page")
        held.set()
        await until(pilot, lambda: not app.main.directory.light, "the whole records")
        assert seen(app) == expected
        await pilot.press("slash", *"dept:engineering")
        await until(pilot, lambda: [w.contact.name for w in app.main.query_one(ContactList).rows] == ["Raj Patel"])


async def test_the_list_read_ahead_by_a_child_shows_what_the_whole_records_show(small_network, held, monkeypatch):
    """The bare `netcrm` lists first from what a child process read (`services.glance_ahead`,
    `Glimpse` rows): the same list, count, going cold and person as from the whole records."""
    from netcrm.services import glance_ahead

    monkeypatch.setattr(glance_ahead, "_safe_to_fork", lambda: True)
    expected = await whole_view(small_network)
    ws = fresh(small_network)
    ahead = glance_ahead.start(ws)
    assert ahead is not None
    first = ahead.result(ws)
    assert first is not None and first.light
    app = NetcrmApp(ws, watch=False, first=first)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main._started, "the first frame")
        assert seen(app) == expected
        await until(pilot, lambda: "Lumen Health" in str(app.main.query_one(PersonView).shown.head), "Ana's page")
        held.set()
        await until(pilot, lambda: not app.main.directory.light, "the whole records")
        assert seen(app) == expected


async def test_a_search_typed_during_the_light_phase_is_applied_once_the_records_are_in(small_network, held):
    app = light_app(small_network)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main._started, "the first frame")
        await pilot.press("slash", *"org:northwind")
        assert app.main.directory.search("org:northwind").rows == []  # nothing to search in yet
        assert app.main.query_one("#search", Input).value == "org:northwind"
        held.set()
        await until(pilot, lambda: [w.contact.name for w in app.main.query_one(ContactList).rows]
                    == ["Ben O'Brien", "Raj Patel", "Zoë Ødegård"], "the search applied")
        assert "3 of 5 people" in str(app.main.query_one("#count").render())


async def test_the_palette_during_the_light_phase_offers_people_once_the_records_are_in(small_network, held):
    """A state query (`is:cold`) is one the light list could answer, but the palette shows
    each person's title and org, which the light rows do not have: it waits for the records."""
    from netcrm.ui.palette import PeopleProvider

    app = light_app(small_network)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main._started, "the first frame")
        provider = PeopleProvider(app.screen)
        assert [hit async for hit in provider.search("is:cold")] == []
        held.set()
        await until(pilot, lambda: not app.main.directory.light, "the whole records")
        hits = [hit async for hit in provider.search("is:cold")]
        assert hits and any("Lumen Health" in (hit.help or "") for hit in hits)


async def test_a_change_during_the_light_phase_is_shown_once_the_records_are_in(small_network, held):
    from netcrm.services.directory_changes import gather
    from netcrm.services.people import add_contact, archive

    app = light_app(small_network)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main._started, "the first frame")
        other = other_process(small_network)
        add_contact(other, "Aaron Abel")
        archive(other, other.find("Raj"))
        app.main.show_change(gather(app.ws, app.ws.repo.refresh()))  # as the app's poll does
        held.set()
        names = ["Aaron Abel", *(n for n in EVERYONE if n != "Raj Patel")]
        await until(pilot, lambda: [w.contact.name for w in app.main.query_one(ContactList).rows] == names,
                    "the change shown")
        assert not app.main.directory.light


def test_a_small_network_is_read_whole_at_once(small_network):
    assert glance_directory(fresh(small_network), least=MainScreen.LIGHT_FROM) is None
    assert glance_directory(fresh(small_network)) is not None
    assert glance_directory(small_network) is None  # everyone decoded already: nothing to gain


async def test_a_record_set_aside_when_the_whole_records_come_in_is_said_in_the_app(small_network, held):
    """Its names and warmth read fine, another field does not: it is listed at first, then
    left out with a notice (the terminal is the app's: nothing may be printed on it)."""
    path = contact_file(small_network.repo.path, "bri")
    data = json.loads(path.read_bytes()) if path.exists() else {"contacts": {}}
    data["contacts"]["999"] = {"id": "bri", "name": "Bri Broken", "emails": 5}
    path.write_text(json.dumps(data), encoding="utf-8")
    app = light_app(small_network)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main._started, "the first frame")
        assert "Bri Broken" in [w.contact.name for w in app.main.query_one(ContactList).rows]
        held.set()
        await until(pilot, lambda: not app.main.directory.light, "the whole records")
        assert [w.contact.name for w in app.main.query_one(ContactList).rows] == EVERYONE
        await until(pilot, lambda: any("set aside" in n.message for n in app._notifications), "the notice")
