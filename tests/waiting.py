"""Waiting on what a person would see, never on the clock: tests stay right on a loaded machine."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.keys import KEY_NAME_REPLACEMENTS

DEADLINE = 60.0  # generous: a busy 2-core machine running the suite with -n auto


async def until(pilot, predicate: Callable[[], object], what: str = "", timeout: float = DEADLINE) -> None:
    """Let the app run until `predicate()` holds; fail naming `what` after `timeout` seconds."""
    end = time.monotonic() + timeout
    while True:
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001, S110 - a widget not mounted yet: keep waiting
            pass
        if time.monotonic() > end:
            raise AssertionError(f"{what} never happened within {timeout:.0f}s")
        await pilot.pause()


def burst(app: App, *keys: str) -> None:
    """Queue keys all at once, as a fast typist or a terminal delivers them.

    `pilot.press` waits for each key to be handled before sending the next,
    which hides keys lost while a form or the app is still opening. Keys are
    names as for `pilot.press` ("l", "ctrl+s", "enter") or single characters.
    """
    for key in keys:
        if len(key) == 1:
            name = key if key.isalnum() else unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
            name = KEY_NAME_REPLACEMENTS.get(name, name)
            _send(app, events.Key(name, key))
        else:
            _send(app, events.Key(key, {"enter": "\r", "tab": "\t"}.get(key)))


def _send(app: App, event: events.Key) -> None:
    """What the terminal driver does with a key it read: from the app, onto the app's queue."""
    event.set_sender(app)
    app.post_message(event)


def steady_cursors(app: App) -> None:
    """Stop text cursors blinking (shown steadily), so a snapshot does not depend on the half second it is taken in."""
    from textual.widgets import Input, TextArea

    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False


# Keys of the main screen that open another screen or a form.
OPENS = frozenset({"a", "e", "l", "p", "z", "m", "c", "t", "s", "i", "question_mark"})


async def press_and_settle(pilot, keys: list[str]) -> None:
    """For snapshots: press `keys` as a person would, each screen-opening key waited on until its
    screen is up, then wait for background work and hold text cursors steady."""
    app = pilot.app
    await until(pilot, lambda: app.main.current_id is not None, "someone selected")
    await app.workers.wait_for_complete()
    on_main = True
    for key in keys:
        before = app.screen
        await pilot.press(key)
        if on_main and key in OPENS:
            await until(pilot, lambda before=before: app.screen is not before, f"{key!r} opening its screen")
        on_main = on_main and key not in OPENS and key != "slash"  # after these, keys are typed or local
    await pilot.pause()
    await app.workers.wait_for_complete()
    steady_cursors(app)
    await pilot.pause()


async def settled(pilot) -> None:
    """Until the work scheduled after a frame (workers, call_after_refresh) has run and painted,
    with text cursors held steady so a picture taken now does not depend on timing."""
    await pilot.pause()
    steady_cursors(pilot.app)
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def screen_is(pilot, kind: type) -> None:
    """Until the top screen is a `kind` that has mounted its widgets, then settled."""
    await until(pilot, lambda: isinstance(pilot.app.screen, kind) and pilot.app.screen.is_mounted, kind.__name__)
    await settled(pilot)


async def fill_form(pilot, key: str, kind: type, values: dict[str, str]) -> None:
    """Press `key`, wait for the `kind` form, set its inputs (by id), save with ctrl+s and wait for it to close."""
    from textual.widgets import Input

    await pilot.press(key)
    await screen_is(pilot, kind)
    for field, value in values.items():
        pilot.app.screen.query_one(f"#{field}", Input).value = value
    await pilot.press("ctrl+s")
    await until(pilot, lambda: not isinstance(pilot.app.screen, kind), f"the {kind.__name__} to close")


async def side_panel_in(pilot, app: App) -> None:
    """The going-cold and today panel's lists are put in after the app's first frame: wait for them."""
    await until(pilot, lambda: app.main.query("#cold-list"), "the going-cold panel (put in after the first frame)")
