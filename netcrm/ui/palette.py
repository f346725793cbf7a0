"""ctrl+p: jump to anyone by typing part of their name (actions come from keys.ACTIONS)."""

from __future__ import annotations

from functools import partial
from typing import Protocol, runtime_checkable

from rich.text import Text
from textual.command import Hit, Hits, Provider

from netcrm.domain.search import parse_query
from netcrm.services.directory import Directory
from netcrm.ui.shown import shown

LIMIT = 20


@runtime_checkable
class ShowsPeople(Protocol):
    """What the palette needs of the screen it jumps on (the main screen): its list, and a way to select."""

    directory: Directory

    def go_to(self, contact_id: str) -> None: ...


class PeopleProvider(Provider):
    """Jump-to-person hits: the same people, in the same order, as the list shows for the query."""

    async def search(self, query: str) -> Hits:
        screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, ShowsPeople)), None)
        parsed = parse_query(query)
        if screen is None or not parsed or screen.directory.light:
            return  # (light: only names and warmth are read yet; the palette asks again per keystroke)
        for row in screen.directory.search(parsed, limit=LIMIT).rows:
            contact = row.contact
            label = Text(f"Go to {shown(contact.name)}")
            where = shown(" · ".join(x for x in (contact.title, contact.department, contact.org) if x))
            yield Hit(1.0, label, partial(screen.go_to, contact.id), help=where or None)
