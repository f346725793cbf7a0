"""A netcrm contact as a vCard 4.0 (RFC 6350) and back, losing nothing.

Address books show the standard properties (FN, N, ORG with the department,
TITLE, EMAIL, TEL, BDAY, NOTE, CATEGORIES for tags, URL, RELATED for who
introduced the person, REV); what only a CRM keeps (circle, stage, cadence,
skills, asks...) travels as `X-NETCRM-*` properties, which RFC 6350 tells
every client to keep and ignore. The writer is ours (it is a few lines and
must be byte-stable so a second sync writes nothing); vobject reads, so a card
edited on a phone in vCard 3.0 reads just as well.

Values are compared as "card fields": the contact's fields in JSON-like form
(strings, lists, ints, bools; times in UTC), the unit the sync merges by.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from netcrm.domain.model import Contact

# One namespace for every netcrm UID, so a person's card UID follows from their id alone.
UID_NAMESPACE = uuid.UUID("6f1c3a5e-52b1-4d0c-9a55-0c6f7a3e2b11")
PRODID = "-//netcrm//vCard 4.0//EN"
EXTERNAL_PREFIX = "vcard:"

# Standard properties and the fields they carry. A list field is one property per item.
LISTS = {"EMAIL": "emails", "TEL": "phones", "URL": "links"}
# CRM-only facts: X-NETCRM-<NAME>; lists repeat the property once per item.
EXTRA = (
    "id", "circle", "stage", "cadence", "skills", "asks", "offers", "interests", "goals", "family",
    "location", "timezone", "how_met", "met_on", "introduced_by", "snoozed_until", "archived",
    "external_ids", "created",
)  # fmt: skip
# Derived from the timeline, rebuilt by the database: not part of a card.
NOT_ON_CARD = ("last_touch",)
_DEFAULTS: dict[str, Any] = {
    f.name: (f.default_factory() if f.default_factory is not msgspec.NODEFAULT else f.default)
    for f in msgspec.structs.fields(Contact)
    if f.default is not msgspec.NODEFAULT or f.default_factory is not msgspec.NODEFAULT
}
CARD_FIELDS = tuple(f for f in Contact.__struct_fields__ if f not in NOT_ON_CARD)
_LABEL = re.compile(r"^(.*\S) \(([A-Za-z][A-Za-z0-9-]*)\)$")
_BDAY = re.compile(r"^(\d{4}|--|-)-?(\d{2})-?(\d{2})$")
_NO_YEAR = {"1604", "0000"}
_C0 = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def x_name(name: str) -> str:
    return "X-NETCRM-" + name.upper().replace("_", "-")


def card_uid(contact: Contact) -> str:
    """The card's UID: the one a phone gave the person when the card came from there, else one
    derived from the netcrm id (so it never changes across syncs)."""
    for ext in contact.external_ids:
        if ext.startswith(EXTERNAL_PREFIX) and len(ext) > len(EXTERNAL_PREFIX):
            return ext[len(EXTERNAL_PREFIX) :]
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, contact.id)}"


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def card_fields(contact: Contact) -> dict[str, Any]:
    """What a card says about `contact`, in the comparable form `read_card` gives back."""
    data = msgspec.to_builtins(contact, builtin_types=(dt.datetime, dt.date))
    out: dict[str, Any] = {}
    for name in CARD_FIELDS:
        value = data.get(name, _DEFAULTS.get(name))
        if isinstance(value, dt.datetime):
            value = _utc(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out[name] = value
    return out


def contact_from_fields(fields: Mapping[str, Any]) -> Contact:
    """A Contact from card fields (raises msgspec.ValidationError naming the bad field)."""
    data = {k: v for k, v in fields.items() if v is not None}
    return msgspec.convert(data, Contact, strict=False)


# Writing ----------------------------------------------------------------------------------


def _clean(value: str) -> str:
    """Newlines normalised; C0 controls (which no vCard line may hold) dropped."""
    return _C0.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def escape(value: str) -> str:
    """TEXT escaping (RFC 6350 3.4): backslash, comma, semicolon and newline."""
    return _clean(value).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines of at most 75 octets, never splitting a UTF-8 character (RFC 6350 3.2)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(parts)


def _name_parts(name: str) -> tuple[str, str]:
    """(family, given) for N: the last word is the family name, the rest given names."""
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    return words[-1], " ".join(words[:-1])


def _bday(birthday: str) -> str:
    year, month, day = birthday.rsplit("-", 2)
    return f"--{month}{day}" if not year.strip("-") else f"{year}{month}{day}"


def write_card(contact: Contact, related_uid: str | None = None) -> str:
    """The person as vCard 4.0 text (CRLF lines). `related_uid`: the card UID of whoever
    introduced them, written as RELATED so address books can link the two."""
    fields = card_fields(contact)
    family, given = _name_parts(contact.name)
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"PRODID:{PRODID}", f"UID:{escape(card_uid(contact))}"]
    lines.append(f"FN:{escape(contact.name)}")
    lines.append(f"N:{escape(family)};{escape(given)};;;")
    if contact.org or contact.department:
        lines.append(f"ORG:{escape(contact.org)};{escape(contact.department)}")
    if contact.title:
        lines.append(f"TITLE:{escape(contact.title)}")
    for prop, name in LISTS.items():
        for value in getattr(contact, name):
            match = _LABEL.match(value) if prop == "TEL" else None
            if match:
                lines.append(f"TEL;TYPE={match.group(2)}:{escape(match.group(1))}")
            else:
                lines.append(f"{prop}:{escape(value)}")
    if contact.birthday:
        lines.append(f"BDAY:{_bday(contact.birthday)}")
    if contact.notes:
        lines.append(f"NOTE:{escape(contact.notes)}")
    if contact.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in contact.tags))
        if "" in contact.tags:  # CATEGORIES cannot say "an empty tag" (readers drop it)
            lines += [f"{x_name('tags')}:{escape(t)}" for t in contact.tags]
    if related_uid:
        lines.append(f"RELATED;TYPE=contact:{escape(related_uid)}")
    if contact.updated:
        lines.append(f"REV:{contact.updated.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}")
    for name in EXTRA:
        value = fields[name]
        if value == _DEFAULTS.get(name) and name != "id":
            continue
        for item in value if isinstance(value, list) else [value]:
            text = ("true" if item else "false") if isinstance(item, bool) else str(item)
            lines.append(f"{x_name(name)}:{escape(text)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


# Reading ----------------------------------------------------------------------------------


class CardError(ValueError):
    """A card that cannot be read; the message says why."""


@dataclass
class Card:
    """What one card says. `fields` holds every standard field (absent = empty) and, when the
    card carries netcrm's extension properties, every CRM field too."""

    uid: str
    fields: dict[str, Any] = field(default_factory=dict)
    has_extras: bool = False


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def _types(prop: Any) -> list[str]:
    return [t.strip().strip('"').lower() for v in prop.params.get("TYPE", []) for t in v.split(",") if t.strip()]


def _phone(prop: Any) -> str:
    number = _text(prop.value)
    if number.lower().startswith("tel:"):
        number = number[4:]
    labels = [t for t in _types(prop) if t not in ("voice", "pref", "text", "other")]
    return f"{number} ({' '.join(labels)})" if labels else number


def _birthday(value: str) -> str | None:
    match = _BDAY.match(value.strip()[:10] if "T" not in value else value.split("T")[0].strip())
    if not match:
        return None
    year, month, day = match.groups()
    known = year.isdigit() and year not in _NO_YEAR
    try:
        dt.date(int(year) if known else 2000, int(month), int(day))
    except ValueError:
        return None
    return f"{year}-{month}-{day}" if known else f"--{month}-{day}"


def _rev(value: str) -> str | None:
    text = value.strip().replace("-", "").replace(":", "")
    for pattern in ("%Y%m%dT%H%M%SZ", "%Y%m%dT%H%M%S%z"):
        try:
            return _utc(dt.datetime.strptime(text, pattern).replace(tzinfo=dt.UTC) if "%z" not in pattern
                        else dt.datetime.strptime(text, pattern))
        except ValueError:
            continue
    return None


def _extra(name: str, values: list[str]) -> Any:
    default = _DEFAULTS.get(name)
    if isinstance(default, list):
        return values
    if not values:
        return default
    if name == "archived":
        return values[0].strip().lower() == "true"
    if name == "cadence":
        return int(values[0]) if values[0].strip().isdigit() else None
    return values[0]


def read_card(text: str, id_of_uid: Mapping[str, str] | None = None) -> Card:
    """Parse one card. `id_of_uid` maps card UIDs to netcrm ids, to read RELATED back."""
    import vobject

    try:
        card = vobject.readOne(text, validate=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure is one unreadable card
        raise CardError(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__) from None
    props: dict[str, list[Any]] = {}
    for line in card.getChildren():
        props.setdefault(line.name.upper(), []).append(line)
    first = {name: _text(found[0].value) for name, found in props.items() if found}
    fields: dict[str, Any] = {name: _DEFAULTS.get(name) for name in CARD_FIELDS if name not in EXTRA}
    fields["name"] = first.get("FN", "").strip() or _n_name(props)
    org = props.get("ORG", [None])[0]
    if org is not None:
        parts = org.value if isinstance(org.value, list) else [str(org.value)]
        fields["org"], fields["department"] = parts[0], ";".join(parts[1:])
    fields["title"] = first.get("TITLE", "")
    fields["emails"] = [_text(p.value) for p in props.get("EMAIL", [])]
    fields["phones"] = [_phone(p) for p in props.get("TEL", [])]
    fields["links"] = [_text(p.value) for p in props.get("URL", [])]
    fields["birthday"] = _birthday(first["BDAY"]) if "BDAY" in first else None
    fields["notes"] = "\n\n".join(_text(p.value) for p in props.get("NOTE", []))
    fields["tags"] = [str(t) for p in props.get("CATEGORIES", []) for t in (p.value if isinstance(p.value, list) else [p.value])]
    if x_name("tags") in props:
        fields["tags"] = [_text(p.value) for p in props[x_name("tags")]]
    fields["updated"] = _rev(first["REV"]) if "REV" in first else None
    has_extras = x_name("id") in props
    if has_extras:
        for name in EXTRA:
            fields[name] = _extra(name, [_text(p.value) for p in props.get(x_name(name), [])])
    related = [_text(p.value) for p in props.get("RELATED", [])]
    if not fields.get("introduced_by") and related and id_of_uid:
        fields["introduced_by"] = next((id_of_uid[r] for r in related if r in id_of_uid), None)
    return Card(uid=first.get("UID", "").strip(), fields=fields, has_extras=has_extras)


def _n_name(props: dict[str, list[Any]]) -> str:
    for prop in props.get("N", []):
        n = prop.value
        parts = [getattr(n, key, "") for key in ("prefix", "given", "additional", "family", "suffix")]
        text = " ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts)
        if text.strip():
            return " ".join(text.split())
    return ""
