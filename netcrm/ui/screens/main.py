"""The main screen: the list (left), the selected person (centre), going cold and today (right)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label

from netcrm.domain.model import Contact
from netcrm.domain.search import Query, parse_query
from netcrm.domain.warmth import Warmth, warmth
from netcrm.services.directory import Directory, load_directory
from netcrm.domain.text import visible
from netcrm.services.workspace import Workspace
from netcrm.ui.shown import shown
from netcrm.ui.widgets.contact_list import ContactList
from netcrm.ui.widgets.person_view import PersonView, render_person
from netcrm.ui.widgets.search_box import SearchBox
from netcrm.ui.widgets.side_panel import SidePanel


def empty_lines(typed: str) -> list[str]:
    return [f"no one matches '{visible(typed.strip())}'", "escape clears"]


# At this width or less the going-cold/today panel folds away; `g` shows it in the centre's place.
NARROW = 100


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    class Ready(Message):
        """The list is up and focused: keys typed while the app opened can act now."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.all_rows: list[Warmth] = []
        self.directory = Directory(ws.today(), frozenset())
        self.index = self.directory.index
        self._last_search: tuple[Query, list[int]] | None = None
        self.names: dict[str, str] = {}
        self.current_id: str | None = None
        self._started = False  # True once the first frame is on screen

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield SearchBox(
                    lambda _: self.apply_filter(self.current_id),
                    lambda: self.set_focus(self.query_one(ContactList)),
                    placeholder="/ to search  ·  tag:mentor dept:finance",
                    id="search",
                )
                yield ContactList(self.show_contact, id="contacts")
                yield Label("", id="count")
            yield PersonView(id="person")
            yield SidePanel(id="side")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.query_one(ContactList))
        self.post_message(self.Ready())
        self.call_after_refresh(self.after_first_frame)

    def after_first_frame(self) -> None:
        """What the first frame can do without: timelines, the search index, today's queue.

        On 100,000 touches each costs a noticeable fraction of a second; the
        list, the person's profile and the going-cold panel come first.
        """
        self._started = True
        self.index.prepare()
        self.run_worker(self.compute_today, thread=True, exclusive=True, group="today")
        if self.current_id is not None:
            self.show_contact_id(self.current_id)

    # Data --------------------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        """Recompute everything shown from the repository (after any change)."""
        ws = self.ws
        self.directory = load_directory(ws)  # the same list, order and warmth as `netcrm list`
        everyone = (*(w.contact for w in self.directory.active), *self.directory.archived_people)
        self.names = {c.id: c.name for c in everyone}
        self.all_rows = self.directory.active
        self.index = self.directory.index
        self._last_search = None
        self.apply_filter(keep or self.current_id)
        self.query_one(SidePanel).show_cold(self.directory.going_cold())
        if self._started:
            # The queue reads the last month of touches: worked out off the UI thread.
            self.run_worker(self.compute_today, thread=True, exclusive=True, group="today")
        if self.current_id is not None and self.current_id in self.names:
            self.show_contact_id(self.current_id)

    def compute_today(self) -> None:
        from netcrm.services.today import today_queue

        queue = today_queue(self.ws)
        rows = [
            (e.contact.id, ("✓ " if e.done else "") + e.contact.name, "; ".join(e.reasons)) for e in queue.entries
        ]
        self.app.call_from_thread(self.query_one(SidePanel).show_today, rows)

    def apply_filter(self, keep: str | None = None) -> None:
        query = parse_query(self.query_one("#search", Input).value)
        last = self._last_search
        within = last[1] if query and last is not None and query.narrows(last[0]) else None
        found = self.directory.search(query, within=within)
        self._last_search = (query, found.positions) if found.positions is not None else None
        rows = found.rows
        contacts = self.query_one(ContactList)
        contacts.today = self.ws.today()
        contacts.set_rows(rows, keep)
        total = len(self.all_rows)
        shown = f"{len(rows)} of {total} people" if query else f"{total} people"
        if query and not rows:
            self.show_nobody(self.query_one("#search", Input).value)
        self.query_one("#count", Label).update(shown, layout=False)

    def show_nobody(self, typed: str) -> None:
        """An empty list selects no one: it and the pane say why, and actions have no one to act on."""
        self.current_id = None
        lines = empty_lines(typed)
        self.query_one(ContactList).empty = lines
        self.query_one(PersonView).show(" · ".join(lines))
        self.sub_title = ""

    def go_to(self, contact_id: str) -> None:
        """Select `contact_id` in the list (clearing a filter that hides them) and show them."""
        contacts = self.query_one(ContactList)
        if not contacts.select(contact_id):
            self.current_id = contact_id
            self.query_one("#search", Input).value = ""  # the value watcher re-filters, keeping current_id
            contacts.select(contact_id)
        self.show_contact_id(contact_id)

    @property
    def current(self) -> Contact | None:
        return self.ws.repo.contact(self.current_id) if self.current_id else None

    # Showing a person ----------------------------------------------------------------
    def show_contact_id(self, contact_id: str) -> None:
        contact = self.ws.repo.contact(contact_id)
        if contact is not None:
            self.show_contact(contact)

    def show_contact(self, contact: Contact) -> None:
        self.current_id = contact.id
        ws = self.ws
        plans = [p for p in ws.repo.plans() if contact.id in p.contacts]
        w = warmth(contact, ws.today(), ws.cadences())
        tz = ws.config.tzinfo()
        timeline = ws.repo.timeline(contact.id) if self._started else None
        self.query_one(PersonView).show(render_person(contact, w, timeline, plans, self.names, tz))
        self.sub_title = shown(contact.name)

    # Events --------------------------------------------------------------------------
    def on_contact_list_opened(self, event: ContactList.Opened) -> None:
        self.show_contact(event.contact)
        self.query_one(PersonView).focus()

    def on_side_panel_picked(self, event: SidePanel.Picked) -> None:
        self.show_contact_id(event.contact_id)
        if event.chosen and self.has_class("-side"):
            self.remove_class("-side")  # narrow: the person takes the panel's place again

    # Layout --------------------------------------------------------------------------
    def on_resize(self) -> None:
        narrow = self.size.width <= NARROW
        self.set_class(narrow, "-narrow")
        self.query_one(Footer).compact = narrow  # room for more of the keys

    def action_toggle_side(self) -> None:
        """g: to the going-cold/today panel and back. When narrow, it takes the person pane's place."""
        side = self.query_one("#cold-list")
        if self.has_class("-narrow"):
            self.toggle_class("-side")
            if self.has_class("-side"):
                self.set_focus(side)
            else:
                self.set_focus(self.query_one(ContactList))
        else:
            self.set_focus(self.query_one(ContactList) if side.has_focus else side)

    def focus_search(self) -> None:
        # At once, not after a refresh: the letters typed after `/` are already queued behind it.
        self.set_focus(self.query_one("#search", Input))

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        self.set_focus(self.query_one(ContactList))
