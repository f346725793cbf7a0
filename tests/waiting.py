"""Waiting on what a person would see, never on the clock.

On a loaded machine (CI runs the suite with `-n auto` on two busy cores) a
screen opened by a key can take far longer than one `pilot.pause()` to mount:
its module is imported lazily, it composes, its workers run. A test that
queries the form right after the key passes alone and fails under load. So
tests wait until the condition they need holds, with a deadline generous
enough for any machine, and fail with what they were waiting for.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot

DEADLINE = 60.0


async def until(pilot: Pilot, condition: Callable[[], object], what: str = "", timeout: float = DEADLINE) -> None:
    """Let the app run until `condition()` is true (an exception from it counts as false)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except Exception:  # noqa: BLE001 - a widget not mounted yet is "not yet"
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what or condition}")
        await pilot.pause(0.02)


async def settled(pilot: Pilot) -> None:
    """Until the work scheduled after a frame (workers, call_after_refresh) has run and painted.

    Text cursors stop blinking (shown steadily), so a picture taken now does not
    depend on how long the machine took to get here.
    """
    await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def screen_is(pilot: Pilot, kind: type) -> None:
    """Until the top screen is a `kind` that has mounted its widgets, then settled."""
    await until(pilot, lambda: isinstance(pilot.app.screen, kind) and pilot.app.screen.is_mounted, f"{kind.__name__}")
    await settled(pilot)
