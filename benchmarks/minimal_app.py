"""The issue's baseline for the app's cold start: a minimal Textual app (Header, Label, Footer).

`bench_app_start.py` starts it in a terminal (a pty) exactly as it starts `netcrm`, and
times both from the start of the process to their first painted frame (the label's text
seen on the terminal). Run by hand: `python benchmarks/minimal_app.py` (q quits).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Label

TEXT = "a minimal Textual app"


class Minimal(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(TEXT)
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
