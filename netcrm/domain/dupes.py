"""Possible duplicates: records that may be one person, for the user to merge or tell apart.

Comparing every pair of 30,000 people is 450 million comparisons; instead
people are put in small buckets by what a duplicate would share (the
longest word of the name, exactly or with one typo, with another word's
initial; the email's local part without dots
or "+tags", the phone's last digits), and only people sharing a bucket are
compared, with rapidfuzz (C++) for the name similarity. A bucket that holds
hundreds of people says nothing about any two of them and is not used.

A pair is listed when its score (name similarity, raised by a shared email
name or phone, lowered by different companies) reaches `THRESHOLD`; pairs the
user marked as different people never come back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz.fuzz import ratio, token_set_ratio

from netcrm.domain.lookup import fold
from netcrm.domain.merge import email_key, phone_digits, same_org
from netcrm.domain.model import Contact
from netcrm.domain.names import compatible

THRESHOLD = 85.0
SHARED_EMAIL = 15.0  # the same email name ("jsmith") on both
# The very same address: an import kept such records apart only because the names differ
# ("Bobby Smith" and "Robert Smith" on rob@...), so they are listed unless the names have
# little in common (a shared team@ address on "Jane Doe" and "Bob Stone" is not).
SHARED_ADDRESS = 25.0
SHARED_PHONE = 15.0
OTHER_ORG = 10.0
COMPATIBLE = 88.0  # one name is the other's words, initials or short forms: "K. Lee", "Kim Lee"  # both name a company, and not the same one
BIGGEST_BUCKET = 300  # more people than this share a key: it tells nothing about a pair


@dataclass(slots=True)
class Duplicate:
    a: Contact
    b: Contact
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Person:
    contact: Contact
    name: str  # folded words, sorted: order-blind ("Nguyen Thi Mai" == "Mai Nguyen Thi")
    words: tuple[str, ...]
    locals: frozenset[str]
    addresses: frozenset[str]
    phones: frozenset[str]
    initials: bool  # a one-letter word: "J. Smith"


_WORD = re.compile(r"\w+")
_NOT_IN_EMAIL_NAME = str.maketrans("", "", "._-")


def email_name(email: str) -> str:
    """The part of an address that names a person: "J.Smith+news@x.org" -> "jsmith"."""
    local = email.strip().casefold().split("@", 1)[0].split("+", 1)[0]
    return local.translate(_NOT_IN_EMAIL_NAME)


def _person(contact: Contact) -> _Person:
    words = tuple(_WORD.findall(fold(contact.name)))
    emails = frozenset(n for e in contact.emails if len(n := email_name(e)) >= 3) if contact.emails else frozenset()
    addresses = frozenset(email_key(e) for e in contact.emails if "@" in e) if contact.emails else frozenset()
    phones = frozenset(d for p in contact.phones if len(d := phone_digits(p)) >= 6) if contact.phones else frozenset()
    initials = any(len(w) == 1 for w in words)
    return _Person(contact, " ".join(sorted(words)), words, emails, addresses, phones, initials)


_VOWELS_H = str.maketrans("", "", "aeiouyh")


def _skeleton(word: str) -> str:
    """Consonants without repeats: the part of a name that typos and spellings rarely change."""
    bare = word.translate(_VOWELS_H)
    return "~" + "".join(c for k, c in enumerate(bare) if not k or c != bare[k - 1])


def _keys(person: _Person) -> set[str]:
    """Buckets a duplicate would share.

    The longest word (usually the family name), as written or as its consonant skeleton (so
    "Smith" and "Smyth" meet at "smth", "Philips" and "Phillips" at "plps"), with another
    word's initial: "J. Smith", "Jon Smith" and
    "John Smith" meet at smith|j; "Mai Nguyen" and "Nguyen Thi Mai" at nguyen|m. A short
    word (2-3 letters, "Li") with the start of the longest: "Chris Li" and "Christopher Li".
    Given names are too common to be a bucket on their own.
    """
    words = person.words
    keys = {f"e:{n}" for n in person.locals} | {f"p:{d}" for d in person.phones}
    if len(words) == 1:
        keys.add(f"n:{words[0]}")
        return keys
    longest = max(words, key=len)
    forms = {longest, _skeleton(longest)}
    for other in words:
        if other is longest:
            continue
        keys.update(f"n:{form}|{other[0]}" for form in forms)
        if 1 < len(other) <= 3:
            keys.add(f"s:{other}|{longest[:2]}")
    return keys


def _score(x: _Person, y: _Person) -> tuple[float, list[str]] | None:
    """How likely two people are one, with the reasons in words; None below THRESHOLD (the
    cheap checks come first and the name similarity is cut off early: this runs 100,000s of times)."""
    shared = not x.locals.isdisjoint(y.locals)
    address = shared and not x.addresses.isdisjoint(y.addresses)
    phones = not x.phones.isdisjoint(y.phones)
    bonus = (SHARED_ADDRESS if address else SHARED_EMAIL if shared else 0.0) + (SHARED_PHONE if phones else 0.0)
    cutoff = THRESHOLD - bonus
    similar = ratio(x.name, y.name, score_cutoff=cutoff)  # names are stored word-sorted: a token sort ratio
    if not similar and len(x.words) > 1 and len(y.words) > 1:  # "Mai Nguyen" is within "Nguyen Thi Mai"
        similar = max(token_set_ratio(x.name, y.name, score_cutoff=cutoff + 5) - 5, 0)
    fits = not similar and (x.initials or y.initials) and compatible(x.contact.name, y.contact.name)
    if fits:  # "J. Smith" and "Jane Smith"
        similar = COMPATIBLE
    if not similar:
        return None
    a, b = x.contact, y.contact
    score = similar + bonus
    reasons = ["same name" if x.name == y.name else "one name has the other's initials" if fits
               else f"names alike ({round(similar)}%)"]
    if address:
        reasons.append(f"same email address {min(x.addresses & y.addresses)}")
    elif shared:
        reasons.append(f"same email name {min(x.locals & y.locals)!r}")
    if phones:
        reasons.append(f"same phone ending {min(x.phones & y.phones)[-4:]}")
    if a.org.strip() and b.org.strip() and not same_org(a.org, b.org):
        score -= OTHER_ORG
        reasons.append(f"but {a.org} and {b.org}")
    return (min(score, 100.0), reasons) if score >= THRESHOLD else None


def _keeper(contact: Contact) -> tuple[float, float, int, int, str]:
    """The record to keep comes first: the one you were in touch with, the older one, the
    one that knows more, the fuller name."""
    last = contact.last_touch.timestamp() if contact.last_touch else 0.0
    created = contact.created.timestamp() if contact.created else float("inf")
    filled = sum(1 for f in contact.__struct_fields__ if getattr(contact, f) not in (None, "", [], False))
    return (-last, created, -filled, -len(contact.name), contact.id)


def possible_duplicates(
    contacts: Iterable[Contact], different: Iterable[tuple[str, str]] = (), limit: int | None = None
) -> list[Duplicate]:
    """Likely pairs, best first; `different` holds (id, id) pairs the user said are two people."""
    people = [_person(c) for c in contacts if not c.archived]
    people.sort(key=lambda p: p.contact.id)
    # Most keys belong to one person: keep an index for those, a list only from the second
    # (300,000 one-element lists cost more than all the comparisons).
    first: dict[str, int] = {}
    shared: dict[str, list[int]] = {}
    for i, person in enumerate(people):
        for key in _keys(person):
            j = first.setdefault(key, i)
            if j != i:
                shared.setdefault(key, [j]).append(i)
    ruled = {tuple(sorted(pair)) for pair in different}
    pairs: set[tuple[int, int]] = set()
    for members in shared.values():
        if len(members) <= BIGGEST_BUCKET:
            pairs.update(combinations(members, 2))  # members are in id order: (i, j) with i < j
    found: list[Duplicate] = []
    for i, j in pairs:
        x, y = people[i], people[j]
        scored = _score(x, y)
        if scored is not None and (x.contact.id, y.contact.id) not in ruled:
            a, b = sorted((x.contact, y.contact), key=_keeper)
            found.append(Duplicate(a, b, *scored))
    found.sort(key=lambda d: (-d.score, d.a.id, d.b.id))
    return found[:limit] if limit is not None else found
