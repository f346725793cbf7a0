"""Possible duplicates, best first: `m` merges the pair (the first is kept), `n` says they are two people.

"Two people" is remembered in the database, so the pair never comes back.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from netcrm.domain.dupes import Duplicate
from netcrm.domain.model import Contact
from netcrm.domain.text import visible
from netcrm.errors import NetcrmError
from netcrm.services.dupes import duplicates, mark_different, merge_pair
from netcrm.ui.screens.pair_list import PairListScreen

LIMIT = 100


def _who(contact: Contact) -> str:
    where = " · ".join(x for x in (contact.title, contact.org) if x)
    details = ", ".join([*contact.emails[:1], *contact.phones[:1]])
    return visible(" — ".join(x for x in (f"{contact.name} ({contact.id})", where, details) if x))


def duplicate_text(d: Duplicate) -> Text:
    text = Text()
    text.append(_who(d.a), style="bold")
    text.append(f"   {round(d.score)}%", style="cyan")
    text.append("\n  =? ")
    text.append(_who(d.b), style="bold")
    text.append(f"\n  {visible('; '.join(d.reasons))}", style="yellow")
    text.append("\n")  # a blank line between pairs
    return text


class DupesScreen(PairListScreen[Duplicate]):
    BINDINGS = [
        Binding("m", "merge", "Merge (keep the first)"),
        Binding("n", "different", "Two people"),
        Binding("escape", "close", "Close"),
    ]

    def load(self) -> list[Duplicate]:
        return duplicates(self.ws, LIMIT)

    def draw(self, pair: Duplicate) -> Text:
        return duplicate_text(pair)

    def heading(self) -> str:
        if self.found:
            return f"{len(self.found)} possible duplicates: m merges (the first is kept), n says they are two people"
        return "no possible duplicates"

    def action_merge(self) -> None:
        pair = self.current()
        if pair is None:
            return
        try:
            result = merge_pair(self.ws, pair.a, pair.b)
        except NetcrmError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.changed = True
        self.app.notify(visible(f"merged {result.removed.name} into {result.contact.name}"))
        self.reload_pairs()

    def action_different(self) -> None:
        pair = self.current()
        if pair is None:
            return
        mark_different(self.ws, pair.a, pair.b)
        self.changed = True
        self.app.notify(visible(f"{pair.a.name} and {pair.b.name} are two people; not listed again"))
        self.reload_pairs()
