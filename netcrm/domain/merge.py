"""Rules for recognising one person in two records and combining them without losing anything.

Identity comes first from things only one person has (an email address, a
LinkedIn profile, the UID an address book gave the card), then from the
name. Merging keeps what the user already had: lists are united, a scalar
keeps the existing value unless it is empty, notes from both sides are kept.
Pure functions and an index built once, so an import of n people is O(n).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

import msgspec

from netcrm.domain.lookup import fold
from netcrm.domain.model import STAGES, Contact
from netcrm.domain.names import compatible

LIST_FIELDS = ("tags", "skills", "asks", "offers", "interests", "goals", "emails", "phones", "links", "family")
# Scalars where "empty" is the field's default and the existing value wins otherwise.
SCALAR_FIELDS = (
    "org", "department", "title", "location", "timezone", "how_met", "met_on",
    "introduced_by", "birthday", "cadence", "snoozed_until", "given_name", "family_name", "call_name",
)  # fmt: skip


NAME_PARTS = frozenset({"given_name", "family_name", "call_name"})


def email_key(email: str) -> str:
    return email.strip().casefold()


def url_key(url: str) -> str:
    """A URL without scheme, "www.", query or trailing slash: the same profile however it is written."""
    text = url.strip().casefold()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = re.sub(r"^www\.", "", text)
    return re.split(r"[?#]", text, maxsplit=1)[0].rstrip("/")


def is_linkedin(url: str) -> bool:
    return url_key(url).startswith(("linkedin.com/in/", "linkedin.com/pub/"))


def identity_keys(contact: Contact) -> list[str]:
    """Keys that name exactly one person: emails, profile links and external ids."""
    keys = [f"email:{email_key(e)}" for e in contact.emails if e.strip()]
    keys += [f"url:{url_key(u)}" for u in contact.links if is_linkedin(u)]
    keys += [f"id:{x}" for x in contact.external_ids]
    return keys


def linkedin_profiles(contact: Contact) -> set[str]:
    return {url_key(u) for u in contact.links if is_linkedin(u)}


_NOT_DIGIT = re.compile(r"\D")


def phone_digits(phone: str) -> str:
    """The last nine digits of a number, label dropped: "+44 20 7946 0958 (work)" -> "079460958"."""
    return _NOT_DIGIT.sub("", phone.split(" (", 1)[0])[-9:]


def disagreement(a: Contact, b: Contact) -> str:
    """What says two same-named records are two people ("" when nothing does)."""
    if a.org.strip() and b.org.strip() and not same_org(a.org, b.org):
        return f"works at {b.org}, not {a.org}"
    mine, theirs = {email_key(e) for e in a.emails}, {email_key(e) for e in b.emails}
    if mine and theirs and not mine & theirs:
        return "different email addresses"
    mine = {d for p in a.phones if (d := phone_digits(p))}
    theirs = {d for p in b.phones if (d := phone_digits(p))}
    if mine and theirs and not mine & theirs:
        return "different phone numbers"
    return ""


def _no_name(contact: Contact) -> bool:
    """A card with no name is named after its email address: that name says nothing."""
    return "@" in contact.name and len(contact.name.split()) == 1


class Match(NamedTuple):
    contact: Contact | None
    by: str  # "email", "url", "id", "name" or ""
    # Records that looked like this person but were kept apart, each with the reason.
    apart: list[tuple[Contact, str]]


class MatchIndex:
    """Existing people by identity key and by folded name, kept current as an import proceeds."""

    def __init__(self, contacts: Iterable[Contact] = ()) -> None:
        self.by_key: dict[str, list[str]] = defaultdict(list)
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.contacts: dict[str, Contact] = {}
        for contact in contacts:
            self.add(contact)

    def add(self, contact: Contact) -> None:
        old = self.contacts.get(contact.id)
        if old is not None:
            self.by_name[fold(old.name)].discard(contact.id)
        self.contacts[contact.id] = contact
        for key in identity_keys(contact):
            if contact.id not in self.by_key[key]:
                self.by_key[key].append(contact.id)
        self.by_name[fold(contact.name)].add(contact.id)

    def match(self, incoming: Contact) -> Match:
        """The existing person `incoming` is, why we think so, and who was kept apart.

        A LinkedIn profile or an address book's UID names one person whatever the name says.
        An email address does only when the names can be one person's: a `team@` address on
        cards with different names is shared, not an identity. A name alone merges only when
        nothing (company, emails, phones) says these are two people.
        """
        apart: list[tuple[Contact, str]] = []
        for key in identity_keys(incoming):
            kind = key.split(":", 1)[0]
            for found in self.by_key.get(key, ()):
                existing = self.contacts[found]
                if kind != "email" or _no_name(existing) or _no_name(incoming):
                    return Match(existing, kind, [])
                if compatible(existing.name, incoming.name):
                    return Match(existing, kind, [])
                pair = (existing, f"shares {key.split(':', 1)[1]} with a different name")
                if pair not in apart:
                    apart.append(pair)
        same = [self.contacts[i] for i in self.by_name.get(fold(incoming.name), ())]
        mine = linkedin_profiles(incoming)
        # Two different LinkedIn profiles are two different people, whatever their names.
        same = [c for c in same if not (mine and linkedin_profiles(c) and not mine & linkedin_profiles(c))]
        agree = []
        for existing in same:
            why = disagreement(existing, incoming)
            if why:
                apart.append((existing, f"same name, {why}"))
            else:
                agree.append(existing)
        if len(agree) == 1:
            return Match(agree[0], "name", apart)
        return Match(None, "", apart)


def _union(mine: list[str], theirs: list[str], key: Any = str.casefold) -> list[str]:
    seen = {key(v) for v in mine}
    out = list(mine)
    for value in theirs:
        if key(value) not in seen:
            seen.add(key(value))
            out.append(value)
    return out


def _join_notes(mine: str, theirs: str) -> str:
    mine, theirs = mine.strip(), theirs.strip()
    if not theirs or theirs in mine:
        return mine
    if not mine or mine in theirs:
        return theirs
    return f"{mine}\n\n{theirs}"


def _later(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    return max(a, b) if a and b else a or b


def merge_contacts(kept: Contact, other: Contact) -> Contact:
    """`kept` completed from `other`: nothing `kept` had is dropped or overwritten."""
    changes: dict[str, Any] = {}
    for name in LIST_FIELDS:
        key = url_key if name == "links" else email_key if name == "emails" else str.casefold
        merged = _union(getattr(kept, name), getattr(other, name), key)
        if merged != getattr(kept, name):
            changes[name] = merged
    same_name = fold(kept.name) == fold(other.name)
    for name in SCALAR_FIELDS:
        if name in NAME_PARTS and not same_name:
            continue  # "Annie" from an "Annie Lee" card is not what to call "Ann Lee"
        if getattr(kept, name) in (None, "") and getattr(other, name) not in (None, ""):
            changes[name] = getattr(other, name)
    aka = kept.aka
    for name in (*other.aka, other.name):
        aka = alias_of(aka, kept.name, name)
    if aka != kept.aka:
        changes["aka"] = aka
    xids = list(dict.fromkeys([*kept.external_ids, *other.external_ids]))
    if xids != kept.external_ids:
        changes["external_ids"] = xids
    notes = _join_notes(kept.notes, other.notes)
    if notes != kept.notes:
        changes["notes"] = notes
    if STAGES.index(other.stage) > STAGES.index(kept.stage):
        changes["stage"] = other.stage
    last = _later(kept.last_touch, other.last_touch)
    if last != kept.last_touch:
        changes["last_touch"] = last
    if kept.created and other.created and other.created < kept.created:
        changes["created"] = other.created
    return msgspec.structs.replace(kept, **changes) if changes else kept


def alias_of(aka: list[str], name: str, other: str) -> list[str]:
    """`aka` with `other` added when it is a different name (not just another case or accent)."""
    other = " ".join(other.split())
    if not other or fold(other) == fold(name) or any(fold(other) == fold(a) for a in aka):
        return aka
    if "@" in other and len(other.split()) == 1:  # a card named after its address
        return aka
    return [*aka, other]


def changed_fields(before: Contact, after: Contact) -> list[str]:
    return [f for f in before.__struct_fields__ if f != "updated" and getattr(before, f) != getattr(after, f)]


_LEGAL_FORMS = {"inc", "ltd", "llc", "gmbh", "ag", "corp", "corporation", "co", "company", "plc", "sa", "bv", "the"}


def same_org(a: str, b: str) -> bool:
    """One company however it is written: "Globex" and "Globex Corp."; not "Acme" and "Initech"."""
    words_a = [w for w in re.findall(r"\w+", fold(a)) if w not in _LEGAL_FORMS]
    words_b = [w for w in re.findall(r"\w+", fold(b)) if w not in _LEGAL_FORMS]
    shorter, longer = sorted((words_a, words_b), key=len)
    return bool(shorter) and longer[: len(shorter)] == shorter


def job_change(old_org: str, old_title: str, new_org: str, new_title: str) -> str:
    """A timeline line for a changed company or position ("" when nothing news-worthy changed)."""
    new_org, new_title = new_org.strip(), new_title.strip()
    if not new_org and not new_title:
        return ""
    if new_org and old_org and not same_org(new_org, old_org):
        return f"Moved from {old_org} to {new_org}" + (f" as {new_title}" if new_title else "")
    if new_title and fold(new_title) != fold(old_title) and (old_title or old_org):
        at = old_org or new_org  # same company: keep the spelling the user knows
        return f"New role: {new_title}" + (f" at {at}" if at else "")
    return ""
