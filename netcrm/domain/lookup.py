"""Finding a person from what a user types: an id, a full name or a unique part of one."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Protocol, TypeVar

import msgspec

from netcrm.errors import NetcrmError, NotFound

# Letters that do not decompose into a base letter plus an accent.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ı": "i", "þ": "th"})


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Zoë Ødegård" -> "zoe odegard"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return _COMBINING.sub("", decomposed).translate(_FOLD)


def slugify(name: str) -> str:
    # Letters of any script survive (a Japanese name keeps a readable id); punctuation becomes "-".
    slug = re.sub(r"[\W_]+", "-", fold(name)).strip("-")
    return slug or "person"


def unique_slug(name: str, taken: set[str] | dict[str, object]) -> str:
    base = slugify(name)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class Ambiguous(NetcrmError):
    """More than one person matches; the message lists them."""


class Named(msgspec.Struct):
    """What finding a person needs, and no more: the storage decodes just these fields of
    every contact to resolve a name, then the one contact that matched."""

    id: str
    name: str
    aka: list[str] = []
    archived: bool = False


class Findable(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aka(self) -> list[str]: ...
    @property
    def archived(self) -> bool: ...


P = TypeVar("P", bound=Findable)


def resolve(contacts: Iterable[P], query: str, include_archived: bool = True) -> P:
    """The one person `query` names: their exact id, else a unique full or partial name (or aka)."""
    people = [c for c in contacts if include_archived or not c.archived]
    wanted = fold(query.strip())
    if not wanted:
        raise NetcrmError("empty name")
    for c in people:
        if c.id == query.strip():
            return c
    exact = [c for c in people if fold(c.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [c for c in people if wanted in fold(c.name)]
    if not partial:  # another name they go by ("Bob" for Robert, a maiden name)
        partial = [c for c in people if any(wanted in fold(a) for a in c.aka)]
    if not partial:
        raise NotFound(f"no one called {query!r}")
    if len(partial) > 1:
        active = [c for c in partial if not c.archived]
        if len(active) == 1:
            return active[0]
        shown = ", ".join(f"{c.name} ({c.id})" for c in partial[:8])
        more = f" and {len(partial) - 8} more" if len(partial) > 8 else ""
        raise Ambiguous(f"{query!r} matches {len(partial)} people: {shown}{more}; use the id")
    return partial[0]
