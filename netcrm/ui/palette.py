"""ctrl+p: jump to anyone by typing part of their name (actions come from keys.ACTIONS)."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider

from netcrm.domain.search import SearchIndex, parse_query

LIMIT = 20


class PeopleProvider(Provider):
    """Jump-to-person hits, found with the same index the list filter uses."""

    async def search(self, query: str) -> Hits:
        screen = self.app.main  # type: ignore[attr-defined]
        index: SearchIndex = screen.index
        parsed = parse_query(query)
        if not parsed:
            return
        for position in index.matches(parsed)[:LIMIT]:
            contact = index.contacts[position]
            label = f"Go to {contact.name}"
            where = " · ".join(x for x in (contact.title, contact.department, contact.org) if x)
            yield Hit(1.0, label, partial(screen.go_to, contact.id), help=where or None)
