"""Forms for what you do with people: log a touch, plan a catch-up, snooze."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from netcrm.domain.model import KINDS, Contact, Interaction, Plan
from netcrm.domain.when import DateError, parse_day, parse_minutes, parse_when
from netcrm.errors import NetcrmError
from netcrm.services.people import snooze
from netcrm.services.plans import plan_catchup
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.ui.screens.form import FieldError, FormScreen, T
from netcrm.ui.shown import shown
from netcrm.ui.widgets.people_field import PeopleInput, people_menu

TOUCH_KINDS = [k for k in KINDS if k not in ("milestone", "connected")]


def kind_select(field_id: str, value: str) -> Select[str]:
    return Select([(k, k) for k in TOUCH_KINDS], value=value, allow_blank=False, id=field_id)


def people_from(form: FormScreen, field: str = "with") -> list[Contact]:
    """The people named in a PeopleInput: the ids it was opened with or picked, else unique names."""
    try:
        return form.query_one(f"#{field}", PeopleInput).people()
    except NetcrmError as exc:
        raise FieldError(field, str(exc)) from None


def when_from(text: str, now: dt.datetime, field: str, prefer: str, default_time: dt.time) -> dt.datetime:
    try:
        return parse_when(text or "now", now, prefer=prefer, default_time=default_time)  # type: ignore[arg-type]  # `prefer` is a str from the form; parse_when takes its Literal
    except DateError as exc:
        raise FieldError(field, str(exc)) from None


def minutes_from(text: str, field: str, least: int = 0) -> int:
    try:
        return parse_minutes(text, least)
    except DateError as exc:
        raise FieldError(field, str(exc)) from None


class WithPeopleForm(FormScreen[T]):
    """A form about one or more people, named in its "With" field."""

    def __init__(self, ws: Workspace, people: Sequence[Contact]) -> None:
        super().__init__()
        self.ws = ws
        self.people = people

    def with_field(self) -> Iterable[Widget]:
        field = PeopleInput(self.ws.repo.contacts(), self.people, id="with")
        field.placeholder = "names, comma-separated for a group; up/down and enter pick"
        yield self.field("With", field)
        yield people_menu("with")


class LogForm(WithPeopleForm[Interaction]):
    """l: log a touch; several names make a group event."""

    title_text = "Log a touch"
    first_field = "summary"
    field_for = {"at": "when", "contacts": "with"}

    def fields(self) -> Iterable[Widget]:
        yield from self.with_field()
        yield self.field("Kind", kind_select("kind", "message"))
        yield self.field("When", Input("now", id="when"), "e.g. now, yesterday 15:00, fri, 3 days ago")
        yield self.field(
            "Who reached out",
            Select([("I did", "outbound"), ("They did", "inbound")], value="outbound", allow_blank=False, id="direction"),
        )
        yield self.field("Summary", Input(placeholder="one line: what was it about?", id="summary"))
        yield self.field("Notes", TextArea(id="notes"))

    def submit(self) -> Interaction:
        people = people_from(self)
        at = when_from(self.value("when"), self.ws.now(), "when", "past", dt.time(12, 0))
        return log_touch(
            self.ws, people, kind=self.value("kind"), at=at, inbound=self.value("direction") == "inbound",
            summary=self.value("summary"), notes=self.value("notes"),
        )


class PlanForm(WithPeopleForm[Plan]):
    """p: plan a catch-up."""

    title_text = "Plan a catch-up"
    first_field = "when"
    field_for = {"start": "when", "contacts": "with"}

    def fields(self) -> Iterable[Widget]:
        yield from self.with_field()
        yield self.field("When", Input(placeholder="tomorrow 10:00, fri 12:30, 2026-12-03 14:30", id="when"))
        yield self.field("How long", Input("30m", id="duration"), "30m, 1h, 1h30m")
        yield self.field("Kind", kind_select("kind", "coffee"))
        yield self.field("Where", Input(placeholder="café, video link, office", id="where"))
        yield self.field("Agenda", TextArea(id="agenda"))
        yield self.field("Reminder", Input(placeholder="e.g. 15m before (empty: none)", id="remind"))

    def submit(self) -> Plan:
        people = people_from(self)
        if not self.value("when"):
            raise FieldError("when", "when is the catch-up? e.g. 'fri 10:00'")
        start = when_from(self.value("when"), self.ws.now(), "when", "future", dt.time(10, 0))
        duration = minutes_from(self.value("duration") or "30m", "duration", least=1)
        remind = minutes_from(self.value("remind"), "remind") if self.value("remind") else None
        return plan_catchup(
            self.ws, people, start=start, duration=duration, kind=self.value("kind"), where=self.value("where"),
            agenda=self.value("agenda"), remind=remind,
        )


class SnoozeForm(FormScreen[Contact]):
    """z: not now; bring them back on a date."""

    title_text = "Snooze"

    def __init__(self, ws: Workspace, person: Contact) -> None:
        super().__init__()
        self.ws = ws
        self.person = person
        self.title_text = f"Snooze {shown(person.name)}"

    def fields(self) -> Iterable[Widget]:
        yield self.field("Until", Input("in 2 weeks", id="until"), "e.g. in 2 weeks, dec 3, 2027-01-10")

    def submit(self) -> Contact:
        try:
            until = parse_day(self.value("until"), self.ws.today())
        except DateError as exc:
            raise FieldError("until", str(exc)) from None
        return snooze(self.ws, self.person, until=until)
