"""The main screen's footer: Textual's, built with the screen and rebuilt only when the keys it
shows change.

Textual's `Footer` composes empty, then schedules a whole recompose (a widget per key,
each styled twice) for every "bindings changed" signal. While the app opens, focus
moves to the list (whose keys are not shown) and the signal comes two or three
times: each rebuilt the main screen's thirty keys and painted the screen again
before the first frame was complete. Here the keys are composed with the screen,
signals that arrive before a rebuild share it, and a rebuild happens only when what
the footer shows (keys, labels, enabled) differs from what it shows now.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _rebuild_pending = False
    _composed: object = None  # the keys shown, as `_shown_keys` describes them

    def compose(self) -> ComposeResult:
        self._bindings_ready = True  # the screen's bindings are known once it is being mounted
        self._composed = self._shown_keys()
        yield from super().compose()

    def _shown_keys(self) -> object:
        palette = self.app.COMMAND_PALETTE_BINDING
        return [
            (key, b.description, b.action, enabled, tooltip, b.group)
            for key, (_, b, enabled, tooltip) in self.screen.active_bindings.items()
            if b.show or key == palette
        ]

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._shown_keys() != self._composed:
            await self.recompose()
