"""A big calendar read in chunks gives exactly what reading it whole gives, and errors keep their place."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

from netcrm.formats.calendar_chunks import calendar_chunks, locate
from netcrm.formats.calendar_events import read_meetings
from netcrm.services.autolog_calendar import import_calendar
from tests.autolog_support import DATA, event, ics, people, workspace

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
WINDOW = (dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2030, 1, 1, tzinfo=dt.UTC))


def keys(data: bytes, size: int | None = None) -> list[tuple[str, dt.datetime]]:
    parts = [(data, 1)] if size is None else [(c.data, c.first) for c in calendar_chunks(data, size)]
    found = []
    for part, first in parts:
        meetings, problems = read_meetings(part, "x.ics", *WINDOW, BERLIN, first)
        assert problems == []
        found += [(m.key, m.start) for m in meetings]
    return sorted(found)


def series_calendar(n: int) -> bytes:
    """`n` events; every third one a weekly series whose second instance moved (an override at the end)."""
    events = []
    for i in range(n):
        lines = ["ATTENDEE:mailto:ana@example.com"]
        if i % 3 == 0:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=3")
        events.append(event(f"u{i}", f";TZID=W. Europe Standard Time:2026{1 + i % 12:02d}05T100000", f"E{i}", *lines))
    for i in range(0, n, 3):
        events.append(event(f"u{i}", f";TZID=W. Europe Standard Time:2026{1 + i % 12:02d}13T160000", "moved",
                            f"RECURRENCE-ID;TZID=W. Europe Standard Time:2026{1 + i % 12:02d}12T100000"))  # fmt: skip
    return ics(*events, extra="X-WR-TIMEZONE:Europe/Berlin\r\n")


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 40), size=st.integers(1, 12))
def test_chunks_read_like_the_whole_file(n, size):
    data = series_calendar(n)
    chunks = calendar_chunks(data, size)
    assert sum(c.events for c in chunks) == data.count(b"BEGIN:VEVENT")
    assert keys(data, size) == keys(data)


def test_real_files_read_the_same_in_chunks():
    for path in sorted((DATA / "calendar" / "icalendar").glob("*.ics")):
        data = path.read_bytes()
        assert keys(data, 1) == keys(data), path.name


def test_unexpected_structure_is_one_chunk():
    junk = b"hello\r\nBEGIN:VCALENDAR\r\n"
    assert [c.data for c in calendar_chunks(junk)] == [junk]


def test_a_broken_event_deep_in_a_big_file_is_named_by_its_place(tmp_path):
    ws = workspace(tmp_path / "db.json")
    people(ws)
    events = [event(f"e{i}", "20261110T100000Z", f"E{i}", "ATTENDEE:mailto:ana@example.com") for i in range(600)]
    events[554] = event("broken", "20261110T100000Z", "B", "RRULE:FREQ=NEVER", "ATTENDEE:mailto:ana@example.com")
    path = tmp_path / "big.ics"
    path.write_bytes(ics(*events))
    assert locate(path.read_bytes(), "broken") == 555
    result = import_calendar(ws, path)
    (problem,) = result.problems
    assert problem.startswith(f"{path}: event 555 (UID broken): ") and "NEVER" in problem
    assert len(result.logged) == 599


REAL_FILES = [p.read_bytes() for p in sorted((DATA / "calendar" / "icalendar").glob("*.ics"))]


@settings(max_examples=150, deadline=None)
@given(
    base=st.sampled_from(REAL_FILES),
    pos=st.integers(0, 5000),
    cut=st.integers(0, 40),
    junk=st.binary(max_size=20),
    size=st.integers(1, 3),
)
def test_a_damaged_real_file_gives_meetings_and_problems_never_an_exception(base, pos, cut, junk, size):
    pos %= len(base) + 1
    data = base[:pos] + junk + base[pos + cut :]
    for chunk in calendar_chunks(data, size):
        _, problems = read_meetings(chunk.data, "x.ics", *WINDOW, BERLIN, chunk.first)
        assert all(p.text().startswith("x.ics") for p in problems)
