"""The .ics export read back by icalendar, vobject and libical: every field, every instant, strict RFC 5545."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import msgspec
import pytest
from ics_support import libical_python, read_icalendar, read_libical, read_vobject, rfc5545_problems

from netcrm.domain.model import Contact, Plan
from netcrm.services.ics import export_ics, join_names, write_ics
from netcrm.services.people import add_contact
from netcrm.services.plans import cancel, complete, plan_catchup, update_plan
from netcrm.services.touches import log_touch

UTC = dt.UTC
needs_libical = pytest.mark.skipif(
    libical_python() is None, reason="libical's Python bindings are not installed (apt-get install gir1.2-ical-3.0)"
)


def rfc6868(value: str) -> str:
    """vobject hands parameter values over raw; decode RFC 6868 the way libical and icalendar do."""
    return value.replace("^n", "\n").replace("^'", '"').replace("^^", "^")


def read_all(data: bytes) -> dict[str, list[dict]]:
    readers = {"icalendar": read_icalendar(data), "vobject": read_vobject(data)}
    for event in readers["vobject"]:
        event["attendees"] = [(addr, rfc6868(cn)) for addr, cn in event["attendees"]]
    if libical_python():
        errors, events = read_libical(data)
        assert errors == []
        readers["libical"] = events
    return readers


@pytest.fixture
def zoe(ws):
    zoe = add_contact(
        ws,
        "Zoë Ødegård",
        title="Head of FP&A",
        department="Finance",
        org="Acme; Nordic, \"East\"",
        asks=["hiring, fast", "budget tools"],
        emails=["zoe@acme.example"],
    )
    log_touch(ws, [zoe], kind="coffee", at=ws.now() - dt.timedelta(days=1), summary="budget season, asked about hiring")
    return ws.repo.contact(zoe.id)


def test_every_field_round_trips_through_every_parser(ws, zoe, now):
    bo = add_contact(ws, 'Bo "Backslash\\" Li, Jr.; 李波 🎉', emails=["bo@example.org"])
    plan = plan_catchup(
        ws, [zoe, bo], start=now + dt.timedelta(days=5), duration=45, kind="coffee",
        where="Café Central; 2nd floor, by the window", agenda="1. budget\n2. hiring\\plans, \"quotes\"; done", remind=15,
    )
    expected_description = (
        "Agenda:\n1. budget\n2. hiring\\plans, \"quotes\"; done\n\n"
        "Zoë Ødegård: Head of FP&A, Finance, Acme; Nordic, \"East\"\n"
        "  Looking for: hiring, fast; budget tools\n"
        "  Last touch: coffee on Sat 21 Nov 2026 (budget season, asked about hiring)\n\n"
        'Bo "Backslash\\" Li, Jr.; 李波 🎉\n  Last touch: none yet'
    )
    expected = {
        "uid": f"{plan.id}@netcrm",
        "summary": 'Coffee with Zoë Ødegård and Bo "Backslash\\" Li, Jr.; 李波 🎉',
        "description": expected_description,
        "location": "Café Central; 2nd floor, by the window",
        "start": dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
        "end": dt.datetime(2026, 11, 27, 9, 45, tzinfo=UTC),
        "stamp": now.astimezone(UTC),
        "sequence": 0,
        "status": "CONFIRMED",
        # The backslash in a name is kept in CN too, and every reader gets it back.
        "attendees": [("mailto:zoe@acme.example", "Zoë Ødegård"), ("mailto:bo@example.org", bo.name)],
        "triggers": [dt.timedelta(minutes=-15)],
        "rrule": "",
    }
    data = export_ics(ws).data
    assert rfc5545_problems(data) == []
    for reader, events in read_all(data).items():
        assert events == [expected], reader


ZONES = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham"]


def test_every_start_and_end_is_the_same_instant_for_every_parser(ws, zoe, now):
    """Starts across a year in zones with odd offsets and half-hour DST, including the hours a
    clock change repeats (fold=1): every parser must read the instant the plan holds."""
    plans = []
    for i in range(60):
        zone = zoneinfo.ZoneInfo(ZONES[i % len(ZONES)])
        local = dt.datetime(2027, 1 + i % 12, 1 + (i * 7) % 28, (i * 5) % 24, (i * 13) % 60, tzinfo=zone, fold=i % 2)
        plans.append(msgspec.structs.replace(plan_catchup(ws, [zoe], start=now + dt.timedelta(days=1)), start=local, duration=5 + i))
    # Lord Howe's clock goes back by half an hour at 02:00 on 4 April 2027: 01:45 happens twice.
    lord_howe = zoneinfo.ZoneInfo("Australia/Lord_Howe")
    for fold in (0, 1):
        start = dt.datetime(2027, 4, 4, 1, 45, tzinfo=lord_howe, fold=fold)
        plans.append(msgspec.structs.replace(plans[0], id=f"p-fold{fold}", start=start, duration=30))
    assert plans[-1].start.astimezone(UTC) != plans[-2].start.astimezone(UTC)
    data = export_ics(ws, plans=plans).data
    assert rfc5545_problems(data) == []
    want = {f"{p.id}@netcrm": (p.start.astimezone(UTC), p.end.astimezone(UTC)) for p in plans}
    for reader, events in read_all(data).items():
        got = {e["uid"]: (e["start"], e["end"]) for e in events}
        assert got == want, reader


def test_summaries_name_the_kind_and_join_names_naturally(ws, zoe, now):
    ann, bo = add_contact(ws, "Ann"), add_contact(ws, "Bo")
    plan_catchup(ws, [zoe, ann, bo], start=now + dt.timedelta(days=1), kind="lunch")
    plan_catchup(ws, [ann], start=now + dt.timedelta(days=2), kind="video")
    plan_catchup(ws, [bo], start=now + dt.timedelta(days=3), kind="call")
    summaries = [e["summary"] for e in read_icalendar(export_ics(ws).data)]
    assert summaries == ["Lunch with Zoë Ødegård, Ann and Bo", "Video call with Ann", "Call with Bo"]
    assert join_names(["A", "B"]) == "A and B"


def test_attendees_only_for_usable_addresses_and_no_alarm_without_reminder(ws, now):
    nomail = add_contact(ws, "No Mail")
    # Addresses the edges now refuse, stored the way an import or an older version could have.
    broken = stored(ws, Contact(id="broken-mail", name="Broken Mail",
                                emails=["not an address", "two@@x", "ok@example.org"]))
    plan_catchup(ws, [nomail, broken], start=now + dt.timedelta(days=1))
    (event,) = read_icalendar(export_ics(ws).data)
    assert event["attendees"] == [("mailto:ok@example.org", "Broken Mail")]
    assert event["triggers"] == []
    assert event["location"] == ""


def test_control_characters_and_bare_carriage_returns_are_made_valid(ws, now):
    # Text the edges now refuse, stored the way an older version could have.
    odd = stored(ws, Contact(id="bell-name", name="Bell\x07 Name"))
    stored(ws, Plan(id="p-odd", contacts=[odd.id], start=now + dt.timedelta(days=1),
                    agenda="line one\r\nline two\rline three\x00", remind=0))
    data = export_ics(ws).data
    assert rfc5545_problems(data) == []
    for reader, (event,) in read_all(data).items():
        assert event["summary"] == "Meeting with Bell Name", reader
        assert event["description"].startswith("Agenda:\nline one\nline two\nline three\n\n"), reader
        assert event["triggers"] == [dt.timedelta(0)], reader


def test_uids_are_stable_across_exports(ws, zoe, now):
    first = plan_catchup(ws, [zoe], start=now + dt.timedelta(days=2), kind="coffee")
    before = {e["uid"] for e in read_icalendar(export_ics(ws).data)}
    second = plan_catchup(ws, [zoe], start=now + dt.timedelta(days=9))
    log_touch(ws, [zoe], kind="email", summary="sent the deck")
    after = [e["uid"] for e in read_icalendar(export_ics(ws).data)]
    assert before == {f"{first.id}@netcrm"}
    assert after == [f"{first.id}@netcrm", f"{second.id}@netcrm"]


def test_a_changed_plan_bumps_sequence_and_an_unchanged_one_does_not(ws, zoe, now):
    plan = plan_catchup(ws, [zoe], start=now + dt.timedelta(days=2), where="Café")
    assert update_plan(ws, plan, where="Café") is plan
    moved = update_plan(ws, plan, start=plan.start + dt.timedelta(hours=1), agenda="new topic")
    assert moved.sequence == 1
    (event,) = read_icalendar(export_ics(ws).data)
    assert (event["sequence"], event["start"]) == (1, moved.start.astimezone(UTC))
    assert update_plan(ws, moved, where="Bar").sequence == 2


def test_update_plan_rejects_the_past_and_unknown_fields(ws, zoe, now):
    from netcrm.errors import NetcrmError

    plan = plan_catchup(ws, [zoe], start=now + dt.timedelta(days=2))
    with pytest.raises(NetcrmError, match="in the past"):
        update_plan(ws, plan, start=now - dt.timedelta(days=1))
    with pytest.raises(NetcrmError, match="status"):
        update_plan(ws, plan, status="done")
    assert ws.repo.plan(plan.id).sequence == 0


def test_cancelled_plan_is_exported_cancelled_with_a_higher_sequence_and_no_alarm(ws, zoe, now):
    plan = plan_catchup(ws, [zoe], start=now + dt.timedelta(days=2), remind=10)
    cancel(ws, plan)
    data = export_ics(ws).data
    assert rfc5545_problems(data) == []
    for reader, (event,) in read_all(data).items():
        assert (event["status"], event["sequence"], event["triggers"]) == ("CANCELLED", 1, []), reader


def test_done_plan_stays_in_the_calendar_with_the_touch_as_last_touch(ws, zoe, now):
    plan = plan_catchup(ws, [zoe], start=now + dt.timedelta(minutes=30), kind="coffee", agenda="roadmap")
    complete(ws, plan)
    (event,) = read_icalendar(export_ics(ws).data)
    assert (event["status"], event["sequence"]) == ("CONFIRMED", 1)
    assert "Last touch: coffee on Sun 22 Nov 2026 (roadmap)" in event["description"]


def test_no_events_writes_no_file(ws, tmp_path):
    target = tmp_path / "cal.ics"
    result = write_ics(ws, target, birthdays=True)
    assert (result.events, result.data, target.exists()) == (0, b"", False)


def test_strict_checker_is_not_vacuous():
    good = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART:20260101T100000Z\r\nSUMMARY:a\\, b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert rfc5545_problems(good) == []
    bad = {
        "LF": good.replace(b"\r\n", b"\n"),
        "long": good.replace(b"SUMMARY:a", b"SUMMARY:" + b"a" * 80),
        "split": good.replace(b"SUMMARY:a", b"SUMMARY:" + b"a" * 66 + "é".encode()[:1] + b"\r\n " + "é".encode()[1:]),
        "comma": good.replace(b"a\\, b", b"a, b"),
        "escape": good.replace(b"a\\, b", b"a\\x"),
        "stamp": good.replace(b"20260101T000000Z", b"20260101T000000"),
        "floating": good.replace(b"20260101T100000Z", b"20260101T100000"),
        "tzid": good.replace(b"DTSTART:", b"DTSTART;TZID=Europe/Berlin:").replace(b"100000Z", b"100000"),
        "uid": good.replace(b"UID:a\r\n", b""),
    }
    for name, data in bad.items():
        assert rfc5545_problems(data), name


@needs_libical
def test_libical_flags_what_it_cannot_read():
    """The libical check would notice a broken file: it is a real second opinion."""
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART:not-a-time\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    errors, _ = read_libical(data)
    assert errors


def test_a_literal_backslash_n_is_not_turned_into_a_line_break():
    """icalendar alone reads "\\N" in the text as an escape already made."""
    from icalendar import Calendar

    from netcrm.formats.ics_events import text

    event = Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nLOCATION:" + text("C:\\New, Room; 2").to_ical() + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).walk("VEVENT")[0]
    assert str(event["location"]) == "C:\\New, Room; 2"


def stored(ws, record):
    """Put `record` as it is, bypassing the checks at the edges (as old data or an import would be)."""
    with ws.repo.transaction():
        ws.repo.put(record)
    return record
