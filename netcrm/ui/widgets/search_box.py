"""The `/` search field, which filters the list in the same frame as the keystroke."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input


class SearchBox(Input):
    """An Input that calls `on_change` as soon as its value changes.

    An `Input.Changed` message reaches the screen only after the frame that
    shows the typed letter; filtering then waits for the next frame (16 ms at
    60 fps). Calling back from the value watcher lets the letter and the
    filtered list appear in one frame.
    """

    def __init__(
        self, on_change: Callable[[str], None], on_submit: Callable[[], None] | None = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # Input's keyword arguments pass through untyped
        self._on_change = on_change
        self._on_submit = on_submit

    def watch_value(self, value: str) -> None:
        self._on_change(value)

    async def action_submit(self) -> None:
        """Enter hands over at once (not through a message a frame later), so the key typed
        right after it acts on the list instead of landing in the search."""
        if self._on_submit is not None:
            self._on_submit()
        else:
            await super().action_submit()
