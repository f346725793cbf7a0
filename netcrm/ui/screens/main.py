"""The main screen: the list (left), the selected person (centre), going cold and today (right)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label

from netcrm.domain.lookup import fold
from netcrm.domain.model import Contact, Interaction, Plan
from netcrm.domain.search import Query, parse_query
from netcrm.domain.text import visible
from netcrm.domain.warmth import Warmth, warmth
from netcrm.services.directory import Directory, load_directory
from netcrm.services.directory_changes import Delta, Moved, cold_key, cold_rows, find, follow, matching, resort, row_key
from netcrm.services.recent import recent_touches
from netcrm.services.workspace import Workspace
from netcrm.ui import collector
from netcrm.ui.shown import shown
from netcrm.ui.widgets.contact_list import ContactList
from netcrm.ui.widgets.key_footer import KeyFooter
from netcrm.ui.widgets.person_view import PersonPage, PersonPane, render_person
from netcrm.ui.widgets.search_box import SearchBox
from netcrm.ui.widgets.side_panel import SidePanel


def empty_lines(typed: str) -> list[str]:
    return [f"no one matches '{visible(typed.strip())}'", "escape clears"]


FIRST_RUN_HINT = (
    "Your network is empty. Press a to add someone, or quit (q) and run `netcrm init` "
    "to start from the demo network or an import (vCard, LinkedIn, YAML)."
)


# At this width or less the going-cold/today panel folds away; `g` shows it in the centre's place.
NARROW = 100


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    # From this many people on, the first frame lists everyone from a light read (names and
    # warmth) and the whole records are read after it; below, reading them first costs nothing.
    LIGHT_FROM = 2000
    # Days of a person's timeline the pane shows; `o` shows all of it (older years are read then).
    RECENT_DAYS = 365

    class Ready(Message):
        """The list is up and focused: keys typed while the app opened can act now."""

    def __init__(self, ws: Workspace, first: Directory | None = None) -> None:
        """`first`: the directory to list first (read before the app started), else read on mount."""
        super().__init__()
        self.ws = ws
        self._first = first
        self.all_rows: list[Warmth] = []
        self.directory = Directory(ws.today(), frozenset())
        self.index = self.directory.index
        self._last_search: tuple[Query, list[int]] | None = None
        self._names: dict[str, str] | None = None  # see `names`
        self.cold: list[Warmth] = []  # going cold, most overdue first (the panel shows the first of them)
        self.current_id: str | None = None
        self._started = False  # True once the first frame is on screen
        self._changed_while_light = False  # a change came while the whole records were being read
        self.whole_timeline: str | None = None  # the person whose whole timeline `o` asked for

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
            yield PersonPane(id="person")
            yield SidePanel(id="side")
        yield KeyFooter()

    def on_mount(self) -> None:
        first, self._first = self._first, None
        self.reload(first=first)
        self.set_focus(self.query_one(ContactList))
        self.post_message(self.Ready())
        self.call_after_refresh(self.after_first_frame)

    def after_first_frame(self) -> None:
        """What the first frame can do without: the whole records, timelines, the search index,
        today's queue.

        On 100,000 touches each costs a noticeable fraction of a second; the
        list comes first, then the going-cold and today panel (its lists, and a
        pass over everyone) and the person under the cursor, into the room the
        first frame left for them.
        """
        self._started = True
        collector.resume()
        self.query_one(SidePanel).open()
        self._show_cold()
        if self.directory.light:
            self._read_everyone()
        else:
            self.index.prepare()
        self.run_worker(self.compute_today, thread=True, exclusive=True, group="today")
        if self.current_id is not None:
            self.show_contact_id(self.current_id)
        if not self.directory.active and not self.directory.archived_people:
            self.app.notify(FIRST_RUN_HINT, title="Welcome to netcrm", timeout=30)

    def _read_everyone(self) -> None:
        """Read the whole records behind the light first frame, off the UI thread."""
        self._changed_while_light = False
        self.run_worker(self._load_everyone, thread=True, exclusive=True, group="everyone")

    def _load_everyone(self) -> None:
        directory = load_directory(self.ws)
        directory.index.prepare()
        self.app.call_from_thread(self._take_everyone, directory)

    def _take_everyone(self, directory: Directory) -> None:
        """The whole records are in: the same rows, now searchable. A change shown meanwhile
        may be missing from what the worker read: then read again."""
        if not self.is_mounted or not self.directory.light:
            return
        if self._changed_while_light:
            self._read_everyone()
            return
        self._use(directory, self.current_id)
        if self.current_id is not None:
            self.redraw_person(self.current_id)

    # Data --------------------------------------------------------------------------
    def reload(self, keep: str | None = None, first: Directory | None = None) -> None:
        """Recompute everything shown from the repository: at start, on a new day, for a new theme.
        A change is shown by `show_change`, which moves only what it touched.

        `first` (at start): the directory read before the app started; from many people on, a
        light one (`glance_directory`), and `after_first_frame` reads the whole records."""
        self._use(first or load_directory(self.ws), keep)  # the same list, order and warmth as `netcrm list`
        self.recompute_today()
        if self._started and self.current_id is not None and self.current_id in self.names:
            self.show_contact_id(self.current_id)  # (at start `after_first_frame` draws them)

    @property
    def names(self) -> dict[str, str]:
        """Everyone's name by id, the list's and the archive's; built when first asked (after
        the first frame, which needs only the rows), then kept up to date by `show_change`."""
        if self._names is None:
            everyone = (*(w.contact for w in self.directory.active), *self.directory.archived_people)
            self._names = {c.id: c.name for c in everyone}
        return self._names

    def _use(self, directory: Directory, keep: str | None) -> None:
        self.directory = directory
        self._names = None
        self.all_rows = directory.active
        self.index = directory.index
        self._last_search = None
        self.apply_filter(keep or self.current_id)
        if self._started:  # at start the list comes first: `after_first_frame` fills the panel
            self._show_cold()

    def _show_cold(self) -> None:
        self.cold = self.directory.going_cold()
        self.query_one(SidePanel).show_cold(self.cold)

    def recompute_today(self) -> None:
        if self._started:
            # The queue reads the last month of touches: worked out off the UI thread.
            self.run_worker(self.compute_today, thread=True, exclusive=True, group="today")

    def show_change(self, delta: Delta, outside: bool = False) -> None:
        """Show a change: only the rows, panels and person it touched move; the cursor stays
        on its person (a neighbour when they left the list) and a search in progress is kept.

        `outside`: the change came from another process; when it took the selected person
        away, a notice says so.
        """
        if not self.is_mounted:
            return  # mounting builds everything anyway
        if self.directory.light:
            self._changed_while_light = True  # shown by the whole records being read (again)
            return
        if delta.today != self.directory.today:
            self.reload()  # a new day moves everyone's warmth (once a day, at the first change after midnight)
            return
        contacts = self.query_one(ContactList)
        on_row = contacts.current.id if contacts.current else None
        shown_id = self.current_id
        row_name = self.names.get(on_row or "", "")
        moved = follow(self.directory, delta, self.names)
        for cid, contact in delta.contacts.items():
            if contact is None:
                self.names.pop(cid, None)
            else:
                self.names[cid] = contact.name
        if moved.before or moved.after or moved.archive:
            self._follow_list(contacts, moved, on_row, (row_name, delta) if outside else None)
        if resort(self.cold, moved.before, cold_rows(self.directory, moved.after), cold_key):
            self.query_one(SidePanel).show_cold(self.cold)
        if delta.changes:
            self.recompute_today()
        if self.current_id is not None and self.current_id == shown_id and shown_id in delta.people:
            if self.names.get(shown_id) is None:  # picked in a panel, and now gone
                current = contacts.current
                if current is not None:
                    self.show_contact(current)
            else:
                self.redraw_person(shown_id)

    def _follow_list(self, contacts: ContactList, moved: Moved, on_row: str | None,
                     outside: tuple[str, Delta] | None) -> None:
        typed = self.query_one("#search", Input).value
        query = parse_query(typed)
        self._last_search = None  # the index positions it kept have moved
        if not query:
            rows = self.directory.active
        elif query.archived:
            rows = self.directory.search(query).rows  # the archive is searched again (it is small, and rare)
        else:
            rows = contacts.rows
            resort(rows, moved.before, matching(self.directory, query, moved.after), row_key)
        at = None
        if on_row is not None and on_row in self.names:
            at = find(rows, (fold(self.names[on_row]), on_row), row_key)
        if at is None and on_row is not None and rows:
            at = min(contacts.cursor, len(rows) - 1)  # the neighbour that took their place
            if outside is not None:
                self._say_gone(*outside, on_row, rows[at].contact.name)
        contacts.today = self.ws.today()
        contacts.set_rows(rows, at=at if at is not None else 0)
        self._count(query, rows, typed)

    def _say_gone(self, name: str, delta: Delta, contact_id: str, neighbour: str) -> None:
        """Another process took the person under the cursor out of the list: say why, and where we are now."""
        record = delta.contacts.get(contact_id)
        if contact_id in delta.contacts and record is None:
            why = "was deleted outside the app"
        elif record is not None and record.archived:
            why = "was archived outside the app"
        else:
            why = "no longer matches the search after a change outside the app"
        self.app.notify(f"{name} {why}; now on {neighbour}", severity="warning")

    def compute_today(self) -> None:
        from netcrm.services.today import today_queue

        queue = today_queue(self.ws)
        rows = [
            (e.contact.id, ("✓ " if e.done else "") + e.contact.name, "; ".join(e.reasons)) for e in queue.entries
        ]
        self.app.call_from_thread(self._show_today, rows)

    def _show_today(self, rows: list[tuple[str, str, str]]) -> None:
        if self.query("#today-list"):  # gone when the app closed while the queue was worked out
            self.query_one(SidePanel).show_today(rows)

    def apply_filter(self, keep: str | None = None) -> None:
        query = parse_query(self.query_one("#search", Input).value)
        if query and self.directory.light:
            return  # typed before the whole records were read: `_take_everyone` applies it
        last = self._last_search
        within = last[1] if query and last is not None and query.narrows(last[0]) else None
        found = self.directory.search(query, within=within)
        self._last_search = (query, found.positions) if found.positions is not None else None
        rows = found.rows
        contacts = self.query_one(ContactList)
        contacts.today = self.ws.today()
        contacts.set_rows(rows, keep)
        self._count(query, rows, self.query_one("#search", Input).value)

    def _count(self, query: Query, rows: list[Warmth], typed: str) -> None:
        total = len(self.all_rows)
        shown = f"{len(rows)} of {total} people" if query else f"{total} people"
        if query and not rows:
            self.show_nobody(typed)
        elif not rows:
            self.current_id = None
            self._show_in_pane("Select someone on the left.")
            self.sub_title = ""
        count = self.query_one("#count", Label)
        if str(count.content) != shown:
            count.update(shown, layout=False)

    def show_nobody(self, typed: str) -> None:
        """An empty list selects no one: it and the pane say why, and actions have no one to act on."""
        self.current_id = None
        lines = empty_lines(typed)
        self.query_one(ContactList).empty = lines
        self._show_in_pane(" · ".join(lines))
        self.sub_title = ""

    def _show_in_pane(self, page: PersonPage | str, keep_place: bool = False) -> None:
        view = self.query_one(PersonPane).view()
        if view is not None:
            view.show(page, keep_place=keep_place)

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
        if not self._started:  # the first frame is the list's: `after_first_frame` draws the person
            self.current_id = contact.id
            self.sub_title = shown(contact.name)
            return
        if self.directory.light:  # a row of the light list stands in for the person: read them
            whole = self.ws.repo.contact(contact.id)
            if whole is None:
                return
            contact = whole
        if contact.id != self.whole_timeline:
            self.whole_timeline = None  # `o` showed someone else's whole timeline
        self.current_id = contact.id
        plans = [p for p in self.ws.repo.plans() if contact.id in p.contacts]
        timeline = self._timeline(contact) if self._started else None
        self._draw(contact, plans, timeline)

    def _timeline(self, contact: Contact) -> list[Interaction]:
        """What the pane shows of a timeline, newest first: the last RECENT_DAYS (see
        `services.recent`: memory follows what is shown), or all of it once `o` asked for it."""
        if self.whole_timeline == contact.id:
            return self.ws.repo.timeline(contact.id)
        return recent_touches(self.ws, contact, self.RECENT_DAYS)

    def show_whole_timeline(self) -> None:
        """`o`: the shown person's whole timeline, not only the last RECENT_DAYS."""
        if self.current_id is not None and self.whole_timeline != self.current_id:
            self.whole_timeline = self.current_id
            self.redraw_person(self.current_id)

    def _draw(self, contact: Contact, plans: list[Plan], timeline: list[Interaction] | None,
              again: bool = False) -> None:
        ws = self.ws
        w = warmth(contact, ws.today(), ws.cadences())
        tz = ws.config.tzinfo()
        recent = None if self.whole_timeline == contact.id else self.RECENT_DAYS
        page = render_person(contact, w, timeline, plans, self.names, tz, recent_days=recent)
        self._show_in_pane(page, keep_place=again)
        self.sub_title = shown(contact.name)

    def redraw_person(self, contact_id: str) -> None:
        """The shown person changed: read them again off the UI thread (after a touch, their
        timeline may have to be indexed again), then draw them if they are still the one shown."""
        self.run_worker(lambda: self._read_person(contact_id), thread=True, exclusive=True, group="person")

    def _read_person(self, contact_id: str) -> None:
        repo = self.ws.repo
        contact = repo.contact(contact_id)
        if contact is None:
            return
        plans = [p for p in repo.plans() if contact_id in p.contacts]
        timeline = self._timeline(contact) if self._started else None
        self.app.call_from_thread(self._draw_if_shown, contact, plans, timeline)

    def _draw_if_shown(self, contact: Contact, plans: list[Plan], timeline: list[Interaction] | None) -> None:
        if contact.id == self.current_id:
            self._draw(contact, plans, timeline, again=True)

    # Events --------------------------------------------------------------------------
    def on_contact_list_opened(self, event: ContactList.Opened) -> None:
        self.show_contact(event.contact)
        view = self.query_one(PersonPane).view()
        if view is not None:
            view.focus()

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
        self.query_one(SidePanel).open()  # `g` pressed as the app opens: the panel's lists are put in now
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
