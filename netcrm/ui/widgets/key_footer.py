"""The main screen's footer: Textual's, rebuilt once per batch of binding changes, and only
when the keys it shows change.

Textual's `Footer` paints empty first, then schedules a whole recompose (a widget per
key, each styled twice) for every "bindings changed" signal. While the app opens,
focus moves to the list (whose keys are hidden) and the signal comes two or three
times: each rebuilt the main screen's thirty keys. Here the signals that arrive before
a rebuild share it, and a rebuild happens only when what the footer would show (keys,
labels, enabled) differs from what it shows. The first frame keeps Textual's empty
footer (composing the keys before it cost the first paint ~25 ms at 10k people).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _rebuild_pending = False
    _composed: object = None  # the keys shown, as `_shown_keys` describes them (None: none yet)

    def _shown_keys(self) -> object:
        palette = self.app.COMMAND_PALETTE_BINDING
        return [
            (key, b.description, b.action, enabled, tooltip, b.group)
            for key, (_, b, enabled, tooltip) in self.screen.active_bindings.items()
            if b.show or key == palette
        ]

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        shown = self._shown_keys()
        if shown != self._composed:
            self._composed = shown
            await self.recompose()
