"""ctrl+p: jump to anyone by typing part of their name (actions come from keys.ACTIONS)."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import Hit, Hits, Provider

from netcrm.domain.search import parse_query
from netcrm.services.directory import Directory
from netcrm.ui.shown import shown

LIMIT = 20


class PeopleProvider(Provider):
    """Jump-to-person hits: the same people, in the same order, as the list shows for the query."""

    async def search(self, query: str) -> Hits:
        screen = self.app.main  # type: ignore[attr-defined]  # App is not NetcrmApp to the checker; the palette only runs inside it
        directory: Directory = screen.directory
        parsed = parse_query(query)
        if not parsed:
            return
        for row in directory.search(parsed, limit=LIMIT).rows:
            contact = row.contact
            label = Text(f"Go to {shown(contact.name)}")
            where = shown(" · ".join(x for x in (contact.title, contact.department, contact.org) if x))
            yield Hit(1.0, label, partial(screen.go_to, contact.id), help=where or None)
