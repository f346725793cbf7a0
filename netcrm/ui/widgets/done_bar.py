"""The one-line form under Today's queue: how you reached out (kind) and an optional note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Select

from netcrm.domain.model import KINDS

KIND_CHOICES = [k for k in KINDS if k not in ("milestone", "connected")]


class DoneBar(Horizontal):
    """Hidden until `ask()`; the cursor waits in the note, up/down change the kind, enter logs, escape cancels."""

    DEFAULT_CSS = """
    DoneBar { height: 1; display: none; margin: 0 1; }
    DoneBar.asking { display: block; }
    DoneBar > Label { width: auto; padding: 0 1; color: $text-muted; }
    DoneBar > Select { width: 16; }
    DoneBar > Input { width: 1fr; border: none; height: 1; background: $boost; }
    """
    BINDINGS = [
        Binding("up", "kind(-1)", "Previous kind", show=False),
        Binding("down", "kind(1)", "Next kind", show=False),
        Binding("escape", "cancel", "Cancel", show=False),
    ]

    class Submitted(Message):
        def __init__(self, kind: str, note: str) -> None:
            super().__init__()
            self.kind = kind
            self.note = note

    class Cancelled(Message):
        pass

    def compose(self) -> ComposeResult:
        yield Label("", id="done-who")
        yield Select([(k, k) for k in KIND_CHOICES], value="message", allow_blank=False, compact=True, id="done-kind")
        yield Input(placeholder="note (optional) · ↑↓ kind · enter logs · escape cancels", id="done-note",
                    compact=True)

    def ask(self, name: str) -> None:
        self.query_one("#done-who", Label).update(f"Reached {name} by")
        self.query_one("#done-kind", Select).value = "message"
        note = self.query_one("#done-note", Input)
        note.value = ""
        self.add_class("asking")
        self.screen.set_focus(note)

    def close(self) -> None:
        self.remove_class("asking")

    def action_kind(self, step: int) -> None:
        select = self.query_one("#done-kind", Select)
        index = KIND_CHOICES.index(str(select.value))
        select.value = KIND_CHOICES[(index + step) % len(KIND_CHOICES)]

    def action_cancel(self) -> None:
        self.close()
        self.post_message(self.Cancelled())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close()
        self.post_message(self.Submitted(str(self.query_one("#done-kind", Select).value), event.value.strip()))
