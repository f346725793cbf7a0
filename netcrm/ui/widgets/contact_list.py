"""The contact list: renders only the lines on screen, so 10,000 people scroll and filter instantly.

A `DataTable` builds a renderable per row up front; this widget uses Textual's
line API (`ScrollView.render_line`) and formats a row only when it is painted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from netcrm.domain.model import Contact
from netcrm.domain.warmth import MARKS, Warmth
from netcrm.ui.shown import shown

SNOOZED_MARK = "z"


def days_label(w: Warmth) -> str:
    return f"{w.days}d" if w.touched else "new"


def snoozed(w: Warmth, today: dt.date | None) -> dt.date | None:
    """Until when the person is snoozed, if they are today: they are resting, not going cold."""
    until = w.contact.snoozed_until
    return until if until is not None and today is not None and until > today else None


class ContactList(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "contact-list--cursor",
        "contact-list--dim",
        "contact-list--warm",
        "contact-list--due",
        "contact-list--overdue",
        "contact-list--cold",
    }
    DEFAULT_CSS = """
    ContactList { background: $surface; overflow-x: hidden; scrollbar-size-vertical: 1; }
    ContactList > .contact-list--cursor { background: $accent 40%; text-style: bold; }
    ContactList:focus > .contact-list--cursor { background: $accent; color: $text; }
    ContactList > .contact-list--dim { color: $text-muted; }
    ContactList > .contact-list--warm { color: $success; }
    ContactList > .contact-list--due { color: $warning; }
    ContactList > .contact-list--overdue { color: $warning-darken-2; }
    ContactList > .contact-list--cold { color: $error; }
    """
    BINDINGS = [
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "open", "Open", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        """Enter (or a click) on a person: focus moves to them."""

        def __init__(self, contact: Contact) -> None:
            super().__init__()
            self.contact = contact

    def __init__(self, on_highlight: Callable[[Contact], None], *, id: str | None = None) -> None:
        """`on_highlight` is called at once when the cursor lands on someone, so the
        person is drawn in the same frame as the cursor (a message would reach the
        screen a frame later)."""
        super().__init__(id=id)
        self._on_highlight = on_highlight
        self.rows: list[Warmth] = []
        self.empty: list[str] = []
        self.today: dt.date | None = None  # for "snoozed until"; set by the screen  # what an empty list says (set by the screen along with no rows)
        self._shown: str | None = None  # the id of the person last announced
        self._styles: dict[str, Style] = {}

    # Data -------------------------------------------------------------------------
    def set_rows(self, rows: list[Warmth], keep: str | None = None, at: int | None = None) -> None:
        """Show `rows`; keep the cursor on person `keep` when they are still listed.

        `at`: the cursor's row, already known (after a change), kept on the line of the
        screen it was on, so rows coming and going above it do not move it under the eye.
        """
        line = self.cursor - self.scroll_offset.y
        self.rows = rows
        self.empty = []
        self._set_height(len(rows))
        target = 0
        if at is not None:
            target = max(0, min(at, len(rows) - 1))
        elif keep is not None:
            target = next((i for i, w in enumerate(rows) if w.contact.id == keep), 0)
        self.set_reactive(ContactList.cursor, target)
        if at is not None and 0 <= line < self.size.height:
            self.scroll_to(y=max(0, target - line), animate=False, immediate=True)
        else:
            self.scroll_to_cursor()
        self.refresh()
        self._announce()

    def _set_height(self, height: int) -> None:
        """Resize the scrollable area without a layout pass of the whole screen.

        `virtual_size` is a layout reactive: assigning it re-lays out every
        widget (~15 ms here) on each keystroke, though only this widget's
        scrollbar changes. This does what Textual itself does on resize.
        """
        size = Size(0, height)
        if size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, size)
            self._scroll_update(size)

    def select(self, contact_id: str) -> bool:
        """Move the cursor to `contact_id`; False when they are not listed."""
        index = next((i for i, w in enumerate(self.rows) if w.contact.id == contact_id), None)
        if index is None:
            return False
        self._move_to(index)
        return True

    @property
    def current(self) -> Contact | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor].contact
        return None

    # Rendering --------------------------------------------------------------------
    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"contact-list--{name}")
        return style

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        if index >= len(self.rows):
            if not self.rows and y < len(self.empty):
                text = set_cell_size(" " + self.empty[y], width)
                return Strip([Segment(text, self.rich_style + self._style("dim"))])
            return Strip.blank(width, self.rich_style)
        w = self.rows[index]
        until = snoozed(w, self.today)
        days = f"z {until:%d %b}" if until else days_label(w).rjust(5)
        name_width = max(1, width - 2 - len(days) - 1)
        base = self._style("cursor") if index == self.cursor else self.rich_style
        mark = Segment(SNOOZED_MARK, base + self._style("dim")) if until else Segment(MARKS[w.band],
                                                                                        base + self._style(w.band))
        segments = [
            mark,
            Segment(" " + set_cell_size(shown(w.contact.name), name_width) + " ", base),
            Segment(days, base + self._style("dim")),
        ]
        return Strip(segments).adjust_cell_length(width, base)

    # Movement ---------------------------------------------------------------------
    def watch_cursor(self) -> None:
        self.refresh()
        self._announce()

    def _announce(self) -> None:
        """Tell the screen who is highlighted, only when that changed: re-filtering
        around the same person must not re-render their timeline on every keystroke,
        nor a change to their record (the screen redraws them itself)."""
        current = self.current
        if (current.id if current else None) != self._shown:
            self._shown = current.id if current else None
            if current is not None:
                self._on_highlight(current)

    def scroll_to_cursor(self) -> None:
        top = self.scroll_offset.y
        height = max(1, self.size.height)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def _move_to(self, index: int) -> None:
        if not self.rows:
            return
        self.cursor = max(0, min(len(self.rows) - 1, index))
        self.scroll_to_cursor()

    def action_move(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.size.height - 1))

    def action_jump(self, index: int) -> None:
        self._move_to(index if index >= 0 else len(self.rows) - 1)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self.rows):
            self._move_to(index)
            if event.chain > 1:
                self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        self._set_height(len(self.rows))
