"""A screen listing pairs of people (introductions, possible duplicates) with a heading and keys.

Subclasses say how to load the pairs, how to draw one, and what the heading
says; this keeps the highlighted row in place when the list is reloaded.
Escape closes it with a `ScreenResult` saying whether anything was written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from netcrm.services.workspace import Workspace
from netcrm.ui.screens.result import ScreenResult
from netcrm.ui.widgets.pick_list import PickList

P = TypeVar("P")
# Kept in a list so a subclass can add its own stylesheet after this one.
PAIR_LIST_CSS = Path(__file__).with_name("pair_list.tcss")


class PairListScreen(Screen[ScreenResult], Generic[P]):
    CSS_PATH = [PAIR_LIST_CSS]
    LIST_ID = "pairs-list"

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.changed = False
        self.found: list[P] = []

    def load(self) -> list[P]:
        raise NotImplementedError

    def draw(self, pair: P) -> Text:
        raise NotImplementedError

    def heading(self) -> str:
        raise NotImplementedError

    def pair_id(self, pair: Any) -> str:
        return f"{pair.a.id}|{pair.b.id}"

    def compose_pairs(self) -> ComposeResult:
        yield Static(classes="pairs-head")
        yield PickList(id=self.LIST_ID)

    def compose_footer(self) -> ComposeResult:
        yield Footer()

    def compose(self) -> ComposeResult:
        yield from self.compose_pairs()
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.reload_pairs()
        self.query_one(OptionList).focus()

    def reload_pairs(self) -> None:
        self.found = self.load()
        self.query_one(".pairs-head", Static).update(self.heading())
        options = self.query_one(OptionList)
        keep = options.highlighted
        options.set_options(Option(self.draw(p), id=self.pair_id(p)) for p in self.found)
        if self.found:
            options.highlighted = min(keep or 0, len(self.found) - 1)

    def current(self) -> P | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.found:
            return None
        return self.found[options.highlighted]

    def action_close(self) -> None:
        self.dismiss(ScreenResult(self.changed))
