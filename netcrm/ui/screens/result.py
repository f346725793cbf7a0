"""What a practice screen hands back when it closes, so the app can refresh and follow up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScreenResult:
    changed: bool = False  # something was written: refresh lists and panels
    contact_id: str | None = None  # the person chosen with enter, to open in the main screen
