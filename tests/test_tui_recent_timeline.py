"""The person pane shows the last 365 days of a timeline and reads only the month files that
can hold them (issue 9: the app's memory follows what is shown, not ten years of history);
`o` shows the whole timeline, for that person only."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from rich.console import Console

import netcrm.storage.docfile as docfile
from netcrm.services.config import Config
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository
from netcrm.ui.app import NetcrmApp
from netcrm.ui.widgets.person_view import PersonView
from tests.conftest import NOW
from tests.test_tui_follow import listed, on_person
from tests.waiting import until

SIZE = (140, 40)
AGES = {"last week": 7, "in spring": 200, "two years ago": 730, "five years ago": 1830}


def summaries(app: NetcrmApp) -> list[str]:
    return [t.summary for t in getattr(app.main.query_one(PersonView).shown, "touches", ())]


def pane_text(app: NetcrmApp) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(app.main.query_one(PersonView).shown)
    return console.export_text()


def with_history(ws: Workspace) -> Workspace:
    """Raj with touches over five years, Kai last talked to two years ago, the others three years
    ago too; a new process's view."""
    raj, kai = ws.find("Raj"), ws.find("Kai")
    for summary, days in AGES.items():
        log_touch(ws, [raj], kind="call", at=NOW - dt.timedelta(days=days), summary=summary)
    log_touch(ws, [kai], kind="lunch", at=NOW - dt.timedelta(days=730), summary="long ago")
    for name in ("Ana", "Ben", "Zoë"):
        log_touch(ws, [ws.find(name)], kind="email", at=NOW - dt.timedelta(days=1100), summary="years ago")
    return Workspace(Repository(ws.repo.path), Config(timezone="Europe/Berlin"), lambda: NOW)


async def test_the_pane_shows_the_last_year_and_o_shows_everything(small_network):
    app = NetcrmApp(with_history(small_network), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, app, "Raj Patel")
        recent = ["last week", "platform roadmap", "in spring"]
        await until(pilot, lambda: summaries(app) == recent, "the last 365 days")
        assert "Timeline, last 365 days (3)" in pane_text(app)
        assert "o shows the whole timeline" in pane_text(app)
        await pilot.press("o")
        await until(pilot, lambda: summaries(app) == [*recent, "two years ago", "five years ago"], "everything")
        assert "Timeline (5)" in pane_text(app) and "o shows" not in pane_text(app)
        await pilot.press("j")  # Zoë: her last year again
        await until(pilot, lambda: summaries(app) == ["budget season"], "Zoë's year")
        await pilot.press("k")
        await until(pilot, lambda: summaries(app) == recent, "Raj's year again, not everything")


async def test_only_the_months_of_the_last_year_are_read(small_network, monkeypatch):
    """The pane reads only the month files that can hold a touch of the last 365 days: Raj's
    touch five years ago is never read, and someone not talked to in the window costs no read
    at all; `o` reads the rest, for that person. (Today's queue reads the month of each shown
    person's last touch, two years ago for Kai.)"""
    ws = with_history(small_network)
    read: list[Path] = []
    real = docfile.read_bytes

    def traced(path: Path) -> bytes:
        read.append(path)
        return real(path)

    def months_read() -> set[str]:
        return {p.stem for p in read if p.parent.name == "touches"}

    monkeypatch.setattr(docfile, "read_bytes", traced)
    app = NetcrmApp(ws, watch=False)
    long_ago = f"{NOW - dt.timedelta(days=1830):%Y-%m}"
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, app, "Raj Patel")
        await until(pilot, lambda: "in spring" in summaries(app), "Raj's year")
        await pilot.press("k")  # Kai: last touch two years ago
        await until(pilot, lambda: "No touches in the last 365 days." in pane_text(app), "Kai's empty year")
        assert f"{NOW:%Y-%m}" in months_read() and long_ago not in months_read()
        before = len(read)
        await pilot.press("j", "k")  # Raj and Kai again: nothing more to read
        await until(pilot, lambda: "No touches in the last 365 days." in pane_text(app), "Kai again")
        assert len(read) == before
        await pilot.press("o")
        await until(pilot, lambda: summaries(app) == ["long ago"], "Kai's whole timeline")
        assert long_ago in months_read()


async def test_someone_never_talked_to_is_not_offered_an_older_timeline(small_network):
    """The 365-day window hides nothing for a person with no touch at all: the pane says
    "No touches yet" under a plain "Timeline (0)", and does not offer `o`."""
    from netcrm.services.people import add_contact

    add_contact(small_network, name="Nia Newcomer")
    app = NetcrmApp(Workspace(Repository(small_network.repo.path), Config(timezone="Europe/Berlin"), lambda: NOW),
                    watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "Nia Newcomer" in listed(app), "the list")
        await pilot.press(*["j"] * listed(app).index("Nia Newcomer"))
        await until(pilot, lambda: app.main.current is not None and app.main.current.name == "Nia Newcomer", "Nia")
        await until(pilot, lambda: "No touches yet" in pane_text(app), "Nia's empty timeline")
        assert "Timeline (0)" in pane_text(app)
        assert "last 365 days" not in pane_text(app) and "o shows" not in pane_text(app)
