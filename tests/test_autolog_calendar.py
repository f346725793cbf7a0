"""`import calendar`: past meetings become touches, future ones upcoming catch-ups, nothing twice."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from netcrm.domain.warmth import going_cold
from netcrm.formats.calendar_events import read_meetings
from netcrm.services.autolog_calendar import import_calendar
from netcrm.services.ics import export_ics
from netcrm.services.touches import log_touch
from tests.autolog_support import DATA, ME, event, ics, people, workspace
from tests.conftest import NOW

REAL = DATA / "calendar" / "icalendar"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
WIDE = (dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2030, 1, 1, tzinfo=dt.UTC))


def meetings_of(name: str):
    found, problems = read_meetings((REAL / name).read_bytes(), name, *WIDE, BERLIN)
    assert problems == []
    return found


# Real files ---------------------------------------------------------------------------------------


def test_google_export_applies_x_wr_timezone():
    (meeting,) = meetings_of("alarm_google_acknowledged.ics")
    assert meeting.key == "79fs7pkqvht9m5igs0vjv1sfra@google.com"
    assert str(meeting.start.tzinfo) == "Europe/London"  # X-WR-TIMEZONE, not UTC
    assert meeting.start == dt.datetime(2024, 10, 4, 18, 15, tzinfo=dt.UTC)
    assert meeting.summary == "event with alarms"
    assert meeting.attendees == ()  # the VALARM's ATTENDEE is an e-mail reminder, not a guest


def test_exchange_export_reads_windows_zone_names():
    (meeting,) = meetings_of("issue_836_do_not_quote_tzid.ics")
    # "Eastern Standard Time" 17:00 on 28 October 2024 is still daylight time in New York: 21:00 UTC.
    assert meeting.start == dt.datetime(2024, 10, 28, 21, 0, tzinfo=dt.UTC)
    assert meeting.end - meeting.start == dt.timedelta(hours=1)


def test_thunderbird_export_reads():
    (meeting,) = meetings_of("alarm_thunderbird_future.ics")
    assert meeting.start == dt.datetime(2024, 10, 23, 14, 0, tzinfo=dt.UTC)


def test_khal_file_without_uid_imports_once_with_its_attendee(tmp_path):
    ws = workspace(tmp_path / "db.json")
    from netcrm.services.people import add_contact

    xyz = add_contact(ws, "X. Y. Zed", emails=["XYZ@xyz.com"])
    since = dt.datetime(2018, 1, 1, tzinfo=dt.UTC)
    path = REAL / "issue_156_RDATE_with_PERIOD_TZID_khal.ics"
    first = import_calendar(ws, path, since)
    assert [(t.contacts, t.at.isoformat()) for t in first.logged] == [([xyz.id], "2018-03-27T08:00:00-05:00")]
    again = import_calendar(ws, path, since)
    assert again.logged == [] and again.known == 1
    assert len(ws.repo.timeline(xyz.id)) == 1


def test_every_real_file_imports_without_error(tmp_path):
    ws = workspace(tmp_path / "db.json")
    people(ws)
    result = import_calendar(ws, REAL, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert result.problems == []
    assert result.skipped["meetings with nobody in your network"] == 4


# Synthetic: what becomes a touch --------------------------------------------------------------


def write(tmp_path, *events, name="cal.ics", extra=""):
    path = tmp_path / name
    path.write_bytes(ics(*events, extra=extra))
    return path


def test_direction_kind_and_summary(tmp_path):
    ws = workspace(tmp_path / "db.json")
    ids = people(ws)
    path = write(
        tmp_path,
        event("mine", "20261110T100000Z", "Roadmap", f"ORGANIZER:mailto:{ME}", "ATTENDEE:mailto:ANA@EXAMPLE.COM",
              "DESCRIPTION:Join https://teams.microsoft.com/l/meetup-join/xyz secret body text"),
        event("theirs", "20261111T100000Z", "Coffee?", "ORGANIZER;CN=Bo:mailto:bo@example.com",
              f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}", "LOCATION:Café Central"),
        event("x-prop", "20261112T100000Z", "Sync", "ATTENDEE:mailto:cy@example.com",
              "X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij"),
    )  # fmt: skip
    result = import_calendar(ws, path)
    by_person = {t.contacts[0]: t for t in result.logged}
    assert (by_person[ids["ana"]].direction, by_person[ids["ana"]].kind) == ("outbound", "video")
    assert (by_person[ids["bo"]].direction, by_person[ids["bo"]].kind) == ("inbound", "meeting")
    assert by_person[ids["cy"]].kind == "video"
    assert by_person[ids["ana"]].summary == "Roadmap"
    assert all("secret" not in (t.summary + t.notes) for t in result.logged)
    assert ws.repo.contact(ids["ana"]).last_touch == dt.datetime(2026, 11, 10, 10, tzinfo=dt.UTC)


def test_skip_rules(tmp_path):
    ws = workspace(tmp_path / "db.json")
    people(ws)
    crowd = [f"ATTENDEE:mailto:p{i}@example.net" for i in range(10)]
    path = write(
        tmp_path,
        event("cancelled", "20261101T100000Z", "x", "STATUS:CANCELLED", "ATTENDEE:mailto:ana@example.com"),
        event("allday", ";VALUE=DATE:20261102", "x", "ATTENDEE:mailto:ana@example.com"),
        event("allhands", "20261103T100000Z", "All hands", "ATTENDEE:mailto:ana@example.com", *crowd),
        event("private", "20261104T100000Z", "x", "CLASS:PRIVATE", "ATTENDEE:mailto:ana@example.com"),
        event("free", "20261105T100000Z", "x", "TRANSP:TRANSPARENT", "ATTENDEE:mailto:ana@example.com"),
        event("i-declined", "20261106T100000Z", "x", "ATTENDEE:mailto:ana@example.com",
              f"ATTENDEE;PARTSTAT=DECLINED:mailto:{ME}"),
        event("she-declined", "20261107T100000Z", "x", "ATTENDEE;PARTSTAT=DECLINED:mailto:ana@example.com"),
        event("strangers", "20261108T100000Z", "x", "ATTENDEE:mailto:someone@else.example"),
        event("long-ago", "20240101T100000Z", "x", "ATTENDEE:mailto:ana@example.com"),
    )  # fmt: skip
    result = import_calendar(ws, path)
    assert result.logged == []
    assert result.skipped == {
        "cancelled": 1,
        "all-day events": 1,
        "meetings with more than 10 people": 1,
        "private or free-time events": 2,
        "meetings you declined": 1,
        "meetings where they declined": 1,
        "meetings with nobody in your network": 1,
    }  # long-ago: before the default window of one year, not even read
    wider = import_calendar(ws, path, max_attendees=12, dry_run=True)
    assert [t.summary for t in wider.logged] == ["All hands"]


def test_attendee_limit_comes_from_the_config(tmp_path):
    ws = workspace(tmp_path / "db.json", max_attendees=2)
    people(ws)
    path = write(tmp_path, event("three", "20261103T100000Z", "Trio", f"ORGANIZER:mailto:{ME}",
                                 "ATTENDEE:mailto:ana@example.com", "ATTENDEE:mailto:bo@example.com"))  # fmt: skip
    assert import_calendar(ws, path).skipped == {"meetings with more than 2 people": 1}


def test_recurring_series_with_exdate_and_a_moved_instance(tmp_path):
    ws = workspace(tmp_path / "db.json")
    ids = people(ws)
    series = event("weekly", ";TZID=W. Europe Standard Time:20261005T100000", "1:1",
                   "RRULE:FREQ=WEEKLY;COUNT=6", "EXDATE;TZID=W. Europe Standard Time:20261012T100000",
                   "ATTENDEE:mailto:ana@example.com", end=";TZID=W. Europe Standard Time:20261005T103000")  # fmt: skip

    def moved(to: str) -> str:
        return event("weekly", f";TZID=W. Europe Standard Time:{to}", "1:1 (moved)",
                     "RECURRENCE-ID;TZID=W. Europe Standard Time:20261019T100000",
                     "ATTENDEE:mailto:ana@example.com")  # fmt: skip

    first = import_calendar(ws, write(tmp_path, series, moved("20261020T150000")))
    starts = sorted(t.at.astimezone(BERLIN).strftime("%m-%d %H:%M") for t in first.logged)
    assert starts == ["10-05 10:00", "10-20 15:00", "10-26 10:00", "11-02 10:00", "11-09 10:00"]  # 10-12: EXDATE
    # A newer export: the instance moved again. Its touch moves; nothing is added.
    second = import_calendar(ws, write(tmp_path, series, moved("20261021T090000"), name="newer.ics"))
    assert second.logged == [] and len(second.moved) == 1 and second.known == 4
    times = sorted(t.at.astimezone(BERLIN).strftime("%m-%d %H:%M") for t in ws.repo.timeline(ids["ana"]))
    assert "10-21 09:00" in times and "10-20 15:00" not in times and len(times) == 5


def test_same_export_twice_or_a_folder_with_overlapping_exports_adds_nothing(tmp_path):
    ws = workspace(tmp_path / "db.json")
    ids = people(ws)
    folder = tmp_path / "vdir"
    folder.mkdir()
    one = event("a", "20261110T100000Z", "A", "ATTENDEE:mailto:bo@example.com")
    two = event("b", "20261111T100000Z", "B", "ATTENDEE:mailto:bo@example.com")
    write(folder, one, name="old.ics")
    write(folder, one, two, name="new.ics")
    assert len(import_calendar(ws, folder).logged) == 2
    again = import_calendar(ws, folder)
    assert again.logged == [] and again.moved == [] and again.known == 2
    assert len(ws.repo.timeline(ids["bo"])) == 2


def test_future_meeting_is_upcoming_counts_as_planned_and_is_not_exported(tmp_path):
    ws = workspace(tmp_path / "db.json")
    ids = people(ws)
    log_touch(ws, [ws.repo.contact(ids["cy"])], kind="call", at=NOW - dt.timedelta(days=200))
    weekly = event("future", "20261123T090000Z", "Planning", "RRULE:FREQ=WEEKLY;COUNT=8",
                   "ATTENDEE:mailto:cy@example.com", end="20261123T094500Z")  # fmt: skip
    path = write(tmp_path, weekly)
    assert [w.contact.id for w in going_cold(ws.repo.contacts(), ws.today(), ws.cadences(), ws.planned_ids())] == [
        ids["cy"]
    ]
    result = import_calendar(ws, path)
    assert result.logged == []
    (plan,) = result.upcoming  # the next instance only, not all eight
    assert plan.contacts == [ids["cy"]] and plan.duration == 45 and plan.source.startswith("ics:")
    assert plan.start == dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
    assert ids["cy"] in ws.planned_ids()
    assert going_cold(ws.repo.contacts(), ws.today(), ws.cadences(), ws.planned_ids()) == []
    assert export_ics(ws).events == 0  # already in the user's calendar: never sent back

    # A week later the meeting has happened: it becomes a touch and the catch-up is done.
    later = workspace(ws.repo.path, NOW + dt.timedelta(days=7))
    after = import_calendar(later, path)
    assert [t.at for t in after.logged] == [dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)]
    assert [p.status for p in after.closed_plans] == ["done"]
    assert [p.start for p in after.upcoming] == [dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)]
    assert later.repo.plan(plan.id).status == "done"


def test_a_broken_event_is_named_and_the_rest_imports(tmp_path):
    ws = workspace(tmp_path / "db.json")
    people(ws)
    path = write(
        tmp_path,
        event("good", "20261110T100000Z", "Fine", "ATTENDEE:mailto:ana@example.com"),
        event("bad", "20261111T100000Z", "Broken", "RRULE:FREQ=SOMETIMES", "ATTENDEE:mailto:ana@example.com"),
    )
    result = import_calendar(ws, path)
    assert [t.summary for t in result.logged] == ["Fine"]
    (problem,) = result.problems
    assert str(path) in problem and "event 2" in problem and "UID bad" in problem


def test_not_a_calendar_is_a_problem_not_a_crash(tmp_path):
    ws = workspace(tmp_path / "db.json")
    path = tmp_path / "junk.ics"
    path.write_bytes(b"\x00\xffnot a calendar")
    result = import_calendar(ws, path)
    assert result.logged == [] and len(result.problems) == 1 and "junk.ics" in result.problems[0]


def test_dry_run_writes_nothing_and_a_real_run_writes_once(tmp_path):
    ws = workspace(tmp_path / "db.json")
    ids = people(ws)
    path = write(tmp_path, *[event(f"e{i}", f"202611{i:02d}T100000Z", f"E{i}",
                                   "ATTENDEE:mailto:ana@example.com") for i in range(1, 20)])  # fmt: skip
    writes: list[int] = []
    ws.repo.after_commit.append(lambda repo: writes.append(1))  # runs once per committed write
    dry = import_calendar(ws, path, dry_run=True)
    assert len(dry.logged) == 19 and writes == [] and ws.repo.timeline(ids["ana"]) == []
    import_calendar(ws, path)
    assert writes == [1] and len(ws.repo.timeline(ids["ana"])) == 19


# CLI ----------------------------------------------------------------------------------------------


@pytest.fixture
def me_config(tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text(f"timezone: Europe/Berlin\nme:\n  emails: [{ME}]\n")
    monkeypatch.setenv("NETCRM_CONFIG", str(config))
    return config


def test_cli_import_calendar(cli, me_config, tmp_path):
    assert cli("add", "Ana Lima", "--email", "ana@example.com").code == 0
    path = write(tmp_path, event("a", "20261110T100000Z", "Roadmap", "ATTENDEE:mailto:ana@example.com"),
                 event("b", "20261111T100000Z", "x", "STATUS:CANCELLED", "ATTENDEE:mailto:ana@example.com"))  # fmt: skip
    dry = cli("import", "calendar", str(path), "--dry-run")
    assert dry.code == 0 and "Ana Lima: 1 touch (1 meeting)" in dry.out and "skipped: 1 cancelled" in dry.out
    assert "would be: 1 touch logged, 0 already known, 1 skipped" in dry.out
    assert "\r" not in dry.err  # no progress bar when stderr is not a terminal
    assert "Roadmap" not in cli("show", "Ana").out
    done = cli("import", "calendar", str(path), "--since", "2026-11-01")
    assert done.code == 0 and done.out.rstrip().endswith("1 touch logged, 0 already known, 1 skipped")
    assert "Roadmap" in cli("show", "Ana").out
    assert "0 touches logged, 1 already known" in cli("import", "calendar", str(path)).out


def test_cli_bad_path_and_bad_since(cli, me_config, tmp_path):
    missing = cli("import", "calendar", str(tmp_path / "nope.ics"))
    assert missing.code == 2 and missing.err.count("\n") == 1 and "nope.ics" in missing.err
    empty = cli("import", "calendar", str(tmp_path))
    assert empty.code == 2 and "no .ics files" in empty.err
    bad = cli("import", "calendar", str(tmp_path), "--since", "whenever")
    assert bad.code == 2 and "whenever" in bad.err
    assert cli("import", "calendar", str(tmp_path), "--max-attendees", "0").code == 2


def test_upcoming_meeting_moved_or_cancelled_in_a_newer_export(tmp_path):
    ws = workspace(tmp_path / "db.json")
    ids = people(ws)
    first = import_calendar(ws, write(tmp_path, event("lunch", "20261201T110000Z", "Lunch",
                                                      "ATTENDEE:mailto:bo@example.com")))  # fmt: skip
    (plan,) = first.upcoming
    moved = import_calendar(ws, write(tmp_path, event("lunch", "20261202T110000Z", "Lunch",
                                                      "ATTENDEE:mailto:bo@example.com")))  # fmt: skip
    assert [(p.id, p.start.day, p.sequence) for p in moved.upcoming] == [(plan.id, 2, 1)]
    cancelled = import_calendar(ws, write(tmp_path, event("lunch", "20261202T110000Z", "Lunch", "STATUS:CANCELLED",
                                                          "ATTENDEE:mailto:bo@example.com")))  # fmt: skip
    assert cancelled.skipped == {"cancelled": 1}
    assert ws.repo.plan(plan.id).status == "cancelled"
    assert ids["bo"] not in ws.planned_ids()


def test_upcoming_meeting_shows_on_the_person(cli, me_config, tmp_path):
    from rich.console import Console

    from netcrm.domain.warmth import warmth
    from netcrm.ui.widgets.person_view import render_person

    assert cli("add", "Bo Berg", "--email", "bo@example.com").code == 0
    path = write(tmp_path, event("next", "20261124T140000Z", "Quarterly review", "ATTENDEE:mailto:bo@example.com"))
    assert "1 upcoming" in cli("import", "calendar", str(path)).out
    shown = cli("show", "Bo").out
    assert "planned" in shown and "upcoming, from your calendar" in shown
    ws = workspace(tmp_path / "netcrm.json")
    bo = ws.find("Bo")
    page = render_person(bo, warmth(bo, ws.today(), ws.cadences()), [], ws.repo.plans(), {}, BERLIN)
    console = Console(width=100, record=True)
    console.print(page)
    assert "upcoming (from your calendar) — Quarterly review" in console.export_text()


def test_in_a_folder_of_overlapping_exports_the_newest_version_of_a_meeting_wins(tmp_path):
    ws = workspace(tmp_path / "db.json")
    ids = people(ws)
    folder = tmp_path / "exports"
    folder.mkdir()
    write(folder, event("m", "20261110T100000Z", "Moved", "SEQUENCE:2", "ATTENDEE:mailto:bo@example.com"),
          name="a-newer.ics")  # fmt: skip
    write(folder, event("m", "20261109T100000Z", "Original", "SEQUENCE:0", "ATTENDEE:mailto:bo@example.com"),
          name="b-older.ics")  # fmt: skip
    result = import_calendar(ws, folder)
    assert [(t.summary, t.at.day) for t in result.logged] == [("Moved", 10)]
    assert len(ws.repo.timeline(ids["bo"])) == 1


def test_a_catch_up_closed_by_hand_is_not_reopened_by_a_newer_export(tmp_path):
    from netcrm.services.plans import cancel

    ws = workspace(tmp_path / "db.json")
    people(ws)
    (plan,) = import_calendar(ws, write(tmp_path, event("x", "20261201T110000Z", "Lunch",
                                                         "ATTENDEE:mailto:bo@example.com"))).upcoming  # fmt: skip
    cancel(ws, plan)
    import_calendar(ws, write(tmp_path, event("x", "20261203T110000Z", "Lunch", "ATTENDEE:mailto:bo@example.com")))
    kept = ws.repo.plan(plan.id)
    assert (kept.status, kept.start.day) == ("cancelled", 1)
