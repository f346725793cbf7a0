"""The live filter behind `/`: free words plus `field:value` terms.

"ana fin" keeps people whose name (or other names), organisation, department, title, tags or
skills contain both words; "tag:mentor dept:finance" narrows by field;
"is:archived" searches the archive, "is:snoozed" and "is:cold" keep people in
that state (applied by `services.directory`, which knows today and the cadences).
Matching is case- and accent-insensitive, and names are also found by their Latin
spelling ("ivan" finds "Иван", "mueller" finds "Müller"). The index folds every contact's
text once, so a keystroke is a few thousand substring checks, not a rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from netcrm.domain.lookup import fold
from netcrm.domain.model import Contact
from netcrm.domain.translit import name_forms

# What a user may type before the colon -> the contact field it searches.
FIELDS = {
    "name": "name",
    "aka": "aka",
    "org": "org",
    "dept": "department",
    "department": "department",
    "title": "title",
    "tag": "tags",
    "tags": "tags",
    "skill": "skills",
    "skills": "skills",
    "ask": "asks",
    "asks": "asks",
    "offer": "offers",
    "interest": "interests",
    "circle": "circle",
    "stage": "stage",
    "city": "location",
    "location": "location",
}
ARCHIVED = "is:archived"
# "is:<state>" terms that depend on today; the index leaves them to `services.directory`.
STATES = ("snoozed", "cold")


@dataclass(frozen=True, slots=True)
class Query:
    words: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    archived: bool = False  # "is:archived": search the archive instead of the active network
    states: tuple[str, ...] = ()  # "is:snoozed", "is:cold"

    def __bool__(self) -> bool:
        return bool(self.words or self.fields or self.archived or self.states)

    def narrows(self, other: Query) -> bool:
        """True when every match of self is a match of `other` (typing on refines a search).

        Then the new search only has to look through the previous results.
        """
        if self.archived != other.archived:
            return False
        return all(any(old in new for new in self.words) for old in other.words) and all(
            any(name == old_name and old in value for name, value in self.fields) for old_name, old in other.fields
        )


def parse_query(text: str) -> Query:
    words: list[str] = []
    fields: list[tuple[str, str]] = []
    archived = False
    states: list[str] = []
    for token in text.split():
        key, sep, value = token.partition(":")
        if token.lower() == ARCHIVED:
            archived = True
        elif key.lower() == "is" and value.lower() in STATES:
            if value.lower() not in states:
                states.append(value.lower())
        elif sep and key.lower() in FIELDS:
            if value:
                fields.append((FIELDS[key.lower()], fold(value)))
        else:
            words.append(fold(token))
    return Query(tuple(words), tuple(fields), archived, tuple(states))


def _names(contact: Contact) -> list[str]:
    """The name and other names in every form people type (`translit.name_forms`)."""
    forms = name_forms(contact.name)
    for other in contact.aka:
        forms += name_forms(other)
    return forms


def _folded(contact: Contact, field: str) -> str:
    if field == "name":
        return "\n".join(name_forms(contact.name))
    if field == "aka":
        return "\n".join(form for other in contact.aka for form in name_forms(other))
    return fold(_text(contact, field))


def _text(contact: Contact, field: str) -> str:
    value = getattr(contact, field)
    if isinstance(value, list):
        return "\n".join(value)
    return str(value or "")


class SearchIndex:
    """Folded text of each contact, in the order the list shows them."""

    def __init__(self, contacts: Sequence[Contact]) -> None:
        self.contacts = list(contacts)
        self._free_text: list[str] | None = None
        self._fields: dict[str, list[str]] = {}

    def prepare(self) -> None:
        """Fold everyone's text now rather than on the first keystroke."""
        self._free  # noqa: B018

    @property
    def _free(self) -> list[str]:
        if self._free_text is None:
            self._free_text = [_free_words(c) for c in self.contacts]
        return self._free_text

    def _field(self, name: str) -> list[str]:
        column = self._fields.get(name)
        if column is None:
            column = self._fields[name] = [_folded(c, name) for c in self.contacts]
        return column

    def matches(self, query: Query, within: Sequence[int] | None = None) -> list[int]:
        """Positions of the contacts that match every word and every field term.

        `within`: positions already known to hold every match (see `Query.narrows`).
        """
        positions: Sequence[int] = range(len(self.contacts)) if within is None else within
        free = self._free
        for word in query.words:
            positions = [i for i in positions if word in free[i]]
        for name, value in query.fields:
            column = self._field(name)
            positions = [i for i in positions if value in column[i]]
        return list(positions)

    # Following a change: one person in or out costs one row of each folded column, not a rebuild.
    def insert(self, position: int, contact: Contact) -> None:
        self.contacts.insert(position, contact)
        if self._free_text is not None:
            self._free_text.insert(position, _free_words(contact))
        for name, column in self._fields.items():
            column.insert(position, _folded(contact, name))

    def remove(self, position: int) -> None:
        del self.contacts[position]
        if self._free_text is not None:
            del self._free_text[position]
        for column in self._fields.values():
            del column[position]


def _free_words(contact: Contact) -> str:
    """What free words search (the help screen says so)."""
    c = contact
    return "\n".join((*_names(c), fold("\n".join((c.org, c.department, c.title, *c.tags, *c.skills)))))
