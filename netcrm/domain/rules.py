"""The rules that decide a contact's fields, each in one place.

Every way a person comes in (the CLI, the app's form, `netcrm edit`, a YAML
folder, a vCard, a LinkedIn export) goes through `check_contact`, so what one
entry point refuses no other can store. The type checks (a cadence is a number
of days, a birthday a date) live on the `Contact` struct; these are the checks
msgspec cannot express. Who is internal is decided here too; cadence (person,
then tag, then circle) is `warmth.Cadences.for_contact`.
"""

from __future__ import annotations

import functools
import zoneinfo

from netcrm.domain.bounds import check_fields
from netcrm.domain.lookup import fold
from netcrm.domain.model import Contact
from netcrm.errors import NetcrmError


class FieldProblem(NetcrmError):
    """One field of a record breaks a rule; `field` names it ("emails[1]" for a list item)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", field=field.split("[")[0])
        self.path = field
        self.problem = message


@functools.lru_cache(maxsize=4096)
def _folded(name: str) -> str:
    """Organisation names repeat: fold each spelling once."""
    return fold(name.strip())


def same_organisation(a: str, b: str) -> bool:
    """"ACME", "Acme " and "ACMÉ" are one organisation."""
    return bool(a.strip() and b.strip()) and _folded(a) == _folded(b)


def circle_for(org: str, own: str) -> str:
    """The circle a new person starts in: internal when they work at your own organisation."""
    return "internal" if same_organisation(org, own) else "external"


def is_internal(circle: str, org: str, own: str) -> bool:
    """Your own organisation's people: by name when both are known, else by circle."""
    if own.strip() and org.strip():
        return same_organisation(org, own)
    return circle == "internal"


@functools.lru_cache(maxsize=1024)
def known_time_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def contact_problems(contact: Contact, before: Contact | None = None) -> list[FieldProblem]:
    """Every rule `contact` breaks, in field order (empty when it is fine).

    Values equal to `before`'s (the stored record being changed) are not judged
    again: what an older version stored must not block a snooze or an archive.
    """
    found = []
    try:  # clean text, real birthdays, email syntax: domain.bounds, the one place for them
        check_fields(contact, before)
    except NetcrmError as exc:
        path = exc.field or "name"
        found.append(FieldProblem(path, str(exc).removeprefix(f"{path}: ")))
    same_zone = before is not None and contact.timezone == before.timezone
    if contact.timezone and not same_zone and not known_time_zone(contact.timezone):
        found.append(
            FieldProblem("timezone", f"unknown time zone, expected one like Europe/Berlin (got {contact.timezone!r})")
        )
    return found


def check_contact(contact: Contact, before: Contact | None = None) -> Contact:
    """`contact` when it keeps every rule; else the first FieldProblem."""
    problems = contact_problems(contact, before)
    if problems:
        raise problems[0]
    return contact
