"""The centre pane: who the selected person is, and everything that happened between you."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.text import Text
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import RichLog

from netcrm.domain.bounds import local_time
from netcrm.domain.model import Contact, Interaction, Plan
from netcrm.domain.warmth import Warmth
from netcrm.services.profile import headline, profile_fields, warmth_text
from netcrm.ui.colours import style as colour
from netcrm.ui.shown import shown_names, shown_record

# A person with years of history still opens instantly; older touches are a scroll of `netcrm show` away.
TIMELINE_LIMIT = 300


LABEL_WIDTH = 13


class FactsTable:
    """Labels on the left, values wrapped beside them: a two-column table, drawn
    with plain text wrapping because Rich's Table measured its cells for several
    milliseconds each time a person was opened."""

    def __init__(self, rows: Sequence[tuple[str, str]]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = max(10, options.max_width - LABEL_WIDTH - 1)
        indent = " " * (LABEL_WIDTH + 1)
        for label, value in self.rows:
            lines = textwrap.wrap(value, width, break_on_hyphens=False) or [""]
            text = Text(no_wrap=True)
            text.append(label.rjust(LABEL_WIDTH)[:LABEL_WIDTH] + " ", style="bold dim")
            text.append(lines[0])
            for line in lines[1:]:
                text.append(f"\n{indent}{line}")
            yield text


@dataclass
class PersonPage:
    """What the centre pane shows: the profile, then one renderable per touch."""

    head: list[RenderableType]
    touches: Sequence[Interaction] = ()
    contact_id: str = ""
    names: Mapping[str, str] = field(default_factory=dict)
    tz: dt.tzinfo = dt.UTC
    footer: list[Text] = field(default_factory=list)

    def touch_texts(self, start: int = 0, end: int | None = None) -> list[Text]:
        """Touches are formatted only when they are about to be written."""
        return [touch_text(item, self.contact_id, self.names, self.tz) for item in self.touches[start:end]]

    def __rich__(self) -> Group:
        return Group(*self.head, *self.touch_texts(), *self.footer)


def render_person(
    contact: Contact,
    warmth: Warmth,
    timeline: Sequence[Interaction] | None,
    plans: Sequence[Plan],
    names: Mapping[str, str],
    tz: dt.tzinfo,
    recent_days: int | None = None,
) -> PersonPage:
    """The page for one person; `timeline` None while touches are still being read.
    `recent_days`: the timeline holds only that many last days (`o` shows all of it)."""
    contact, names = shown_record(contact), shown_names(names)
    title = Text(contact.name, style="bold")
    if contact.archived:
        title.append("  (archived)", style="dim")
    head: list[RenderableType] = [title]
    if headline(contact):
        head.append(Text(headline(contact), style="italic"))
    head.append(Text(warmth_text(warmth), style=colour(warmth.band)))
    head += [Text(""), FactsTable(profile_fields(contact, names))]
    if contact.notes:
        head += [Text(""), Text("Notes", style="bold underline"), Text(contact.notes)]
    upcoming = sorted((p for p in plans if p.status == "planned"), key=lambda p: p.start)
    if upcoming:
        head += [Text(""), Text("Planned", style="bold underline")]
        for plan in map(shown_record, upcoming):
            line = Text(f"{local_time(plan.start, tz):%a %d %b %Y %H:%M}  ", style=colour("when"))
            line.append(f"{plan.kind} · {plan.duration} min")
            if plan.source:
                line.append(" · upcoming (from your calendar)", style="dim")
            if plan.where:
                line.append(f" · {plan.where}")
            if plan.agenda:
                line.append(f" — {plan.agenda.splitlines()[0]}", style="dim")
            head.append(line)
    if timeline is None:
        return PersonPage([*head, Text(""), Text("Timeline", style="bold underline"), Text("…", style="dim")])
    if contact.last_touch is None:
        recent_days = None  # never touched: the window hides nothing, so neither it nor `o` is mentioned
    span = f", last {recent_days} days" if recent_days is not None else ""
    head += [Text(""), Text(f"Timeline{span} ({len(timeline)})", style="bold underline")]
    page = PersonPage(head, timeline[:TIMELINE_LIMIT], contact.id, names, tz)
    if not timeline and recent_days is None:
        page.footer.append(Text("No touches yet. Press l to log one.", style="dim"))
    elif not timeline:
        page.footer.append(Text(f"No touches in the last {recent_days} days.", style="dim"))
    if len(timeline) > TIMELINE_LIMIT:
        page.footer.append(Text(f"… {len(timeline) - TIMELINE_LIMIT} earlier touches (netcrm show)", style="dim"))
    if recent_days is not None:
        page.footer.append(Text("o shows the whole timeline", style="dim"))
    return page


def touch_text(item: Interaction, contact_id: str, names: Mapping[str, str], tz: dt.tzinfo) -> Text:
    """Two lines per touch: when and what kind, then what it was about; reads well in a narrow pane."""
    item = shown_record(item)
    text = Text()
    arrow = "← from them" if item.direction == "inbound" else "→"
    text.append(f"{local_time(item.at, tz):%a %d %b %Y %H:%M}  ", style="dim")
    text.append(item.kind, style=colour("special") if item.kind == "milestone" else "bold")
    text.append(f" {arrow}", style="dim")
    others = [names.get(c, c) for c in item.contacts if c != contact_id]
    if item.summary:
        text.append(f"\n  {item.summary}")
    if others:
        text.append(f"\n  with {', '.join(others)}", style="dim")
    for note in item.notes.splitlines():
        text.append(f"\n  {note}", style="dim italic")
    return text


class PersonView(RichLog):
    """Scrollable profile and timeline of one person.

    A RichLog renders its content to lines once and paints only the visible
    ones, so switching person never re-lays out the screen. Only the profile
    and the first touches are rendered before the next frame; older touches
    follow in small batches after it, so a person with years of history opens
    as fast as one with none.
    """

    DEFAULT_CSS = """
    PersonView { padding: 0 1; background: $surface; scrollbar-size-vertical: 1; overflow-x: hidden; }
    """
    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
    ]

    FIRST_BATCH = 6  # with the profile, about a screenful
    BATCH = 40

    shown: PersonPage | str = ""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, auto_scroll=False, min_width=20)
        self._generation = 0

    def on_mount(self) -> None:
        if not self.shown:  # (put in to show someone, it shows them already)
            self.show("Select someone on the left.")

    def show(self, page: PersonPage | str, keep_place: bool = False) -> None:
        """`keep_place`: the same person drawn again after a change; the reader stays where they were."""
        place = self.scroll_y if keep_place else 0.0
        self.shown = page
        self._generation += 1
        self.clear()
        if isinstance(page, str):
            self.write(page, scroll_end=False)
            return
        self.write(Group(*page.head, *page.touch_texts(0, self.FIRST_BATCH)), scroll_end=False)
        self.scroll_home(animate=False)
        self.call_after_refresh(self._write_rest, page, self.FIRST_BATCH, self._generation, place)

    def _write_rest(self, page: PersonPage, start: int, generation: int, place: float = 0.0) -> None:
        if generation != self._generation:
            return  # another person is shown now
        if start < len(page.touches):
            end = start + self.BATCH
            self.write(Group(*page.touch_texts(start, end)), scroll_end=False)
            self.call_after_refresh(self._write_rest, page, end, generation, place)
            return
        if page.footer:
            self.write(Group(*page.footer), scroll_end=False)
        if place:
            self.scroll_to(y=place, animate=False)


class PersonPane(Container):
    """The centre pane, with the person under the cursor. Its `PersonView` is put in just after
    the app's first frame, which is the list's: styling and painting a log with nothing in it
    yet was ~7 ms of that frame. Meanwhile the pane keeps its room and its colour."""

    DEFAULT_CSS = """
    PersonPane { background: $surface; }
    PersonPane > PersonView { height: 1fr; }
    """

    def view(self) -> PersonView | None:
        """The person's view, put in now if it is not there yet; None when it cannot be any
        more (the app is closing)."""
        if not self.children:
            self.mount(PersonView())
        return self.query_one(PersonView) if self.children else None
