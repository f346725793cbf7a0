"""The app follows changes instead of rebuilding: what another process (the CLI) or the app itself
changed shows up in place, the cursor stays on its person, a search in progress is kept.

The watch is on (as when you run `netcrm`): changes from another process are picked up by the
app's own poll, and the tests wait for them to appear, never for a fixed time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from netcrm.services.config import Config
from netcrm.services.people import update_contact
from netcrm.services.removal import delete_contact
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository
from netcrm.ui.app import NetcrmApp
from netcrm.ui.screens.main import MainScreen
from netcrm.ui.widgets.contact_list import ContactList
from netcrm.ui.widgets.person_view import PersonView
from tests.conftest import NOW
from tests.waiting import until

SIZE = (140, 40)
EVERYONE = ["Ana Lima", "Ben O'Brien", "Kai Müller", "Raj Patel", "Zoë Ødegård"]


def listed(app: NetcrmApp) -> list[str]:
    return [w.contact.name for w in app.main.query_one(ContactList).rows]


def on_row(app: NetcrmApp) -> str | None:
    current = app.main.query_one(ContactList).current
    return current.name if current else None


def notified(app: NetcrmApp, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


def timeline_summaries(app: NetcrmApp) -> list[str]:
    page = app.main.query_one(PersonView).shown
    return [t.summary for t in getattr(page, "touches", ())]


def other_process(ws: Workspace) -> Workspace:
    """A second workspace on the same database folder: what the CLI is to the running app."""
    return Workspace(Repository(ws.repo.path), Config(timezone="Europe/Berlin"), lambda: NOW)


def netcrm(ws: Workspace, tmp_path: Path, *args: str, **env: str) -> None:
    """The real `netcrm` command in its own process, on the app's database."""
    config = tmp_path / "cli-config.yaml"
    config.write_text("timezone: Europe/Berlin\n")
    environment = {**os.environ, "NETCRM_NOW": NOW.isoformat(), "NETCRM_CONFIG": str(config), **env}
    subprocess.run([sys.executable, "-m", "netcrm", "--db", str(ws.repo.path), *args], check=True, env=environment,
                   capture_output=True, timeout=120)


async def on_person(pilot, app: NetcrmApp, name: str) -> None:
    await until(pilot, lambda: listed(app) == EVERYONE, "the list")
    await pilot.press(*["j"] * EVERYONE.index(name))
    await until(pilot, lambda: app.main.current is not None and app.main.current.name == name, f"{name} selected")


async def test_a_touch_and_an_edit_from_the_cli_appear_without_moving_the_cursor(small_network, tmp_path):
    app = NetcrmApp(small_network, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, app, "Raj Patel")
        rows = app.main.query_one(ContactList)

        netcrm(small_network, tmp_path, "log", "Kai", "--kind", "call", "--note", "first call from the cli")
        await until(pilot, lambda: rows.rows[2].touched and rows.rows[2].days == 0, "Kai's touch in the list")
        assert on_row(app) == "Raj Patel" and app.main.current.name == "Raj Patel"
        assert "first call from the cli" not in timeline_summaries(app)  # Raj's page is not Kai's

        netcrm(small_network, tmp_path, "log", "Raj", "--kind", "coffee", "--note", "roadmap again")
        await until(pilot, lambda: "roadmap again" in timeline_summaries(app), "Raj's new touch in his timeline")
        assert on_row(app) == "Raj Patel"

        # `netcrm edit` renames the first person: she moves down past Raj, the cursor stays on him.
        editor = tmp_path / "rename.py"
        editor.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
                          "p.write_text(p.read_text().replace('Ana Lima', 'Yara Lima'))\n")
        netcrm(small_network, tmp_path, "edit", "ana", EDITOR=f"{sys.executable} {editor}", VISUAL="")
        await until(pilot, lambda: "Yara Lima" in listed(app), "the renamed person")
        assert listed(app) == ["Ben O'Brien", "Kai Müller", "Raj Patel", "Yara Lima", "Zoë Ødegård"]
        assert on_row(app) == "Raj Patel" and rows.cursor == 2 and app.main.current.name == "Raj Patel"
        assert "5 people" in str(app.main.query_one("#count").render())


async def test_the_selected_person_deleted_elsewhere_gives_way_to_a_neighbour_with_a_notice(small_network):
    app = NetcrmApp(small_network, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, app, "Kai Müller")
        other = other_process(small_network)
        delete_contact(other, other.find("Kai"))
        await until(pilot, lambda: "Kai Müller" not in listed(app), "Kai leaving the list")
        assert on_row(app) == "Raj Patel" and app.main.current.name == "Raj Patel"  # the row that took his place
        assert "Raj Patel" in str(app.main.sub_title)
        await until(pilot, lambda: notified(app, "Kai Müller was deleted outside the app; now on Raj Patel"),
                    "the notice")
        assert "4 people" in str(app.main.query_one("#count").render())


async def test_a_search_in_progress_is_kept_while_others_change_the_network(small_network):
    app = NetcrmApp(small_network, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: listed(app) == EVERYONE, "the list")
        await pilot.press("slash", *"north")
        await until(pilot, lambda: listed(app) == ["Ben O'Brien", "Raj Patel", "Zoë Ødegård"], "north")
        await pilot.press("enter", "j")  # from the search box into the list, onto Raj
        await until(pilot, lambda: on_row(app) == "Raj Patel", "Raj selected")

        other = other_process(small_network)
        update_contact(other, other.find("Kai"), {"org": "Northwind"})  # now matches
        update_contact(other, other.find("Ben"), {"org": "Lumen Health"})  # no longer does
        await until(pilot, lambda: listed(app) == ["Kai Müller", "Raj Patel", "Zoë Ødegård"], "the search redone")
        assert app.main.query_one("#search", Input).value == "north"
        assert on_row(app) == "Raj Patel"
        assert "3 of 5 people" in str(app.main.query_one("#count").render())


async def test_saves_in_the_app_update_in_place_and_never_rebuild_the_screen(small_network, monkeypatch):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, app, "Kai Müller")
        await app.workers.wait_for_complete()
        rebuilt: list[object] = []
        monkeypatch.setattr(MainScreen, "reload", lambda self, keep=None: rebuilt.append(keep))

        await pilot.press("x")  # archive Kai: he leaves the list, his neighbour takes the row
        await until(pilot, lambda: "Kai Müller" not in listed(app), "Kai archived")
        assert on_row(app) == "Raj Patel"
        await pilot.press("u")  # undo: he is back where he was
        await until(pilot, lambda: listed(app) == EVERYONE, "Kai restored")
        assert on_row(app) == "Raj Patel"

        await pilot.press("k")  # onto Kai, then log a touch with him in the form
        await until(pilot, lambda: on_row(app) == "Kai Müller", "Kai selected")
        await pilot.press("l")
        await until(pilot, lambda: app.screen is not app.main and app.screen.query("#summary"), "the log form")
        app.screen.query_one("#summary", Input).value = "logged in the app"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "logged in the app" in timeline_summaries(app), "the touch in Kai's timeline")
        rows = app.main.query_one(ContactList)
        assert rows.rows[2].touched and rows.rows[2].days == 0
        assert on_row(app) == "Kai Müller"
        assert rebuilt == []


@pytest.mark.parametrize("query", ["", "a", "tag:mentor", "is:cold", "is:archived"])
async def test_following_changes_shows_what_a_rebuild_would(small_network, query):
    """After changes of every kind, the list, the count and going cold equal a fresh screen's."""
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: listed(app) == EVERYONE, "the list")
        app.main.query_one("#search", Input).value = query
        other = other_process(small_network)
        import datetime as dt

        from netcrm.services.people import add_contact, archive, snooze
        from netcrm.services.touches import log_touch

        add_contact(other, "Aaron Abel", tags=["mentor"], circle="external")
        archive(other, other.find("Raj"))
        snooze(other, other.find("Ana"), until=NOW.date() + dt.timedelta(days=9))
        log_touch(other, [other.find("Ben")], kind="call", summary="cold no more")
        update_contact(other, other.find("Zoë"), {"name": "Mia Ødegård", "tags": []})
        changes = small_network.repo.refresh()
        from netcrm.services.directory_changes import gather

        app.main.show_change(gather(small_network, changes))

        def seen() -> tuple[object, ...]:
            searches = [[w.contact.id for w in app.main.directory.search(q).rows] for q in ("o", "org:north", "is:snoozed")]
            return listed(app), str(app.main.query_one("#count").render()), [w.contact.id for w in app.main.cold], searches

        followed = seen()
        app.main.reload()
        rebuilt = seen()
        assert followed == rebuilt
        await app.workers.wait_for_complete()


async def test_reading_down_a_timeline_keeps_the_place_when_that_person_changes_elsewhere(small_network):
    import datetime as dt

    from netcrm.services.touches import log_touch

    raj = small_network.find("Raj")
    for n in range(30):
        log_touch(small_network, [raj], kind="call", at=NOW - dt.timedelta(days=40 + n), summary=f"old call {n}")
    app = NetcrmApp(small_network, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, app, "Raj Patel")
        view = app.main.query_one(PersonView)
        await until(pilot, lambda: view.max_scroll_y > 10, "Raj's whole timeline written")
        view.focus()
        await pilot.press(*["j"] * 8)
        await until(pilot, lambda: view.scroll_y == 8, "reading further down")
        other = other_process(small_network)
        log_touch(other, [other.find("Raj")], kind="coffee", summary="a coffee logged elsewhere")
        await until(pilot, lambda: "a coffee logged elsewhere" in timeline_summaries(app), "the new touch")
        await until(pilot, lambda: view.max_scroll_y > 10 and view.scroll_y == 8, "the same place")
        assert on_row(app) == "Raj Patel"
