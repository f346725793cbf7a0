"""a / e: add a person or edit one, every field of the profile in one form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from netcrm.domain.lookup import resolve
from netcrm.domain.model import CIRCLES, STAGES, Contact
from netcrm.domain.patch import Patch
from netcrm.domain.rules import circle_for
from netcrm.domain.when import DateError, parse_birthday, parse_day
from netcrm.errors import EditConflict, NetcrmError
from netcrm.services.people import add_contact, update_contact, validated
from netcrm.services.workspace import Workspace
from netcrm.ui.screens.form import FieldError, FormScreen, by_name, split_list
from netcrm.ui.shown import shown, shown_record

# (field, label, hint) for the one-line text fields, in the order of the form.
TEXT_FIELDS = (
    ("name", "Name", ""),
    ("call_name", "Call them", "the name you use with them, e.g. Mai for Nguyễn Thị Mai"),
    ("org", "Organisation", ""),
    ("department", "Department", ""),
    ("title", "Role / title", ""),
)
LIST_FIELDS = (
    ("aka", "Also known as", "other names they go by, comma-separated (search finds them)"),
    ("tags", "Tags", "comma-separated, e.g. mentor, alumni"),
    ("skills", "Knows", "what they are good at, comma-separated"),
    ("asks", "Looking for", "what they need, comma-separated"),
    ("offers", "I can offer", "comma-separated"),
    ("interests", "Interests", "comma-separated"),
    ("goals", "Why in touch", "learn, mentor, job, business, support..."),
    ("emails", "Emails", "comma-separated"),
    ("phones", "Phones", "comma-separated"),
    ("links", "Links", "LinkedIn, website..."),
    ("family", "Family", "e.g. daughter Mia (7), partner Sam"),
)
MORE_TEXT = (
    ("location", "Location", ""),
    ("timezone", "Time zone", "e.g. Europe/Berlin"),
    ("how_met", "How we met", ""),
)


class ContactForm(FormScreen[Contact]):
    BINDINGS = [Binding("ctrl+t", "keep_theirs", "Keep theirs", show=False)]

    def __init__(self, ws: Workspace, contact: Contact | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.contact = contact
        self.title_text = f"Edit {shown(contact.name)}" if contact else "Add a person"
        self.conflict: EditConflict | None = None
        self.keep_theirs = False
        self._auto_circle: str | None = "external" if contact is None else None  # None: the user chose

    def on_input_changed(self, event: Input.Changed) -> None:
        """Adding someone: the circle follows the organisation (domain.rules) until the user picks one."""
        if event.input.id == "org" and self._auto_circle is not None:
            self._auto_circle = circle_for(event.value, self.ws.config.organisation)
            self.query_one("#circle", Select).value = self._auto_circle

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "circle" and self._auto_circle is not None and event.value != self._auto_circle:
            self._auto_circle = None

    def fields(self) -> Iterable[Widget]:
        # Stored control characters are shown as escapes here too: saving keeps what the form shows.
        c = shown_record(self.contact) if self.contact else None
        for name, label, hint in TEXT_FIELDS:
            yield self.field(label, Input(getattr(c, name) if c else "", id=name), hint)
        circle = c.circle if c else "external"
        yield self.field("Circle", Select([(x, x) for x in CIRCLES], value=circle, allow_blank=False, id="circle"))
        for name, label, hint in LIST_FIELDS:
            yield self.field(label, Input(", ".join(getattr(c, name)) if c else "", id=name), hint)
        for name, label, hint in MORE_TEXT:
            yield self.field(label, Input(getattr(c, name) if c else "", id=name), hint)
        met_on = c.met_on.isoformat() if c and c.met_on else ""
        yield self.field("Met on", Input(met_on, id="met_on"), "e.g. 2024-03-05, last fri")
        introducer = self.ws.repo.contact(c.introduced_by) if c and c.introduced_by else None
        yield self.field("Introduced by", Input(by_name(introducer) if introducer else "", id="introduced_by"), "a name")
        yield self.field("Birthday", Input(c.birthday or "" if c else "", id="birthday"), "1985-04-16, or 16 apr")
        cadence = str(c.cadence) if c and c.cadence else ""
        yield self.field("Cadence (days)", Input(cadence, id="cadence"), "empty: the default for their circle/tags")
        stage = c.stage if c else "new"
        yield self.field("Stage", Select([(x, x) for x in STAGES], value=stage, allow_blank=False, id="stage"))
        yield self.field("Notes", TextArea(c.notes if c else "", id="notes"))

    def collect(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: self.value(name) for name, _, _ in (*TEXT_FIELDS, *MORE_TEXT)}
        data.update({name: split_list(self.value(name)) for name, _, _ in LIST_FIELDS})
        data.update(circle=self.value("circle"), stage=self.value("stage"), notes=self.value("notes"))
        today = self.ws.today()
        try:
            data["met_on"] = parse_day(self.value("met_on"), today, prefer="past") if self.value("met_on") else None
        except DateError as exc:
            raise FieldError("met_on", str(exc)) from None
        try:
            data["birthday"] = parse_birthday(self.value("birthday")) if self.value("birthday") else None
        except DateError as exc:
            raise FieldError("birthday", str(exc)) from None
        cadence = self.value("cadence")
        if cadence and not cadence.isdigit():
            raise FieldError("cadence", f"a number of days, like 30 (got {cadence!r})")
        data["cadence"] = int(cadence) if cadence else None
        introducer = self.value("introduced_by")
        try:
            data["introduced_by"] = resolve(self.ws.repo.contacts(), introducer).id if introducer else None
        except NetcrmError as exc:
            raise FieldError("introduced_by", str(exc)) from None
        return data  # field rules (time zone, emails, name) are checked by the service: domain.rules

    def submit(self) -> Contact:
        data = self.collect()
        if not data["name"]:
            raise FieldError("name", "a person needs a name")
        if self.contact is None:
            name = data.pop("name")
            return add_contact(self.ws, name, **data)
        edited = validated(Contact, {**msgspec.structs.asdict(self.contact), **data})
        patch = Patch.between(self.contact, edited)
        if self.conflict is not None:
            # Saved again after "changed meanwhile": ctrl+s keeps mine, ctrl+t keeps theirs.
            fields = [c.field for c in self.conflict.conflicts]
            patch = patch.without(fields) if self.keep_theirs else patch.forced()
        try:
            return update_contact(self.ws, self.contact.id, patch, label="edit {name}")
        except EditConflict as exc:
            self.conflict = exc
            names = ", ".join(c.field for c in exc.conflicts)
            raise EditConflict(
                f"{exc} · ctrl+s keeps yours, ctrl+t keeps theirs for {names}", exc.conflicts
            ) from None

    def action_keep_theirs(self) -> None:
        if self.conflict is not None:
            self.keep_theirs = True
            self.action_submit()
