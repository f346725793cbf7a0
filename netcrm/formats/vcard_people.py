"""The person on one vCard (2.1, 3.0, 4.0), as a candidate to import.

`formats.vcard_repair` turns the card into clean vCard 3.0 text; vobject parses it
(parameters, escapes, structured N/ORG/ADR values); this module picks the
fields netcrm keeps. A card that cannot be read gives the reason instead.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from netcrm.formats.candidates import Candidate
from netcrm.formats.vcard_repair import RawCard, clean_card

# TYPE values that say nothing a person would want to read next to a number.
_NOISE_TYPES = {"voice", "pref", "internet", "x400", "text", "msg", "other"}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
# Apple writes birthdays without a year as 1604-MM-DD.
_NO_YEAR = {"1604", "0000"}
_BDAY = re.compile(r"^(\d{4}|--|-)-?(\d{2})-?(\d{2})")


def card_candidate(raw: RawCard) -> Candidate | str:
    """The person on one card, or the reason it is skipped."""
    import vobject

    clean = clean_card(raw)
    if clean.problem:
        return clean.problem
    card = vobject.readOne(clean.text, validate=False)
    props: dict[str, list[Any]] = {}
    labels: dict[str, str] = {}
    for line in card.getChildren():
        name = line.name.upper()
        if name == "X-ABLABEL" and line.group:
            labels[line.group.lower()] = _apple_label(str(line.value))
        else:
            props.setdefault(name, []).append(line)
    emails = _unique(e for p in props.get("EMAIL", []) if "@" in (e := str(p.value).strip()))
    name = _display_name(props) or (emails[0] if emails else "")
    if not name:
        return "no name and no email on the card; nothing to import"
    org, department = _org(props)
    given, family = _name_parts(props)
    fields: dict[str, Any] = {
        "name": name,
        "given_name": given,
        "family_name": family,
        "emails": emails,
        "phones": _unique(_phone(p, labels) for p in props.get("TEL", [])),
        "links": _unique(_url(str(p.value)) for p in props.get("URL", [])),
        "org": org,
        "department": department,
        "title": _first_text(props, "TITLE"),
        "notes": "\n\n".join(_unique(str(p.value).strip() for p in props.get("NOTE", []))),
        "location": _location(props),
        "birthday": _birthday(props),
    }
    remarks = []
    if not fields["birthday"] and (said := _text_birthday(props)):
        # "BDAY;VALUE=text:circa 1800" (vCard 4.0) is no date, but it is what the card knows.
        fields["notes"] = "\n\n".join(x for x in (fields["notes"], f"Birthday: {said}") if x)
        remarks.append(f"birthday {said!r} is not a date; kept in the notes")
    uid = _first_text(props, "UID")
    if uid:
        fields["external_ids"] = [f"vcard:{uid}"]
    return Candidate(fields={k: v for k, v in fields.items() if v}, source="", remarks=remarks)  # caller names source


def _unique(values: Any) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return list(seen.values())


def _first_text(props: dict[str, list[Any]], name: str) -> str:
    for prop in props.get(name, []):
        value = prop.value
        text = " ".join(value) if isinstance(value, list) else str(value)
        if text.strip():
            return " ".join(text.split())
    return ""


def _display_name(props: dict[str, list[Any]]) -> str:
    """FN (the first of ALTID alternatives), else the name parts of N (given family)."""
    name = _first_text(props, "FN")
    if name:
        return name
    for prop in props.get("N", []):
        n = prop.value
        parts = [n.prefix, n.given, n.family, n.suffix]
        text = " ".join(" ".join(p) if isinstance(p, list) else p for p in parts)
        if text.strip():
            return " ".join(text.split())
    return ""


def _name_parts(props: dict[str, list[Any]]) -> tuple[str, str]:
    """Given and family name as the card's N gives them ("" when it has none)."""
    for prop in props.get("N", []):
        given, family = _joined(prop.value.given), _joined(prop.value.family)
        if given or family:
            return given, family
    return "", ""


def _joined(part: Any) -> str:
    return " ".join((" ".join(part) if isinstance(part, list) else str(part)).split())


def _org(props: dict[str, list[Any]]) -> tuple[str, str]:
    for prop in props.get("ORG", []):
        parts = prop.value if isinstance(prop.value, list) else [str(prop.value)]
        parts = [" ".join(p.split()) for p in parts]
        if any(parts):
            return parts[0], " / ".join(p for p in parts[1:] if p)
    return "", ""


def _types(prop: Any) -> list[str]:
    types: list[str] = []
    for value in prop.params.get("TYPE", []):
        types += [t.strip().strip('"').lower() for t in value.split(",")]
    return types


def _apple_label(text: str) -> str:
    match = _APPLE_LABEL.match(text.strip())
    return (match.group(1) if match else text).strip().lower()


def _phone(prop: Any, labels: dict[str, str]) -> str:
    number = str(prop.value).strip()
    if number.lower().startswith("tel:"):
        number = number[4:]
    if not number:
        return ""
    label = labels.get((prop.group or "").lower()) or " ".join(
        t for t in dict.fromkeys(_types(prop)) if t not in _NOISE_TYPES and not t.startswith("x-")
    )
    return f"{number} ({label})" if label else number


def _url(text: str) -> str:
    return text.strip().replace("\\:", ":").replace("\\,", ",").replace("\\;", ";")


def _location(props: dict[str, list[Any]]) -> str:
    for prop in props.get("ADR", []):
        adr = prop.value
        parts = [getattr(adr, "city", ""), getattr(adr, "country", "")]
        parts = [" ".join((" ".join(p) if isinstance(p, list) else p).split()) for p in parts]
        text = ", ".join(p for p in parts if p)
        if text:
            return text
    return ""


def _text_birthday(props: dict[str, list[Any]]) -> str:
    """The first BDAY that is words rather than a date ("" when there is none)."""
    for prop in props.get("BDAY", []):
        text = " ".join(str(prop.value).split())
        if text and not _BDAY.match(text):
            return text
    return ""


def _birthday(props: dict[str, list[Any]]) -> str:
    """The first readable BDAY as "YYYY-MM-DD", or "--MM-DD" when the card gives no year."""
    for prop in props.get("BDAY", []):
        match = _BDAY.match(str(prop.value).strip())
        if not match:
            continue
        year, month, day = match.groups()
        known = year.isdigit() and year not in _NO_YEAR
        try:
            dt.date(int(year) if known else 2000, int(month), int(day))
        except ValueError:
            continue
        return f"{year}-{month}-{day}" if known else f"--{month}-{day}"
    return ""
