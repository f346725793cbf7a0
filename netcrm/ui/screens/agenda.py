"""The agenda: catch-ups ahead (and recent ones still open) and birthdays in the next 60 days.

`d` marks the selected catch-up done (a touch on each person's timeline), `m`
moves it (same calendar event, SEQUENCE + 1), `x` cancels it after a second
`x` (one stray key must not call off a meeting); all go through the same
services as `netcrm done` / `move` / `cancel`, so the auto-exported calendar
follows. A catch-up whose time has passed while still planned is marked past
and the line above the table asks: done, move or cancel. Escape closes the
screen and returns whether anything changed, so the caller can refresh.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from netcrm.domain.birthdays import upcoming as upcoming_birthdays
from netcrm.domain.bounds import local_time
from netcrm.domain.model import Plan
from netcrm.errors import NetcrmError
from netcrm.services.workspace import Workspace
from netcrm.ui.shown import literal
from netcrm.ui.widgets.row_table import RowTable

BIRTHDAY_DAYS = 60
# Catch-ups that ended this recently and were never closed stay listed, so they can be marked done.
OPEN_PAST_DAYS = 14


def agenda_plans(ws: Workspace) -> list[Plan]:
    """Planned catch-ups from two weeks back onwards, soonest first."""
    since = ws.now() - dt.timedelta(days=OPEN_PAST_DAYS)
    plans = [p for p in ws.repo.plans() if p.status == "planned" and p.end >= since]
    return sorted(plans, key=lambda p: (p.start, p.id))


def in_days(day: dt.date, today: dt.date) -> str:
    days = (day - today).days
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


class AgendaScreen(Screen[bool]):
    BINDINGS = [
        Binding("d", "done", "Done"),
        Binding("m", "move", "Move"),
        Binding("x", "cancel_plan", "Cancel catch-up"),
        Binding("tab", "switch", "Switch table", show=False),
        Binding("escape", "close", "Close"),
    ]
    CSS_PATH = Path(__file__).with_name("agenda.tcss")

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.changed = False
        self.armed: str | None = None  # the catch-up a first `x` asked about

    def compose(self) -> ComposeResult:
        yield Label("Catch-ups", classes="agenda-title", id="plans-title")
        yield Label("", id="ask")
        yield RowTable(id="plans", zebra_stripes=True)
        yield Label(f"Birthdays (next {BIRTHDAY_DAYS} days)", classes="agenda-title", id="birthdays-title")
        yield RowTable(id="birthdays")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#plans", DataTable).add_columns("Date", "Time", "Length", "Kind", "With", "Where")
        self.query_one("#birthdays", DataTable).add_columns("Date", "Who", "When", "Age")
        self.refresh_agenda()
        table = self.query_one("#plans", DataTable)
        self.set_focus(table)
        now = self.ws.now()
        past = [i for i, p in enumerate(agenda_plans(self.ws)) if p.end < now]
        if past:  # a catch-up that passed unclosed comes first: it is asking something
            table.move_cursor(row=past[0])
        self.update_ask()

    def refresh_agenda(self) -> None:
        tz = self.ws.config.tzinfo()
        now = self.ws.now()
        names = {c.id: c.name for c in self.ws.repo.contacts()}
        plans = self.query_one("#plans", DataTable)
        row = plans.cursor_row
        plans.clear()
        for plan in agenda_plans(self.ws):
            start = local_time(plan.start, tz)
            date = start.strftime("%a %d %b %Y") + (" (past)" if plan.end < now else "")
            who = ", ".join(names.get(c, c) for c in plan.contacts)
            plans.add_row(date, start.strftime("%H:%M"), f"{plan.duration}m", plan.kind, literal(who),
                          literal(plan.where), key=plan.id)
        if plans.row_count:
            plans.move_cursor(row=min(row, plans.row_count - 1))
        self.query_one("#plans-title", Label).update(
            f"Catch-ups ({plans.row_count})  d done · m move · x cancel" if plans.row_count
            else "Catch-ups: none planned"
        )
        self.update_ask()
        birthdays = self.query_one("#birthdays", DataTable)
        birthdays.clear()
        today = self.ws.today()
        for item in upcoming_birthdays(self.ws.repo.contacts(), today, BIRTHDAY_DAYS):
            age = f"turns {item.age}" if item.age is not None else ""
            birthdays.add_row(item.day.strftime("%a %d %b"), literal(item.contact.name), in_days(item.day, today), age)
        self.query_one("#birthdays-title", Label).update(
            f"Birthdays (next {BIRTHDAY_DAYS} days): {birthdays.row_count or 'none'}"
        )

    def highlighted_plan(self) -> Plan | None:
        table = self.query_one("#plans", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.ws.repo.plan(key or "")

    def selected_plan(self) -> Plan | None:
        plan = self.highlighted_plan()
        if plan is None:
            self.notify("No catch-up selected", severity="warning")
        return plan

    def describe(self, plan: Plan) -> str:
        names = ", ".join(self.app_names().get(c, c) for c in plan.contacts)
        return f"the {plan.kind} with {names} on {plan.start.astimezone(self.ws.config.tzinfo()):%a %d %b %H:%M}"

    def app_names(self) -> dict[str, str]:
        return {c.id: c.name for c in self.ws.repo.contacts()}

    def update_ask(self) -> None:
        """The line above the table: a confirmation pending, or what to do with a past catch-up."""
        ask = self.query_one("#ask", Label)
        plan = self.highlighted_plan()
        ask.remove_class("confirm")
        if plan is not None and plan.id == self.armed:
            ask.update(f"Cancel {self.describe(plan)}? x again cancels it · any other key keeps it")
            ask.add_class("confirm")
        elif plan is not None and plan.end < self.ws.now():
            ask.update(f"{self.describe(plan).capitalize()} has passed: d done · m move · x cancel")
        else:
            ask.update("")
        ask.display = bool(str(ask.render()))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "plans":
            plan = self.highlighted_plan()
            if plan is None or plan.id != self.armed:
                self.armed = None
            self.update_ask()

    def on_key(self, event) -> None:
        if self.armed is not None and event.key != "x":
            self.armed = None
            self.update_ask()

    def action_done(self) -> None:
        from netcrm.services.plans import complete

        if plan := self.selected_plan():
            self._apply(lambda: complete(self.ws, plan), f"Done: logged {plan.kind} as a touch")

    def action_cancel_plan(self) -> None:
        from netcrm.services.plans import cancel

        if not (plan := self.selected_plan()):
            return
        if self.armed != plan.id:
            self.armed = plan.id
            self.update_ask()
            return
        self.armed = None
        message = f"Cancelled {self.describe(plan)}"
        self._apply(lambda: cancel(self.ws, plan), message)

    async def action_move(self) -> None:
        from netcrm.ui.screens.move_form import MoveForm, move_message

        self.armed = None
        if not (plan := self.selected_plan()):
            return
        who = ", ".join(self.app_names().get(c, c) for c in plan.contacts)

        def moved(result: Plan | None) -> None:
            if result is not None:
                self.changed = True
                self.refresh_agenda()
                self.notify(move_message(result, self.ws.config.tzinfo()))

        await self.app.push_screen(MoveForm(self.ws, plan, who), moved)

    def _apply(self, change, message: str) -> None:
        self.armed = None
        try:
            change()
        except NetcrmError as exc:
            self.notify(str(exc), severity="error")
            return
        self.changed = True
        self.refresh_agenda()
        self.notify(message)

    def action_switch(self) -> None:
        self.focus_next(DataTable)

    def action_close(self) -> None:
        self.dismiss(self.changed)
