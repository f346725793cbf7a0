"""A person's profile as labelled lines, shared by `netcrm show` and the TUI's centre pane."""

from __future__ import annotations

from collections.abc import Mapping

from netcrm.domain.model import Contact, birthday_parts
from netcrm.domain.warmth import Warmth

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def birthday_text(birthday: str) -> str:
    year, month, day = birthday_parts(birthday)
    return f"{day} {MONTH_NAMES[month - 1]}" + (f" {year}" if year else "")


def headline(contact: Contact) -> str:
    """"Head of Data · Finance · Acme" — role first, as people introduce each other."""
    return " · ".join(x for x in (contact.title, contact.department, contact.org) if x)


def profile_fields(contact: Contact, names: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, text) for every field the user filled in, in reading order."""
    met = contact.how_met
    if contact.met_on:
        met = f"{met} ({contact.met_on.isoformat()})" if met else contact.met_on.isoformat()
    pairs = [
        ("circle", contact.circle),
        ("how we met", met),
        ("introduced by", names.get(contact.introduced_by or "", contact.introduced_by or "")),
        ("knows", ", ".join(contact.skills)),
        ("looking for", ", ".join(contact.asks)),
        ("I can offer", ", ".join(contact.offers)),
        ("interests", ", ".join(contact.interests)),
        ("why in touch", ", ".join(contact.goals)),
        ("family", "; ".join(contact.family)),
        ("birthday", birthday_text(contact.birthday) if contact.birthday else ""),
        ("email", ", ".join(contact.emails)),
        ("phone", ", ".join(contact.phones)),
        ("links", ", ".join(contact.links)),
        ("location", " ".join(x for x in (contact.location, f"({contact.timezone})" if contact.timezone else "") if x)),
        ("tags", ", ".join(contact.tags)),
        ("stage", contact.stage),
        ("cadence", f"every {contact.cadence} days" if contact.cadence else ""),
        ("snoozed until", contact.snoozed_until.isoformat() if contact.snoozed_until else ""),
        ("archived", "yes" if contact.archived else ""),
    ]
    return [(label, text) for label, text in pairs if text]


def days_ago(days: int) -> str:
    """Exact days, said the way people say them: "today", "yesterday", "5 days ago"."""
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"


def warmth_text(w: Warmth) -> str:
    if not w.touched:
        # Meeting someone is not a touch (list: "new"; today: "never contacted"): the silence counts from it.
        since = "met" if w.contact.met_on else "added"
        return f"{w.band}: no touch yet, {since} {days_ago(w.days)} (cadence {w.cadence})"
    return f"{w.band}: last touch {days_ago(w.days)} (cadence {w.cadence})"


def describe(contact: Contact, w: Warmth, names: Mapping[str, str]) -> str:
    lines = [contact.name]
    if headline(contact):
        lines.append(headline(contact))
    lines.append(warmth_text(w))
    lines.append("")
    width = max((len(label) for label, _ in profile_fields(contact, names)), default=0)
    lines += [f"{label.rjust(width)}  {text}" for label, text in profile_fields(contact, names)]
    if contact.notes:
        lines += ["", "notes", *("  " + line for line in contact.notes.splitlines())]
    return "\n".join(lines)
