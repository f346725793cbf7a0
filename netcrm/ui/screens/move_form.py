"""m: move a catch-up to another time. Same calendar event (UID), SEQUENCE + 1, like `netcrm move`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Input

from netcrm.domain.model import Plan
from netcrm.services.plans import update_plan
from netcrm.services.workspace import Workspace
from netcrm.ui.screens.form import FieldError, FormScreen
from netcrm.ui.screens.touch_forms import when_from


class MoveForm(FormScreen[Plan]):
    first_field = "when"
    field_for = {"start": "when"}

    def __init__(self, ws: Workspace, plan: Plan, who: str) -> None:
        super().__init__()
        self.ws = ws
        self.plan = plan
        tz = ws.config.tzinfo()
        self.title_text = f"Move the {plan.kind} with {who} ({plan.start.astimezone(tz):%a %d %b %H:%M})"

    def fields(self) -> Iterable[Widget]:
        yield self.field("To", Input(id="when", placeholder="e.g. tomorrow 10:00, fri 12:30, 2026-12-03 14:30"))

    def submit(self) -> Plan:
        if not self.value("when"):
            raise FieldError("when", "when should it be instead? e.g. 'fri 10:00'")
        start = when_from(self.value("when"), self.ws.now(), "when", "future", dt.time(10, 0))
        if start < self.ws.now():
            raise FieldError("when", f"{start:%a %d %b %H:%M} is in the past: move it to a time ahead")
        return update_plan(self.ws, self.plan, start=start)


def move_message(plan: Plan, tz: dt.tzinfo) -> str:
    return f"Moved the {plan.kind} to {plan.start.astimezone(tz):%a %d %b %H:%M}"
