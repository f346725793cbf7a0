"""The "With" field of the log and plan forms: names typed, people (ids) meant.

Two people may share a name, so a name alone cannot say who is meant. The
field keeps the ids of the people it was opened with and of every person
picked from its completion list (the part after the last comma is matched as
you type; up/down move, enter or tab picks). A picked name whose owner shares
it with someone else is written as "Name (id)" so the text itself says who.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from netcrm.domain.lookup import fold, resolve
from netcrm.domain.model import Contact
from netcrm.domain.text import has_controls, visible
from netcrm.errors import NetcrmError

LIMIT = 8
_WITH_ID = re.compile(r"^(?P<name>.*\S)\s+\((?P<id>[^()\s]+)\)$")


def split_names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class PeopleInput(Input):
    """Comma-separated names; `people()` turns them into contacts, using the ids it knows."""

    BINDINGS = [
        Binding("down", "suggest(1)", "Next match", show=False),
        Binding("up", "suggest(-1)", "Previous match", show=False),
        Binding("tab", "pick", "Pick", show=False),
    ]

    def __init__(self, everyone: Sequence[Contact], chosen: Sequence[Contact], *, id: str) -> None:
        self.everyone = list(everyone)
        self.known: dict[str, Contact] = {}  # the exact text of a part -> the person it stands for
        self._shared = self._shared_names(self.everyone)
        super().__init__(", ".join(self._label(c) for c in chosen), id=id)
        for contact in chosen:
            self.known[self._label(contact)] = contact

    @staticmethod
    def _shared_names(people: Sequence[Contact]) -> set[str]:
        seen: set[str] = set()
        shared: set[str] = set()
        for c in people:
            key = fold(c.name)
            (shared if key in seen else seen).add(key)
        return shared

    def _label(self, contact: Contact) -> str:
        """A person's name, with their id when someone else has the same name."""
        if fold(contact.name) in self._shared or has_controls(contact.name):
            # The id says who is meant; a name with control characters is shown escaped, never raw.
            return f"{visible(contact.name)} ({contact.id})"
        return contact.name

    # Completion -------------------------------------------------------------------
    @property
    def menu(self) -> OptionList:
        return self.screen.query_one(f"#{self.id}-menu", OptionList)

    def _last_part(self) -> str:
        return self.value.rsplit(",", 1)[-1].strip()

    def matches(self, typed: str) -> list[Contact]:
        wanted = fold(typed)
        if not wanted or typed in self.known:
            return []
        found = [c for c in self.everyone if not c.archived and wanted in fold(c.name)]
        found.sort(key=lambda c: (not fold(c.name).startswith(wanted), fold(c.name), c.id))
        return found[:LIMIT]

    def watch_value(self, value: str) -> None:
        if not self.is_mounted:
            return
        found = self.matches(self._last_part())
        menu = self.menu
        menu.set_options(Option(self._option_text(c), id=c.id) for c in found)
        menu.display = bool(found)
        if found:
            menu.highlighted = 0

    def _option_text(self, c: Contact) -> Text:
        text = Text(visible(c.name), style="bold")
        where = " · ".join(visible(x) for x in (c.title, c.org) if x)
        text.append(f"  {where}  ({c.id})" if where else f"  ({c.id})", style="dim")
        return text

    def action_suggest(self, step: int) -> None:
        menu = self.menu
        if menu.display and menu.option_count:
            menu.highlighted = ((menu.highlighted or 0) + step) % menu.option_count

    def action_pick(self) -> None:
        """Tab: take the highlighted match; with no list showing, move on like tab always does."""
        if not self.pick_highlighted():
            self.screen.focus_next()

    def pick_highlighted(self) -> bool:
        menu = self.menu
        if not menu.display or menu.highlighted is None:
            return False
        option_id = menu.get_option_at_index(menu.highlighted).id
        contact = next((c for c in self.everyone if c.id == option_id), None)
        if contact is None:
            return False
        label = self._label(contact)
        self.known[label] = contact
        before = self.value.rsplit(",", 1)[0] + ", " if "," in self.value else ""
        self.value = before + label
        self.cursor_position = len(self.value)
        menu.display = False
        return True

    async def action_submit(self) -> None:
        """Enter picks while the list is open; otherwise it submits the form as usual."""
        if not self.pick_highlighted():
            await super().action_submit()

    def on_blur(self) -> None:
        if self.is_mounted:
            self.menu.display = False

    # Reading ----------------------------------------------------------------------
    def people(self) -> list[Contact]:
        """The people named; NetcrmError (with the candidates) when a name is ambiguous or unknown."""
        found: list[Contact] = []
        for part in split_names(self.value):
            found.append(self._person(part))
        if not found:
            raise NetcrmError("name at least one person")
        return found

    def _person(self, part: str) -> Contact:
        if part in self.known:
            return self.known[part]
        tagged = _WITH_ID.match(part)
        if tagged:
            contact = next((c for c in self.everyone if c.id == tagged["id"]), None)
            if contact is not None:
                return contact
        return resolve(self.everyone, part)


def people_menu(field_id: str) -> OptionList:
    """The completion list shown under a PeopleInput (hidden until something matches)."""
    menu = OptionList(id=f"{field_id}-menu", classes="people-menu")
    menu.can_focus = False
    menu.display = False
    return menu
