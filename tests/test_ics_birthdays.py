"""Birthdays as yearly all-day events: no invented year or age, 29 February handled, stable UIDs."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest
import vobject
from ics_support import libical_python, read_icalendar, read_libical, rfc5545_problems

from netcrm.domain.birthdays import upcoming
from netcrm.services.ics import export_ics
from netcrm.services.people import add_contact, archive


def _people(ws):
    add_contact(ws, "Zoë Ødegård", birthday="1985-04-16")
    add_contact(ws, "Yuki 佐藤", birthday="--12-03")
    add_contact(ws, "Leap Day", birthday="--02-29")
    gone = add_contact(ws, "Gone Person", birthday="1970-01-01")
    archive(ws, gone)
    add_contact(ws, "No Birthday")


def test_birthdays_are_yearly_all_day_events_without_a_made_up_year(ws):
    _people(ws)
    data = export_ics(ws, birthdays=True).data
    assert rfc5545_problems(data) == []
    events = {e["uid"]: e for e in read_icalendar(data)}
    assert set(events) == {"birthday-zoe-odegard@netcrm", "birthday-yuki-%E4%BD%90%E8%97%A4@netcrm", "birthday-leap-day@netcrm"}

    zoe = events["birthday-zoe-odegard@netcrm"]
    assert (zoe["summary"], zoe["start"], zoe["end"]) == ("Zoë Ødegård's birthday", dt.date(1985, 4, 16), dt.date(1985, 4, 17))
    assert zoe["rrule"] == "FREQ=YEARLY"

    yuki = events["birthday-yuki-%E4%BD%90%E8%97%A4@netcrm"]
    # No year known: the series starts at the first birthday after they were added (3 Dec 2026).
    assert (yuki["start"], yuki["end"]) == (dt.date(2026, 12, 3), dt.date(2026, 12, 4))
    assert yuki["summary"] == "Yuki 佐藤's birthday"
    assert yuki["description"] == ""
    assert not any(ch.isdigit() for ch in yuki["summary"])


def test_a_29_february_birthday_falls_on_28_february_in_other_years(ws):
    add_contact(ws, "Leap Day", birthday="--02-29")
    data = export_ics(ws, birthdays=True).data
    event = vobject.readOne(data.decode()).vevent
    days = [d.date() for d in event.getrruleset().between(dt.datetime(2027, 1, 1), dt.datetime(2030, 1, 1))]
    assert days == [dt.date(2027, 2, 28), dt.date(2028, 2, 29), dt.date(2029, 2, 28)]


@pytest.mark.skipif(libical_python() is None, reason="libical's Python bindings are not installed")
def test_birthdays_read_the_same_in_libical(ws):
    _people(ws)
    data = export_ics(ws, birthdays=True).data
    errors, events = read_libical(data)
    assert errors == []
    ours = {e["uid"]: (e["summary"], e["start"], e["end"]) for e in read_icalendar(data)}
    assert {e["uid"]: (e["summary"], e["start"], e["end"]) for e in events} == ours
    assert {e["rrule"] for e in events} == {"FREQ=YEARLY", "FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2"}


def test_birthday_uids_are_stable_across_exports_and_years(ws):
    _people(ws)
    first = [e["uid"] for e in read_icalendar(export_ics(ws, birthdays=True).data)]
    ws.clock = lambda: dt.datetime(2027, 6, 1, 12, tzinfo=dt.UTC)
    again = read_icalendar(export_ics(ws, birthdays=True).data)
    assert [e["uid"] for e in again] == first
    yuki = next(e for e in again if e["uid"] == "birthday-yuki-%E4%BD%90%E8%97%A4@netcrm")
    assert yuki["start"] == dt.date(2026, 12, 3)  # a later export does not move the series


def test_upcoming_birthdays_soonest_first_with_age_only_when_known(ws, now):
    _people(ws)
    zoe = ws.find("zoe")
    soon = upcoming([*ws.repo.contacts(), msgspec.structs.replace(zoe, id="z2", birthday="1990-11-25")], now.date())
    assert [(b.day, b.contact.name, b.age) for b in soon] == [
        (dt.date(2026, 11, 25), "Zoë Ødegård", 36),
        (dt.date(2026, 12, 3), "Yuki 佐藤", None),
    ]
