"""What every form shares: labelled fields with their error shown right under them,
ctrl+s or enter to save, escape to cancel. A form saves through the services, so
the same rules apply as on the command line, and it closes only when the save worked.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from netcrm.domain.model import Contact
from netcrm.domain.text import has_controls
from netcrm.errors import NetcrmError
from netcrm.ui.shown import literal

T = TypeVar("T")


class FieldError(NetcrmError):
    """A problem with one form field; shown next to it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


def by_name(contact: Contact) -> str:
    """How a form names a person in a field: the name, or the id when the name holds control
    characters or a comma (the id finds the same person and shows nothing hostile)."""
    return contact.id if has_controls(contact.name) or "," in contact.name else contact.name


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class FormScreen(ModalScreen[T], Generic[T]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
    ]
    CSS_PATH = Path(__file__).with_name("form.tcss")

    title_text = ""
    # The field the cursor starts in: what the user most likely types first (default: the first one).
    first_field: str | None = None
    # Below this many columns, labels are narrower so every field keeps room to type.
    NARROW = 100
    # Record field named by a service error -> the form field that holds it.
    field_for: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(literal(self.title_text), classes="form-title")
            with VerticalScroll(id="form-fields", can_focus=False):
                yield from self.fields()
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button("Cancel  esc", id="cancel", compact=True)
                yield Button("Save  ctrl+s", variant="primary", id="save", compact=True)

    def on_mount(self) -> None:
        """Focus the first field now, not after a refresh: keys typed right after the
        key that opened the form are already queued and must land in it."""
        self.fit()
        first = self.query_one(f"#{self.first_field}") if self.first_field else self.query(Input).first()
        self.set_focus(first)

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Narrow labels on a narrow terminal; on a short one the fields scroll and the buttons stay on screen."""
        width, height = self.app.size
        self.set_class(width <= self.NARROW, "-narrow")
        # Border 2, title 2, buttons 2, the form-wide error line 1.
        self.query_one("#form-fields").styles.max_height = max(3, min(28, height - 7))

    def fields(self) -> Iterable[Widget]:
        raise NotImplementedError

    def submit(self) -> T:
        """Validate and save; raise FieldError/NetcrmError to keep the form open."""
        raise NotImplementedError

    @staticmethod
    def field(label: str, widget: Widget, hint: str = "") -> Vertical:
        """A one-line row "Label  [widget]", its hint and (when needed) its error underneath."""
        widget.compact = True  # type: ignore[attr-defined]  # every widget given here (Input, Select, TextArea) has it
        if isinstance(widget, Input) and not widget.placeholder:
            widget.placeholder = hint
        row = Horizontal(Label(label, classes="field-label"), widget, classes="field-row")
        return Vertical(row, Label("", classes="field-error", id=f"{widget.id}-error"), classes="field")

    def value(self, field_id: str) -> Any:
        widget = self.query_one(f"#{field_id}")
        if isinstance(widget, Input):
            return widget.value.strip()
        if isinstance(widget, TextArea):
            return widget.text.strip()
        if isinstance(widget, Select):
            return None if widget.value is Select.BLANK else widget.value
        raise TypeError(field_id)

    def clear_errors(self) -> None:
        for label in self.query(".field-error"):
            label.remove_class("shown")
        self.query_one("#form-error", Static).update("")

    def show_error(self, field: str | None, message: str) -> None:
        errors = self.query(f"#{field}-error") if field else None
        if errors:
            label = errors.first(Label)
            label.update(literal(message))
            label.add_class("shown")
            self.query_one(f"#{field}").focus()
        else:
            self.query_one("#form-error", Static).update(literal(message))

    def action_submit(self) -> None:
        self.clear_errors()
        try:
            result = self.submit()
        except NetcrmError as exc:
            field = self.field_for.get(exc.field or "", exc.field)
            self.show_error(field, str(exc))
        else:
            self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_submit()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()
