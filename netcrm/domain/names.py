"""People's names as people use them: what to call someone, and whether two names can be one person.

A source that knows the parts (vCard `N`, LinkedIn's First/Last Name) is
trusted; a name the user set to "call them" wins over everything. Otherwise
the display name is parsed by `nameparser` (titles, suffixes, "Family, Given"),
and a known family name at the front ("Nguyễn Thị Mai") is read family-first.
"""

from __future__ import annotations

import functools
import re

from netcrm.domain.lookup import fold
from netcrm.domain.model import Contact


def tokens(name: str) -> list[str]:
    """Folded words of a name: "Zoë O'Neil-Ward" -> ["zoe", "o", "neil", "ward"]."""
    return re.findall(r"\w+", fold(name))


def compatible(a: str, b: str) -> bool:
    """True when two names can be one person's: every word of the shorter is a word of the
    longer, its initial or its short form ("Ann" for "Annie"). "Mai Nguyen" and "Nguyễn Thị Mai",
    "J. Smith" and "Jane Smith" are; "Bob Smith" and "Alice Jones" or "John Smith" and
    "Jane Smith" are not."""
    short, long = sorted((tokens(a), tokens(b)), key=len)
    if not short:
        return False
    left = list(long)
    for word in short:
        hit = next((w for w in left if _same_word(word, w)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def _same_word(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) == 1 or len(short) >= 3) and long.startswith(short)


@functools.lru_cache(maxsize=16384)
def _parsed_first(name: str) -> str:
    from nameparser import HumanName

    first = HumanName(name).first
    return first or (name.split() or [name])[0]


def call_name(contact: Contact) -> str:
    """The name to greet someone by: "call them", else the source's given name, else parsed."""
    if contact.call_name.strip():
        return contact.call_name.strip()
    if contact.given_name.strip():
        return contact.given_name.strip()
    words = contact.name.split()
    family = contact.family_name.strip()
    if family and len(words) > 1 and fold(" ".join(words[: len(family.split())])) == fold(family):
        return words[-1]  # family name first: "Nguyễn Thị Mai" -> "Mai"
    if "@" in contact.name and len(words) == 1:
        return contact.name
    return _parsed_first(contact.name)
