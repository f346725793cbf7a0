"""The right-hand panel: who is going cold, and today's reach-outs."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import set_cell_size
from rich.text import Text
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from netcrm.domain.warmth import MARKS, Warmth
from netcrm.ui.colours import style as colour
from netcrm.ui.shown import shown
from netcrm.ui.widgets.pick_list import PickList

PANEL_LIMIT = 60


NAME_WIDTH = 24
LATE_WIDTH = 6


def cold_option(w: Warmth, name_width: int = NAME_WIDTH) -> Option:
    """One line per person, always: the name is cut to the room the panel has (scrollbar included)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(MARKS[w.band] + " ", style=colour(w.band))
    text.append(set_cell_size(shown(w.contact.name), name_width))
    late = f"+{w.overdue_days}d" if w.touched else "never"
    text.append(late.rjust(LATE_WIDTH), style="dim")
    return Option(text, id=w.contact.id)


def reason_option(contact_id: str, name: str, reason: str) -> Option:
    text = Text(shown(name))
    text.append(f"\n  {shown(reason)}", style="dim")
    return Option(text, id=contact_id)


class SidePanel(Vertical):
    class Picked(Message):
        """Someone was highlighted (chosen=False) or chosen with enter (chosen=True) in one of the panels."""

        def __init__(self, contact_id: str, chosen: bool = False) -> None:
            super().__init__()
            self.contact_id = contact_id
            self.chosen = chosen

    def open(self) -> bool:
        """Put the titles and lists in: after the app's first frame, into the room the layout
        already gives the panel (styling and laying out two option lists was a fifth of the time
        to the first frame, which has nothing to show in them yet). Once; later calls do nothing.
        False when they are not there (the app closed before they were put in)."""
        if not self.children:
            self.mount_all([
                Label("Going cold", classes="panel-title", id="cold-title"),
                PickList(id="cold-list"),
                Label("Today", classes="panel-title", id="today-title"),
                PickList(id="today-list"),
            ])
            self.call_after_refresh(self._laid_out)
        return bool(self.children)

    def _laid_out(self) -> None:
        """Going cold is drawn to its list's width, known once the list is laid out."""
        if not self.children or not self.size.width:
            return  # closed, or folded away (narrow): `on_resize` fills it when it shows
        if not self.query_one("#cold-list").size.width:
            self.call_after_refresh(self._laid_out)
        elif self._given:
            self.show_cold(self._cold)

    _cold: Sequence[Warmth] = ()

    _drawn: object = None  # what the cold list shows now: refilling an OptionList measures every option again

    _given = False  # show_cold was called: a resize fills the list, even with no one in it

    def show_cold(self, rows: Sequence[Warmth]) -> None:
        if not self.open():
            return
        self._cold, self._given = rows, True
        more = f" ({len(rows)})" if rows else ""
        # What the order means: the longest silence relative to each person's cadence first.
        self.query_one("#cold-title", Label).update(f"Going cold{more} · days ÷ cadence")
        if not self.size.width or not self.query_one("#cold-list").size.width:
            return  # not laid out yet (the app opening): `on_resize` or `_laid_out` fills it, at its width
        width = self._name_width()
        top = rows[:PANEL_LIMIT]
        drawn = (width, [colour(band) for band in MARKS], [(w.contact.id, w.contact.name, w.band, w.overdue_days, w.touched) for w in top])
        if drawn != self._drawn:  # a change further down the list only moves the count
            self._drawn = drawn
            self._fill("#cold-list", [cold_option(w, width) for w in top], "No one is going cold.")

    def _name_width(self) -> int:
        cold = self.query_one("#cold-list", OptionList)
        room = (cold.size.width or self.size.width or NAME_WIDTH + 10) - 2  # the list's padding
        room -= 1 if len(self._cold) > cold.size.height else 0  # the scrollbar, when there is one
        return max(6, room - 2 - LATE_WIDTH - 1)

    def on_resize(self) -> None:
        if self._given:
            self.show_cold(self._cold)

    _today: object = None

    def show_today(self, rows: Sequence[tuple[str, str, str]]) -> None:
        """(contact id, name, reason) for each reach-out suggested today."""
        if self.open() and list(rows) != self._today:
            self._today = list(rows)
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
            self.post_message(self.Picked(event.option.id, chosen=True))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option_list.has_focus:
            self.post_message(self.Picked(event.option.id))
