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
from typing import Any

import msgspec

from netcrm.domain.lookup import fold
from netcrm.domain.model import STAGES, Contact

LIST_FIELDS = ("tags", "skills", "asks", "offers", "interests", "goals", "emails", "phones", "links", "family")
# Scalars where "empty" is the field's default and the existing value wins otherwise.
SCALAR_FIELDS = (
    "org", "department", "title", "location", "timezone", "how_met", "met_on",
    "introduced_by", "birthday", "cadence", "snoozed_until",
)  # fmt: skip


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


class MatchIndex:
    """Existing people by identity key and by folded name, kept current as an import proceeds."""

    def __init__(self, contacts: Iterable[Contact] = ()) -> None:
        self.by_key: dict[str, str] = {}
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
            self.by_key.setdefault(key, contact.id)
        self.by_name[fold(contact.name)].add(contact.id)

    def match(self, incoming: Contact) -> tuple[Contact | None, str]:
        """The existing person `incoming` is, and why we think so ("" when no one)."""
        for key in identity_keys(incoming):
            found = self.by_key.get(key)
            if found is not None:
                return self.contacts[found], key.split(":", 1)[0]
        same = [self.contacts[i] for i in self.by_name.get(fold(incoming.name), ())]
        mine = linkedin_profiles(incoming)
        # Two different LinkedIn profiles are two different people, whatever their names.
        same = [c for c in same if not (mine and linkedin_profiles(c) and not mine & linkedin_profiles(c))]
        if len(same) == 1:
            return same[0], "name"
        return None, ""


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
    for name in SCALAR_FIELDS:
        if getattr(kept, name) in (None, "") and getattr(other, name) not in (None, ""):
            changes[name] = getattr(other, name)
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
