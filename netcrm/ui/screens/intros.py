"""Suggested introductions with their reasons; `r` (or enter) records the highlighted one, `x` dismisses it.

Recording asks why in an Input (prefilled with the first reason); enter saves
the introduction (logged on both timelines), escape cancels it. A dismissed
pair is never suggested again (remembered in the database). Escape with no
Input open closes the screen with a `ScreenResult`.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList

from netcrm.domain.intros import Suggestion
from netcrm.domain.text import strip_controls, visible
from netcrm.errors import NetcrmError
from netcrm.services.introductions import dismiss, record_intro, suggestions
from netcrm.ui.colours import style as colour
from netcrm.ui.screens.pair_list import PAIR_LIST_CSS, PairListScreen
from netcrm.ui.shown import shown

LIMIT = 30


def suggestion_text(s: Suggestion) -> Text:
    text = Text()
    text.append(shown(s.a.name), style="bold")
    text.append("  ↔  ")
    text.append(shown(s.b.name), style="bold")
    if s.across:
        text.append(f"   across {shown(s.across)}", style=colour("link"))
    for reason in s.reasons[:3]:
        text.append(f"\n  {shown(reason)}", style=colour("attention"))
    text.append("\n")  # a blank line between pairs
    return text


class IntrosScreen(PairListScreen[Suggestion]):
    LIST_ID = "intros-list"
    CSS_PATH = [PAIR_LIST_CSS, Path(__file__).with_name("intros.tcss")]  # its own rules after the base's
    BINDINGS = [
        Binding("r", "record", "Record intro"),
        Binding("x", "dismiss_pair", "Never suggest"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, ws) -> None:
        super().__init__(ws)
        self.pending: Suggestion | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_pairs()
        yield Input(placeholder="why should they meet? (enter saves, escape cancels)", id="intro-why")
        yield from super().compose_footer()

    def load(self) -> list[Suggestion]:
        return suggestions(self.ws, limit=LIMIT)

    def draw(self, pair: Suggestion) -> Text:
        return suggestion_text(pair)

    def heading(self) -> str:
        if self.found:
            return f"{len(self.found)} introductions you could make (r records one, x never suggests it again)"
        return "no introductions to suggest yet: add asks, skills, offers and interests to people"

    def action_record(self) -> None:
        self.pending = self.current()
        if self.pending is None:
            return
        why = self.query_one("#intro-why", Input)
        why.value = strip_controls(self.pending.reasons[0]) if self.pending.reasons else ""
        why.add_class("asking")
        why.focus()

    def action_dismiss_pair(self) -> None:
        pair = self.current()
        if pair is None or self.pending is not None:
            return
        dismiss(self.ws, pair.a, pair.b)
        self.changed = True
        self.app.notify(visible(f"{pair.a.name} and {pair.b.name} will not be suggested again"))
        self.reload_pairs()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_record()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        s = self.pending
        if s is None:
            return
        try:
            record_intro(self.ws, s.a, s.b, why=event.value)
        except NetcrmError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.changed = True
        self.app.notify(visible(f"introduced {s.a.name} and {s.b.name}"))
        self._close_input()
        self.reload_pairs()

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
        super().action_close()
