"""?: every key, generated from the same list the bindings come from."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from netcrm.domain.search import ARCHIVED, FIELDS
from netcrm.ui.keys import ACTIONS, MOVEMENT, display_key


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True, justify="right")
    table.add_column()
    table.add_row(Text("Actions", style="bold underline"), "")
    for action in ACTIONS:
        table.add_row(display_key(action.key), action.help)
    table.add_row("", "")
    table.add_row(Text("Moving around", style="bold underline"), "")
    for keys, text in MOVEMENT:
        table.add_row(keys, text)
    table.add_row("", "")
    table.add_row(Text("Search", style="bold underline"), "")
    table.add_row("words", "match name (and other names), organisation, department, title, tags and skills")
    table.add_row("field:value", "narrow by field: " + ", ".join(sorted(set(FIELDS))))
    table.add_row(ARCHIVED, "search archived people instead (x restores the selected one)")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]
    CSS_PATH = Path(__file__).with_name("help.tcss")

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("netcrm keys", style="bold"))
            yield Static(help_table())

    def action_dismiss(self) -> None:  # type: ignore[override]  # Screen's is async and takes a result; Escape closes help with none
        self.dismiss(None)
