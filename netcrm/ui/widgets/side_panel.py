"""The right-hand panel: who is going cold, and today's reach-outs."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import set_cell_size
from rich.text import Text
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from netcrm.domain.warmth import BAND_COLOURS, MARKS, Warmth
from netcrm.ui.shown import shown

PANEL_LIMIT = 60


NAME_WIDTH = 24


def cold_option(w: Warmth) -> Option:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(MARKS[w.band] + " ", style=BAND_COLOURS[w.band])
    text.append(set_cell_size(shown(w.contact.name), NAME_WIDTH))
    late = f"+{w.overdue_days}d" if w.touched else "never"
    text.append(late.rjust(6), style="dim")
    return Option(text, id=w.contact.id)


def reason_option(contact_id: str, name: str, reason: str) -> Option:
    text = Text(shown(name))
    text.append(f"\n  {shown(reason)}", style="dim")
    return Option(text, id=contact_id)


class SidePanel(Vertical):
    class Picked(Message):
        """Someone was highlighted or chosen in one of the panels."""

        def __init__(self, contact_id: str) -> None:
            super().__init__()
            self.contact_id = contact_id

    def compose(self):
        yield Label("Going cold", classes="panel-title", id="cold-title")
        yield OptionList(id="cold-list")
        yield Label("Today", classes="panel-title", id="today-title")
        yield OptionList(id="today-list")

    def show_cold(self, rows: Sequence[Warmth]) -> None:
        options = [cold_option(w) for w in rows[:PANEL_LIMIT]]
        more = f" ({len(rows)})" if rows else ""
        self.query_one("#cold-title", Label).update(f"Going cold{more}")
        self._fill("#cold-list", options, "No one is going cold.")

    def show_today(self, rows: Sequence[tuple[str, str, str]]) -> None:
        """(contact id, name, reason) for each reach-out suggested today."""
        self._fill("#today-list", [reason_option(*row) for row in rows], "Nothing to do today.")

    def _fill(self, selector: str, options: list[Option], empty: str) -> None:
        target = self.query_one(selector, OptionList)
        highlighted = target.highlighted
        target.clear_options()
        if options:
            target.add_options(options)
            if highlighted is not None:
                target.highlighted = min(highlighted, len(options) - 1)
        else:
            target.add_option(Option(Text(empty, style="dim"), disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(self.Picked(event.option.id))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option_list.has_focus:
            self.post_message(self.Picked(event.option.id))
