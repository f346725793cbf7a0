"""A small network on a fixed Monday for the practice screens (shared by Pilot and snapshot tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import App
from textual.screen import Screen

from netcrm.domain.model import Interaction
from netcrm.services.config import Config
from netcrm.services.people import add_contact
from netcrm.services.touches import record_interactions
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository
from tests.practice_data import TZ, at, days_ago

MONDAY_NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)


def practice_workspace(path: Path) -> Workspace:
    """Acme colleagues and outside people, a year of touches, asks that fit skills."""
    ws = Workspace(Repository(path), Config(timezone="Europe/Berlin", organisation="Acme", daily_target=2),
                   lambda: MONDAY_NOW)
    ann = add_contact(ws, "Ann Lee", org="Acme", department="Finance", circle="internal", family=["Mia", "Leo"],
                      asks=["data engineering"], tags=["mentor"])
    bob = add_contact(ws, "Bob Ray", org="Acme", department="Legal", circle="internal", skills=["contracts"])
    cat = add_contact(ws, "Cat Day", org="Beta", department="Data", skills=["Data Engineering"],
                      birthday="--11-27", interests=["bouldering"])
    dan = add_contact(ws, "Dan Fox", org="Gamma", asks=["contracts review"], interests=["bouldering"],
                      tags=["mentee"])
    eve = add_contact(ws, "Eve Sol", org="Acme", department="Finance", circle="internal", stage="solid")
    add_contact(ws, "Fay Ode", org="Delta", met_on=days_ago(21), how_met="webinar on pricing")
    items = []
    n = 0
    for week in range(52):
        for person, every in ((ann, 3), (bob, 5), (eve, 1), (dan, 7)):
            if week % every == 0 and week >= 2:
                day = days_ago(7 * week + 1)
                n += 1
                items.append(Interaction(id=f"t{n}", contacts=[person.id], at=at(day), kind="coffee",
                                         summary=f"catch-up {n}"))
                if week % 2 == 0:
                    n += 1
                    items.append(Interaction(id=f"t{n}", contacts=[person.id], at=at(day, 15), kind="email",
                                             direction="inbound"))
    items.append(Interaction(id="t-fri", contacts=[eve.id], at=at(days_ago(3)), kind="message"))
    items.append(Interaction(id="t-thu", contacts=[cat.id], at=at(days_ago(4)), kind="call"))
    record_interactions(ws, items)
    return ws


class ScreenHost(App):
    """Pushes one screen on mount and keeps what it dismissed with."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.screen_under_test = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.screen_under_test, self.results.append)
