"""A contact holding every control character (and Rich markup) is shown, never obeyed.

Stored the way an older netcrm or a foreign card could have left it, then rendered by
every CLI command and every app screen: no raw ESC, C1 or other C0 control may reach
the output, and "[bold]" / "[/]" show literally instead of styling or crashing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time

import pytest

from netcrm.domain.model import Contact, Interaction, Plan
from netcrm.services.people import add_contact
from netcrm.ui.app import NetcrmApp

# Every C0 control but newline, DEL, every C1 control, and the bidi overrides.
EVERY = "".join(chr(c) for c in [*range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)])
EVERY += "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
MARKUP = "[bold]loud[/] [/]"
NAME = f"Evil {EVERY} Name {MARKUP}"
# What must never reach a terminal: C0 (tab and newline aside), DEL, C1.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def evil(ws):
    """The hostile person with a touch, a plan and a friend who shares their asks and skills."""
    friend = add_contact(ws, "Friendly Person", skills=["budgeting"], asks=["hiring"], org="Acme")
    at = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
    evil = Contact(id="evil", name=NAME, title=f"T{EVERY}", org=f"Org{EVERY}", department=f"Dept {MARKUP}",
                   tags=[f"tag{EVERY}"], skills=["hiring", f"s{EVERY}"], asks=["budgeting"], birthday="--11-25",
                   notes=f"first {EVERY}\nsecond {MARKUP}", last_touch=at - dt.timedelta(days=400))
    with ws.repo.transaction():
        ws.repo.put_many([
            evil,
            Interaction(id="t-evil", contacts=["evil", friend.id], at=at - dt.timedelta(days=400), kind="call",
                        summary=f"sum {EVERY} {MARKUP}", notes=f"note {EVERY}"),
            Plan(id="p-evil", contacts=["evil"], start=at + dt.timedelta(days=3), where=f"at {EVERY}",
                 agenda=f"agenda {EVERY}\n{MARKUP}"),
        ])
    return ws


CLI_COMMANDS = [["list"], ["list", "--cold"], ["show", "evil"], ["plans"], ["today"], ["stats"], ["intros"],
                ["plans", "--all"]]


@pytest.mark.parametrize("args", CLI_COMMANDS, ids=" ".join)
def test_cli_shows_every_control_character_as_an_escape(evil, cli, args):
    result = cli(*args)
    assert result.code == 0, result.err
    assert not RAW.search(result.out), repr(RAW.search(result.out))
    assert not RAW.search(result.err)


def test_cli_show_escapes_are_readable(evil, cli):
    out = cli("show", "evil").out
    assert "Evil \\x00\\x01" in out and "␛" in out and "\\x9b" in out and "\\u202e" in out
    assert MARKUP in out


async def wait_for(pilot, condition, what: str, deadline: float = 10.0) -> None:
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def leaks(app: NetcrmApp) -> list[str]:
    """Raw controls in what the screen would draw (the text of every segment, styles aside)."""
    svg = app.export_screenshot()
    return RAW.findall(svg.replace("\n", ""))


async def test_app_shows_every_control_character_as_an_escape(evil):
    app = NetcrmApp(evil, watch=False)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.main.show_contact_id("evil")
        await wait_for(pilot, lambda: "Evil" in app.main.sub_title, "the person")
        await pilot.pause()
        assert leaks(app) == [], "main screen"
        assert "[bold]loud[/]" in app.export_screenshot().replace("&#160;", " ")
        app.notify(f"hello {NAME}")
        await pilot.pause()
        assert leaks(app) == [], "notification"
        for key, screen in (("e", "ContactForm"), ("l", "LogForm"), ("p", "PlanForm"), ("t", "TodayScreen"),
                            ("c", "AgendaScreen"), ("s", "StatsScreen"), ("i", "IntrosScreen")):
            app.main.query_one("ContactList").focus()
            await pilot.press(key)
            await wait_for(pilot, lambda s=screen: type(app.screen).__name__ == s, screen)
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert leaks(app) == [], screen
            await pilot.press("escape")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "MainScreen", "back to the main screen")
        await asyncio.sleep(0)
