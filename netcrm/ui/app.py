"""The netcrm app: key bindings and the actions behind them. Screens hold the layout."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from netcrm.domain.model import Contact
from netcrm.domain.text import visible
from netcrm.errors import NetcrmError
from netcrm.services.directory import Directory, glance_directory, load_directory
from netcrm.services.directory_changes import Delta, Saved, gather
from netcrm.services.glance_ahead import Ahead
from netcrm.services.workspace import Workspace
from netcrm.ui import collector, colours, keys
from netcrm.ui.palette import PeopleProvider
from netcrm.ui.screens.main import MainScreen
from netcrm.ui.screens.result import ScreenResult
from netcrm.ui.typeahead import TypeAhead

# Forms and secondary screens are imported by the action that opens them:
# start-up only pays for the main screen.

# How often the app looks for changes another netcrm process (the CLI) saved.
WATCH_SECONDS = 2.0


class NetcrmApp(TypeAhead, App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "netcrm"
    BINDINGS: ClassVar[list[BindingType]] = [*keys.bindings()]
    COMMANDS = App.COMMANDS | {PeopleProvider}

    def __init__(
        self, ws: Workspace, watch: bool = True, settings: Path | None = None, first: Directory | None = None
    ) -> None:
        """`settings`: the config file where a theme picked in the app is remembered (None: not saved).
        `first`: the directory to list first (`run_app` reads it before the app starts)."""
        super().__init__()
        self.ws = ws
        self.settings = settings
        self.main = MainScreen(ws, first)
        self._watch = watch
        self._early_keys = []
        self.saved = Saved(ws)  # this app's own commits, shown as they happen
        self._shown_saves = 0  # how many times they were: a change read by a worker meanwhile is read again
        self._picking_up = False
        if ws.config.theme in self.available_themes:
            self.theme = ws.config.theme

    def get_default_screen(self) -> Screen:
        return self.main

    def on_mount(self) -> None:
        from netcrm.services import autoexport

        autoexport.install(self.ws, report=lambda message: self.notify(message, severity="warning"))
        colours.use(self.get_css_variables())
        # What the storage says once (records set aside) is said here: the whole records are
        # read in a worker after the first frame, and the terminal is the app's meanwhile.
        self.ws.repo.on_notice = self.say_notice
        self.ask_about_passed_catchups()
        if self._watch:
            self.set_interval(WATCH_SECONDS, self.pick_up_outside_changes)

    def say_notice(self, message: str) -> None:
        """A notice from the storage, from the UI thread or a worker."""
        try:
            self.call_from_thread(self.notify, message, severity="warning", timeout=20)
        except RuntimeError:  # on the UI thread already
            self.notify(message, severity="warning", timeout=20)

    def on_unmount(self) -> None:
        colours.use_default()  # colours are process-wide: the next app starts from the default
        collector.resume()

    def watch_theme(self, theme: str) -> None:
        """Text drawn in Python takes the new theme's colours; a theme picked here is remembered."""
        if not self.screen_stack:  # set from the config before the app runs: on_mount applies it
            return
        colours.use(self.get_css_variables())
        if self.main.query("#search"):  # the main screen is up (a theme from the config is set before)
            self.main.reload()
        if self.settings is not None and theme != self.ws.config.theme:
            from netcrm.services.settings import remember

            try:
                remember(self.settings, "theme", theme)
                self.ws.config.theme = theme
            except NetcrmError as exc:
                self.notify(f"Theme not remembered: {exc}", severity="warning")

    async def on_main_screen_ready(self) -> None:
        await self.keys_ready()

    def pick_up_outside_changes(self) -> None:
        """Every WATCH_SECONDS: files another process replaced are read off the UI thread, and only
        what they changed is shown."""
        self.show_saved()  # a commit no action showed yet (none should be left; this costs nothing then)
        if not self._picking_up:
            self._picking_up = True
            self.run_worker(self._read_outside_changes, thread=True, group="outside")

    def _read_outside_changes(self) -> None:
        saves = self._shown_saves
        delta, problem = None, ""
        try:
            changes = self.ws.repo.refresh()
            delta = gather(self.ws, changes) if changes else None
        except NetcrmError as exc:
            problem = str(exc)
        finally:
            self.call_from_thread(self._picked_up, delta, saves, problem)

    def _picked_up(self, delta: Delta | None, saves: int, problem: str) -> None:
        self._picking_up = False
        if problem:
            self.notify(problem, severity="error")
        if delta is None:
            return
        if saves != self._shown_saves:  # the app saved a newer copy of someone meanwhile
            delta = gather(self.ws, delta.changes)
        self.main.show_change(delta, outside=True)

    def show_saved(self) -> None:
        """Show what this app just committed: the rows, panels and person it touched."""
        changes = self.saved.take()
        if changes:
            self._shown_saves += 1
            self.main.show_change(gather(self.ws, changes))

    def ask_about_passed_catchups(self) -> None:
        now = self.ws.now()
        passed = [p for p in self.ws.repo.plans() if p.status == "planned" and p.end < now]
        if passed:
            which = f"{len(passed)} catch-ups" if len(passed) > 1 else "A catch-up"
            self.notify(f"{which} passed while still planned: c opens the agenda to mark done, move or cancel",
                        timeout=10)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for action in keys.ACTIONS:
            yield SystemCommand(action.title, action.help, partial(self.run_action, action.name))
        yield from super().get_system_commands(screen)

    # Keys that act on the main screen's person or open a screen are not offered (footer)
    # nor active on another screen: each screen's footer shows that screen's keys.
    MAIN_ONLY = frozenset(a.name for a in keys.ACTIONS) - {"help", "quit"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.MAIN_ONLY and self.screen is not self.main)

    # Helpers -------------------------------------------------------------------------
    def notify(self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every note reads the same way (a sentence with a capital letter, no full stop) and names
        people or echoes what they typed: shown, never obeyed as markup."""
        super().notify(visible(sentence(message)), title=visible(title), severity=severity, timeout=timeout,
                       markup=False)

    def person(self) -> Contact | None:
        """The person the centre pane shows (the list's selected row, or one picked in a panel)."""
        contact = self.main.current
        if contact is None:
            self.notify("Select someone first", severity="warning")
        return contact

    async def open_form(self, screen: Screen[Any], done: Callable[[Any], str]) -> None:
        """Push a form; when it saved something, show what changed and confirm.

        Awaiting the push keeps the keys typed right after the one that opened
        the form queued until the form is there with its first field focused.
        """

        def finished(result: Any) -> None:
            self.show_saved()
            if result is None:
                return
            message = done(result)
            if isinstance(result, Contact):
                self.main.go_to(result.id)  # a filter that hides the person just saved is cleared
            self.notify(message)

        await self.push_screen(screen, finished)

    def names(self, ids: Iterable[str]) -> str:
        return ", ".join(self.main.names.get(i, i) for i in ids)

    # Actions -------------------------------------------------------------------------
    def action_search(self) -> None:
        self.main.focus_search()

    async def action_add(self) -> None:
        from netcrm.ui.screens.contact_form import ContactForm

        await self.open_form(ContactForm(self.ws), lambda c: f"Added {c.name}")

    async def action_edit(self) -> None:
        from netcrm.ui.screens.contact_form import ContactForm

        if person := self.person():
            await self.open_form(ContactForm(self.ws, person), lambda c: f"Saved {c.name}")

    async def action_log(self) -> None:
        from netcrm.ui.screens.touch_forms import LogForm

        if person := self.person():
            await self.open_form(LogForm(self.ws, [person]), lambda i: f"Logged {i.kind} with {self.names(i.contacts)}")

    async def action_plan(self) -> None:
        from netcrm.ui.screens.touch_forms import PlanForm

        if person := self.person():
            await self.open_form(
                PlanForm(self.ws, [person]),
                lambda p: f"Planned {p.kind} with {self.names(p.contacts)} on {p.start:%a %d %b %H:%M}",
            )

    async def action_snooze(self) -> None:
        from netcrm.ui.screens.touch_forms import SnoozeForm

        if person := self.person():
            await self.open_form(SnoozeForm(self.ws, person), lambda c: f"Snoozed {c.name} until {c.snoozed_until}")

    async def action_move(self) -> None:
        """m: the person's next catch-up (one that passed unclosed comes first) to another time."""
        from netcrm.ui.screens.move_form import MoveForm, move_message

        if not (person := self.person()):
            return
        plans = sorted((p for p in self.ws.repo.plans() if p.status == "planned" and person.id in p.contacts),
                       key=lambda p: p.start)
        if not plans:
            self.notify(f"No catch-up planned with {person.name}; p plans one.", severity="warning")
            return
        tz = self.ws.config.tzinfo()
        await self.open_form(MoveForm(self.ws, plans[0], self.names(plans[0].contacts)), lambda p: move_message(p, tz))

    def action_edit_yaml(self) -> None:
        """E: the person as YAML in $EDITOR, with the terminal handed over to the editor."""
        from netcrm.services.edit import EditCancelled, edit_contact_in_editor

        if not (person := self.person()):
            return
        outcome: Contact | NetcrmError
        with nullcontext() if self.is_headless else self.suspend():
            # Nothing may escape this block: an exception leaving `suspend()` skips
            # the terminal's return to the app, which then looks frozen.
            try:
                outcome = edit_contact_in_editor(self.ws, person)
            except NetcrmError as exc:
                outcome = exc
            except OSError as exc:
                outcome = NetcrmError(f"cannot edit {person.name}: {exc.strerror or exc}")
        if isinstance(outcome, EditCancelled):
            self.notify(str(outcome))
        elif isinstance(outcome, NetcrmError):
            self.notify(str(outcome), severity="error")
        else:
            self.show_saved()
            self.notify(f"Saved {outcome.name}")

    def action_archive(self) -> None:
        from netcrm.services.people import archive

        if person := self.person():
            changed = archive(self.ws, person, archived=not person.archived)
            self.show_saved()
            self.notify(f"{'Archived' if changed.archived else 'Restored'} {changed.name}")

    def action_undo(self) -> None:
        self._replay(undoing=True)

    def action_redo(self) -> None:
        self._replay(undoing=False)

    def _replay(self, undoing: bool) -> None:
        """Undo or redo in the journal, then show the database as it now is."""
        from netcrm.services import history

        try:
            label = history.undo(self.ws) if undoing else history.redo(self.ws)
        except NetcrmError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.show_saved()
        following = history.next_undo(self.ws)
        after = f" · u undoes: {following}" if following else ""
        self.notify(f"{'Undone' if undoing else 'Redone'}: {label}{after}")

    def action_side(self) -> None:
        if self.screen is self.main:
            self.main.action_toggle_side()

    def action_agenda(self) -> None:
        from netcrm.ui.screens.agenda import AgendaScreen

        def closed(changed: bool | None) -> None:
            self.show_saved()  # what was changed there (nothing pending costs nothing)

        self.push_screen(AgendaScreen(self.ws), closed)

    def open_practice(self, screen: Screen[ScreenResult]) -> None:
        """Today, stats and intros hand back whether they changed anything and whom to open."""

        def closed(result: ScreenResult | None) -> None:
            self.show_saved()  # what was changed there (nothing pending costs nothing)
            if result is None:
                return
            if result.contact_id:
                self.main.show_contact_id(result.contact_id)

        self.push_screen(screen, closed)

    def action_today(self) -> None:
        from netcrm.ui.screens.today import TodayScreen

        self.open_practice(TodayScreen(self.ws))

    def action_stats(self) -> None:
        from netcrm.ui.screens.stats import StatsScreen

        self.open_practice(StatsScreen(self.ws))

    def action_intros(self) -> None:
        from netcrm.ui.screens.intros import IntrosScreen

        self.open_practice(IntrosScreen(self.ws))

    def action_dupes(self) -> None:
        from netcrm.ui.screens.dupes import DupesScreen

        self.open_practice(DupesScreen(self.ws))

    def action_older(self) -> None:
        self.main.show_whole_timeline()

    def action_help(self) -> None:
        from netcrm.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())


def sentence(message: str) -> str:
    message = message.strip()
    if message.endswith(".") and not message.endswith(".."):
        message = message[:-1]
    return message[:1].upper() + message[1:]


def run_app(ws: Workspace, ahead: Ahead | None = None) -> None:
    """`ahead`: the first list, being read by a child process (`services.glance_ahead`)."""
    from netcrm.services.settings import config_file

    collector.pause()
    # Read before the app starts: a database that cannot be read is a one-line error, not a crash inside the app.
    first = (ahead.result(ws) if ahead is not None else None) or glance_directory(ws)
    if first is not None and len(first.active) + len(first.archived_people) < MainScreen.LIGHT_FROM:
        first = None  # so few people that the whole records cost nothing: read those
    first = first or load_directory(ws)
    NetcrmApp(ws, settings=config_file(), first=first).run()

