"""Helpers for the calendar and mail import tests: small iCalendar and mbox texts, and a workspace with `me`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec

from netcrm.services.config import Config, Me
from netcrm.services.people import add_contact
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository
from tests.conftest import NOW

DATA = Path(__file__).parent / "data" / "autolog"
ME = "me@example.org"


def workspace(db: Path, now: dt.datetime = NOW, **config: object) -> Workspace:
    """A workspace on `db` with my address configured and the clock at `now`."""
    settings = Config(timezone="Europe/Berlin", me=Me(emails=[ME.upper()]))
    if config:
        settings = msgspec.structs.replace(settings, **config)
    return Workspace(Repository(db), settings, lambda: now)


def people(ws: Workspace) -> dict[str, str]:
    """Ana, Bo and Cy with their addresses; returns name -> id."""
    ana = add_contact(ws, "Ana Lima", emails=["ana@example.com", "Ana.Lima@Work.example"])
    bo = add_contact(ws, "Bo Berg", emails=["bo@example.com"])
    cy = add_contact(ws, "Cy Chen", emails=["cy@example.com"])
    return {"ana": ana.id, "bo": bo.id, "cy": cy.id}


def ics(*events: str, extra: str = "") -> bytes:
    body = "".join(events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netcrm tests//EN\r\n{extra}{body}END:VCALENDAR\r\n".encode()


def event(uid: str, start: str, summary: str = "Catch-up", *lines: str, end: str = "") -> str:
    """A VEVENT; `start`/`end` are property values such as "20261110T100000Z" or ";TZID=...:2026..."."""

    def prop(name: str, value: str) -> str:
        return f"{name}{value}" if value.startswith(";") else f"{name}:{value}"

    parts = ["BEGIN:VEVENT", f"UID:{uid}", prop("DTSTART", start)]
    if end:
        parts.append(prop("DTEND", end))
    parts += [f"SUMMARY:{summary}", *lines, "END:VEVENT"]
    return "\r\n".join(parts) + "\r\n"


def message(sender: str, to: str, subject: str, date: str, message_id: str, *headers: str, body: str = "Hello.") -> str:
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {subject}", f"Date: {date}", f"Message-ID: <{message_id}>"]
    return "\n".join([*lines, *headers, "", body, ""]) + "\n"


def mbox(*messages: str) -> bytes:
    return "".join(f"From sender@example.org Mon Nov  2 10:00:00 2026\n{m}" for m in messages).encode()
