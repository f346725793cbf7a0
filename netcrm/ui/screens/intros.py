"""Suggested introductions with their reasons; `r` (or enter) records the highlighted one.

Recording asks why in an Input (prefilled with the first reason); enter saves
the introduction (logged on both timelines), escape cancels it. Escape with
no Input open closes the screen with a `ScreenResult`.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from netcrm.domain.intros import Suggestion
from netcrm.errors import NetcrmError
from netcrm.services.connector import record_intro, suggestions
from netcrm.services.workspace import Workspace
from netcrm.ui.colours import style as colour
from netcrm.ui.screens.result import ScreenResult
from netcrm.ui.widgets.pick_list import PickList

LIMIT = 30


def suggestion_text(s: Suggestion) -> Text:
    text = Text()
    text.append(s.a.name, style="bold")
    text.append("  ↔  ")
    text.append(s.b.name, style="bold")
    if s.across:
        text.append(f"   across {s.across}", style=colour("link"))
    for reason in s.reasons[:3]:
        text.append(f"\n  {reason}", style=colour("attention"))
    text.append("\n")  # a blank line between pairs
    return text


class IntrosScreen(Screen[ScreenResult]):
    DEFAULT_CSS = """
    IntrosScreen #intros-head { padding: 1 2; text-style: bold; }
    IntrosScreen OptionList, IntrosScreen OptionList:focus { height: 1fr; margin: 0 1; border: round $primary; }
    IntrosScreen #intro-why { display: none; margin: 0 1; }
    IntrosScreen #intro-why.asking { display: block; }
    """
    BINDINGS = [
        Binding("r", "record", "Record intro"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.changed = False
        self.found: list[Suggestion] = []
        self.pending: Suggestion | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="intros-head")
        yield PickList(id="intros-list")
        yield Input(placeholder="why should they meet? (enter saves, escape cancels)", id="intro-why")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_suggestions()
        self.query_one(OptionList).focus()

    def refresh_suggestions(self) -> None:
        self.found = suggestions(self.ws, LIMIT)
        head = f"{len(self.found)} introductions you could make" if self.found else (
            "no introductions to suggest yet: add asks, skills, offers and interests to people")
        self.query_one("#intros-head", Static).update(head)
        options = self.query_one(OptionList)
        keep = options.highlighted
        options.set_options(Option(suggestion_text(s), id=f"{s.a.id}|{s.b.id}") for s in self.found)
        if self.found:
            options.highlighted = min(keep or 0, len(self.found) - 1)

    def action_record(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.found:
            return
        self.pending = self.found[options.highlighted]
        why = self.query_one("#intro-why", Input)
        why.value = self.pending.reasons[0] if self.pending.reasons else ""
        why.add_class("asking")
        why.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_record()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        s = self.pending
        if s is None:
            return
        try:
            record_intro(self.ws, s.a, s.b, event.value)
        except NetcrmError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.changed = True
        self.app.notify(f"introduced {s.a.name} and {s.b.name}")
        self._close_input()
        self.refresh_suggestions()

    def _close_input(self) -> None:
        self.pending = None
        why = self.query_one("#intro-why", Input)
        why.remove_class("asking")
        why.value = ""
        self.query_one(OptionList).focus()

    def action_close(self) -> None:
        if self.pending is not None:
            self._close_input()
            return
        self.dismiss(ScreenResult(self.changed))
