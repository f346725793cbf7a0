"""The centre pane: who the selected person is, and everything that happened between you."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import RichLog

from netcrm.domain.model import Contact, Interaction, Plan
from netcrm.domain.warmth import Warmth
from netcrm.services.profile import headline, profile_fields, warmth_text

BAND_STYLE = {"warm": "green", "due": "yellow", "overdue": "dark_orange", "cold": "red"}
# A person with years of history still opens instantly; older touches are a scroll of `netcrm show` away.
TIMELINE_LIMIT = 300


def render_person(
    contact: Contact,
    warmth: Warmth,
    timeline: Sequence[Interaction],
    plans: Sequence[Plan],
    names: Mapping[str, str],
    tz: dt.tzinfo,
) -> Group:
    title = Text(contact.name, style="bold")
    if contact.archived:
        title.append("  (archived)", style="dim")
    parts: list = [title]
    if headline(contact):
        parts.append(Text(headline(contact), style="italic"))
    parts.append(Text(warmth_text(warmth), style=BAND_STYLE[warmth.band]))
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="bold dim", justify="right", no_wrap=True)
    facts.add_column(ratio=1)
    for label, value in profile_fields(contact, names):
        facts.add_row(label, value)
    parts += [Text(""), facts]
    if contact.notes:
        parts += [Text(""), Text("Notes", style="bold underline"), Text(contact.notes)]
    upcoming = sorted((p for p in plans if p.status == "planned"), key=lambda p: p.start)
    if upcoming:
        parts += [Text(""), Text("Planned", style="bold underline")]
        for plan in upcoming:
            line = Text(f"{plan.start.astimezone(tz):%a %d %b %Y %H:%M}  ", style="cyan")
            line.append(f"{plan.kind} · {plan.duration} min")
            if plan.where:
                line.append(f" · {plan.where}")
            if plan.agenda:
                line.append(f" — {plan.agenda.splitlines()[0]}", style="dim")
            parts.append(line)
    parts += [Text(""), Text(f"Timeline ({len(timeline)})", style="bold underline")]
    if not timeline:
        parts.append(Text("No touches yet. Press l to log one.", style="dim"))
    lines = Text()
    for item in timeline[:TIMELINE_LIMIT]:
        # Two lines per touch: when and what kind, then what it was about; reads well in a narrow pane.
        arrow = "← they reached out" if item.direction == "inbound" else "→"
        lines.append(f"{item.at.astimezone(tz):%a %d %b %Y %H:%M}  ", style="dim")
        lines.append(item.kind, style="magenta" if item.kind == "milestone" else "bold")
        lines.append(f" {arrow}\n", style="dim")
        others = [names.get(c, c) for c in item.contacts if c != contact.id]
        if item.summary:
            lines.append(f"  {item.summary}\n")
        if others:
            lines.append(f"  with {', '.join(others)}\n", style="dim")
        for note in item.notes.splitlines():
            lines.append(f"  {note}\n", style="dim italic")
    if len(timeline) > TIMELINE_LIMIT:
        lines.append(f"… {len(timeline) - TIMELINE_LIMIT} earlier touches (netcrm show)\n", style="dim")
    lines.rstrip()
    parts.append(lines)
    return Group(*parts)


class PersonView(RichLog):
    """Scrollable profile and timeline of one person.

    A RichLog renders its content to lines once and paints only the visible
    ones, so switching person never re-lays out the screen, even for years of history.
    """

    DEFAULT_CSS = """
    PersonView { padding: 0 1; background: $surface; }
    """

    shown: Group | str = ""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, auto_scroll=False, min_width=20)

    def on_mount(self) -> None:
        self.show("Select someone on the left.")

    def show(self, renderable: Group | str) -> None:
        self.shown = renderable
        self.clear()
        self.write(renderable, scroll_end=False)
        self.scroll_home(animate=False)
