"""Possible duplicates, best first: `m` merges the pair (the first is kept), `n` says they are two people.

"Two people" is remembered in the database, so the pair never comes back.
Escape closes the screen with a `ScreenResult` saying whether anything changed.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from netcrm.domain.dupes import Duplicate
from netcrm.domain.text import visible
from netcrm.errors import NetcrmError
from netcrm.services.dupes import duplicates, mark_different, merge_pair
from netcrm.services.workspace import Workspace
from netcrm.ui.screens.result import ScreenResult

LIMIT = 100


def _who(contact) -> str:
    where = " · ".join(x for x in (contact.title, contact.org) if x)
    details = ", ".join([*contact.emails[:1], *contact.phones[:1]])
    return visible(" — ".join(x for x in (f"{contact.name} ({contact.id})", where, details) if x))


def duplicate_text(d: Duplicate) -> Text:
    text = Text()
    text.append(_who(d.a), style="bold")
    text.append(f"   {round(d.score)}%", style="cyan")
    text.append("\n  =? ")
    text.append(_who(d.b), style="bold")
    text.append(f"\n  {visible('; '.join(d.reasons))}", style="yellow")
    text.append("\n")  # a blank line between pairs
    return text


class DupesScreen(Screen[ScreenResult]):
    DEFAULT_CSS = """
    DupesScreen #dupes-head { padding: 1 2; text-style: bold; }
    DupesScreen OptionList, DupesScreen OptionList:focus { height: 1fr; margin: 0 1; border: round $primary; }
    """
    BINDINGS = [
        Binding("m", "merge", "Merge (keep the first)"),
        Binding("n", "different", "Two people"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.changed = False
        self.found: list[Duplicate] = []

    def compose(self) -> ComposeResult:
        yield Static(id="dupes-head")
        yield OptionList(id="dupes-list")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_pairs()
        self.query_one(OptionList).focus()

    def refresh_pairs(self) -> None:
        self.found = duplicates(self.ws, LIMIT)
        head = (f"{len(self.found)} possible duplicates: m merges (the first is kept), n says they are two people"
                if self.found else "no possible duplicates")
        self.query_one("#dupes-head", Static).update(head)
        options = self.query_one(OptionList)
        keep = options.highlighted
        options.set_options(Option(duplicate_text(d), id=f"{d.a.id}|{d.b.id}") for d in self.found)
        if self.found:
            options.highlighted = min(keep or 0, len(self.found) - 1)

    def _current(self) -> Duplicate | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.found:
            return None
        return self.found[options.highlighted]

    def action_merge(self) -> None:
        pair = self._current()
        if pair is None:
            return
        try:
            result = merge_pair(self.ws, pair.a, pair.b)
        except NetcrmError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.changed = True
        self.app.notify(visible(f"merged {result.removed.name} into {result.contact.name}"))
        self.refresh_pairs()

    def action_different(self) -> None:
        pair = self._current()
        if pair is None:
            return
        mark_different(self.ws, pair.a, pair.b)
        self.changed = True
        self.app.notify(visible(f"{pair.a.name} and {pair.b.name} are two people; not listed again"))
        self.refresh_pairs()

    def action_close(self) -> None:
        self.dismiss(ScreenResult(self.changed))
