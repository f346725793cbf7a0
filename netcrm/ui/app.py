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
from netcrm.services.people import archive
from netcrm.services.workspace import Workspace
from netcrm.ui import keys
from netcrm.ui.palette import PeopleProvider
from netcrm.ui.screens.main import MainScreen
from netcrm.ui.screens.result import ScreenResult

# Forms and secondary screens are imported by the action that opens them:
# start-up only pays for the main screen.

# How often the app looks for changes another netcrm process (the CLI) saved.
WATCH_SECONDS = 2.0

FIRST_RUN_HINT = (
    "Your network is empty. Press a to add someone, or quit (q) and run `netcrm init` "
    "to start from the demo network or an import (vCard, LinkedIn, YAML)."
)


class NetcrmApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "netcrm"
    BINDINGS: ClassVar[list[BindingType]] = [*keys.bindings()]
    COMMANDS = App.COMMANDS | {PeopleProvider}

    def __init__(self, ws: Workspace, watch: bool = True) -> None:
        super().__init__()
        self.ws = ws
        self.main = MainScreen(ws)
        self._watch = watch

    def get_default_screen(self) -> Screen:
        return self.main

    def on_mount(self) -> None:
        from netcrm.services import autoexport

        autoexport.install(self.ws, report=lambda message: self.notify(message, severity="warning"))
        if self._watch:
            self.set_interval(WATCH_SECONDS, self.pick_up_outside_changes)
        if not self.ws.repo.contacts():
            self.notify(FIRST_RUN_HINT, title="Welcome to netcrm", timeout=30)

    def pick_up_outside_changes(self) -> None:
        if self.ws.repo.refresh():
            self.main.reload()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for action in keys.ACTIONS:
            yield SystemCommand(action.title, action.help, partial(self.run_action, action.name))
        yield from super().get_system_commands(screen)

    # Helpers -------------------------------------------------------------------------
    def person(self) -> Contact | None:
        contact = self.main.current
        if contact is None:
            self.notify("Select someone first.", severity="warning")
        return contact

    def open_form(self, screen: Screen[Any], done: Callable[[Any], str]) -> None:
        """Push a form; when it saved something, refresh everything and confirm."""

        def finished(result: Any) -> None:
            if result is None:
                return
            message = done(result)
            keep = getattr(result, "id", None) if isinstance(result, Contact) else self.main.current_id
            self.main.reload(keep=keep)
            self.notify(message)

        self.push_screen(screen, finished)

    def names(self, ids: Iterable[str]) -> str:
        return ", ".join(self.main.names.get(i, i) for i in ids)

    # Actions -------------------------------------------------------------------------
    def action_search(self) -> None:
        self.main.focus_search()

    def action_add(self) -> None:
        from netcrm.ui.screens.contact_form import ContactForm

        def added(contact: Contact) -> str:
            self.main.current_id = contact.id
            return f"Added {contact.name}"

        self.open_form(ContactForm(self.ws), added)

    def action_edit(self) -> None:
        from netcrm.ui.screens.contact_form import ContactForm

        if person := self.person():
            self.open_form(ContactForm(self.ws, person), lambda c: f"Saved {c.name}")

    def action_log(self) -> None:
        from netcrm.ui.screens.touch_forms import LogForm

        if person := self.person():
            self.open_form(LogForm(self.ws, [person]), lambda i: f"Logged {i.kind} with {self.names(i.contacts)}")

    def action_plan(self) -> None:
        from netcrm.ui.screens.touch_forms import PlanForm

        if person := self.person():
            self.open_form(
                PlanForm(self.ws, [person]),
                lambda p: f"Planned {p.kind} with {self.names(p.contacts)} on {p.start:%a %d %b %H:%M}",
            )

    def action_snooze(self) -> None:
        from netcrm.ui.screens.touch_forms import SnoozeForm

        if person := self.person():
            self.open_form(SnoozeForm(self.ws, person), lambda c: f"Snoozed {c.name} until {c.snoozed_until}")

    def action_edit_yaml(self) -> None:
        """E: the person as YAML in $EDITOR, with the terminal handed over to the editor."""
        from netcrm.services.edit import EditCancelled, edit_contact_in_editor

        if not (person := self.person()):
            return
        try:
            with nullcontext() if self.is_headless else self.suspend():
                saved = edit_contact_in_editor(self.ws, person)
        except EditCancelled as exc:
            self.notify(str(exc))
        except NetcrmError as exc:
            self.notify(str(exc), severity="error")
        else:
            self.main.reload(keep=saved.id)
            self.notify(f"Saved {saved.name}")

    def action_archive(self) -> None:
        if person := self.person():
            changed = archive(self.ws, person, archived=not person.archived)
            self.main.reload(keep=changed.id)
            self.notify(f"{'Archived' if changed.archived else 'Restored'} {changed.name}")

    def action_agenda(self) -> None:
        from netcrm.ui.screens.agenda import AgendaScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.main.reload()

        self.push_screen(AgendaScreen(self.ws), closed)

    def open_practice(self, screen: Screen[ScreenResult]) -> None:
        """Today, stats and intros hand back whether they changed anything and whom to open."""

        def closed(result: ScreenResult | None) -> None:
            if result is None:
                return
            if result.changed:
                self.main.reload(keep=result.contact_id)
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

    def action_help(self) -> None:
        from netcrm.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def notify(self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every notification names people or echoes what they typed: shown, never obeyed as markup."""
        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False)


def run_app(ws: Workspace) -> None:
    NetcrmApp(ws).run()

