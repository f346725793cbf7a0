"""Property tests: any name, note, place or agenda a person can type survives the calendar exactly."""

from __future__ import annotations

import datetime as dt
import tempfile
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ics_support import libical_python, read_icalendar, read_libical, read_vobject, rfc5545_problems

from netcrm.domain.model import Contact, Plan
from netcrm.services.config import Config
from netcrm.services.ics import clean_param, export_ics
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
UTC = dt.UTC
TRICKY = list(',;:"\\^\n\t ') + ["🎉", "👩🏽‍💻", "李波", "Ødegård", "עברית", "العربية", "Ελληνικά", "\u0301", "\u200d"]
# Anything but control characters (TEXT cannot carry them; newline and tab aside) and lone surrogates.
pieces = st.one_of(st.sampled_from(TRICKY), st.characters(blacklist_categories=("Cc", "Cs")))
typed = st.lists(pieces, min_size=1, max_size=60).map("".join)
names = typed.filter(lambda s: s.strip())
starts = st.datetimes(
    min_value=dt.datetime(2026, 11, 23), max_value=dt.datetime(2040, 1, 1),
    timezones=st.sampled_from([zoneinfo.ZoneInfo(z) for z in ("Australia/Lord_Howe", "America/New_York", "Asia/Kolkata")]),
)


def whole(moment: dt.datetime) -> dt.datetime:
    """The instant in UTC to the second, as iCalendar carries it."""
    return moment.astimezone(UTC).replace(microsecond=0)


def workspace(folder: str, people: list[Contact]) -> Workspace:
    ws = Workspace(Repository(Path(folder) / "db.json"), Config(timezone="Europe/Berlin"), lambda: NOW)
    with ws.repo.transaction():
        ws.repo.put_many(people)
    return ws


def export_one(people: list[Contact], plan: Plan) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return export_ics(workspace(folder, people), plans=[plan]).data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=names, other=names, title=typed, asks=st.lists(typed, max_size=3), where=typed, agenda=typed,
    start=starts, duration=st.integers(0, 600),
)
def test_text_and_instants_survive_icalendar_and_vobject(name, other, title, asks, where, agenda, start, duration):
    people = [
        Contact(id="a", name=name, title=title, asks=asks, emails=["a@example.org"]),
        Contact(id="b", name=other, emails=["b@example.org"]),
    ]
    plan = Plan(id="p-1", contacts=["a", "b"], start=start, duration=duration, kind="coffee", where=where, agenda=agenda)
    data = export_one(people, plan)
    assert rfc5545_problems(data) == []
    (ours,) = read_icalendar(data)
    (theirs,) = read_vobject(data)
    for event in (ours, theirs):
        # Values lose only whitespace at their ends (libical strips it; the CLI never stores it).
        assert event["summary"] == f"Coffee with {name} and {other}".rstrip()
        assert event["location"] == where.strip()
        assert event["description"].startswith(f"Agenda:\n{agenda}\n\n{name}")
        assert f"\n\n{other}\n  Last touch: none yet" in event["description"]
        assert (event["start"], event["end"]) == (whole(start), whole(plan.end))
    assert ours["description"] == theirs["description"]
    assert [cn for _, cn in ours["attendees"]] == [clean_param(name), clean_param(other)]


@pytest.mark.skipif(libical_python() is None, reason="libical's Python bindings are not installed")
@settings(max_examples=8, deadline=None)
@given(people=st.lists(st.tuples(names, typed, typed), min_size=1, max_size=8))
@example(people=[(",", "\ufeff", ",")])  # a place that is only a byte-order mark: libical drops it
@example(people=[("Ann", " \ufeffCafé\ufeff ", "x")])
def test_libical_reads_the_same_text(people):
    """libical runs as a subprocess, so each example carries several events at once."""
    contacts = [Contact(id=f"c{i}", name=n, emails=[f"c{i}@example.org"]) for i, (n, _, _) in enumerate(people)]
    plans = [
        Plan(id=f"p-{i}", contacts=[f"c{i}"], start=NOW + dt.timedelta(days=i + 1), where=w, agenda=a, remind=5)
        for i, (_, w, a) in enumerate(people)
    ]
    with tempfile.TemporaryDirectory() as folder:
        data = export_ics(workspace(folder, contacts), plans=plans).data
    errors, theirs = read_libical(data)
    assert errors == []
    ours = read_icalendar(data)
    assert theirs == ours
