"""The main screen's footer: Textual's, rebuilt once per batch of binding changes.

Textual's `Footer` schedules a whole recompose (a widget per key, each styled twice)
for every "bindings changed" signal. While the app opens, focus and screen changes
send several in one frame, and each rebuilt the main screen's thirty keys before the
first frame. Here the signals that arrive before the rebuild share it: the rebuild
reads the bindings as they are when it runs, so the last signal's keys are shown.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
