"""The cyclic garbage collector paused while the app starts.

Until its first frame the app only builds what it keeps (the list, Textual's widgets):
the collector would walk those objects again and again for nothing (a third of the
start-up at 10,000 people). `run_app` pauses it; the main screen resumes it after the
first frame (or the app when it closes first), and from then on it runs as always.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    global _paused
    if _paused:
        _paused = False
        gc.enable()
