"""Type-ahead: keys typed in one go act in order, each after the one before has acted.

Textual hands a key to the focused widget and runs the binding it triggers
only when the key has bubbled back up to the app, by which time the next keys
have already gone to the old widget: `/zoe` typed quickly searches for nothing,
`l` followed by a note types the note into the list. Here the app resolves
bindings itself, in order, before it reads the next key; a key the focused
widget types (a letter in a field) still goes straight to it. Keys that arrive
before the main screen is up wait for it, then replay in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.widget import Widget
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.widgets import TextArea

# A widget that is being removed never answers; typing goes on after this long (seconds).
HANDLED_WITHIN = 2.0


def typed_by_widget(app: App, event: events.Key) -> bool:
    """Whether the focused widget itself takes this key (so no binding should see it first)."""
    focused = app.focused
    text_area = _text_area()
    if text_area is not None and isinstance(focused, text_area) and not focused.read_only:
        return event.is_printable or event.key in ("enter", "tab" if focused.tab_behavior == "indent" else "")
    return isinstance(focused, Input) and event.is_printable


def _text_area() -> type[TextArea] | None:
    """Textual's TextArea once a form that has one imported it; until then no focused widget is
    one, and the app's start does not import it (with its documents and syntax highlighting)."""
    return getattr(sys.modules.get("textual.widgets._text_area"), "TextArea", None)


async def handled(widget: Widget) -> None:
    """Wait until `widget` has taken the key just forwarded to it (its queue is first in, first out),
    so a binding on the next key (ctrl+s) sees the text typed before it. Bounded, never a hang."""
    done = asyncio.Event()
    widget.call_later(done.set)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), HANDLED_WITHIN)


class TypeAhead:
    """Mixed into the App: `on_event` resolves a key's binding before the next key is read."""

    _keys_ready = False
    _early_keys: list[events.Key]

    async def on_event(self: App, event: events.Event) -> None:  # type: ignore[misc]  # a mix-in method typed with its host (App)
        if isinstance(event, events.Key) and not event.is_forwarded:
            if not self._keys_ready:  # type: ignore[attr-defined]  # declared on this mix-in, not on App
                self._early_keys.append(event)  # type: ignore[attr-defined]  # declared on this mix-in, not on App
                return
            if not typed_by_widget(self, event):
                self.app_focus = True
                if await self._check_bindings(event.key, priority=True) or await self._check_bindings(event.key):
                    return
            target = self.focused
            await super().on_event(event)  # type: ignore[misc]  # App.on_event, next in the host's MRO
            if target is not None:
                await handled(target)
            return
        await super().on_event(event)  # type: ignore[misc]  # App.on_event, next in the host's MRO

    async def keys_ready(self: App) -> None:  # type: ignore[misc]  # a mix-in method typed with its host (App)
        """The first screen is up: replay what was typed while it opened, then take keys as they come."""
        self._keys_ready = True  # type: ignore[attr-defined]  # declared on this mix-in, not on App
        early, self._early_keys = self._early_keys, []  # type: ignore[attr-defined]  # declared on this mix-in
        for event in early:
            await self.on_event(event)
