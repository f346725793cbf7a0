"""`netcrm export ics` and the auto-exported calendar file, as a user runs them."""

from __future__ import annotations

import stat

from ics_support import read_icalendar, rfc5545_problems

from netcrm.services.people import update_contact
from netcrm.services.workspace import open_workspace


def _plan(cli, *extra: str) -> str:
    cli("add", "Zoë Ødegård", "--email", "zoe@acme.example")
    out = cli("plan", "zoe", "--at", "fri 10:00", "--kind", "coffee", "--where", "Café Central", *extra).out
    return out.rsplit("(", 1)[1].rstrip(")\n")


def test_export_to_stdout_is_a_strict_calendar(cli):
    plan_id = _plan(cli, "--remind", "15m")
    for args in (("export", "ics"), ("export", "ics", "-o", "-")):
        result = cli(*args)
        assert result.code == 0
        data = result.out.encode()
        assert rfc5545_problems(data) == []
        (event,) = read_icalendar(data)
        assert (event["uid"], event["summary"]) == (f"{plan_id}@netcrm", "Coffee with Zoë Ødegård")


def test_export_to_a_file_is_private_and_says_what_it_wrote(cli, tmp_path):
    _plan(cli)
    target = tmp_path / "netcrm.ics"
    result = cli("export", "ics", "-o", str(target), "--birthdays")
    assert result.code == 0
    assert "exported 1 event (1 planned)" in result.out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert rfc5545_problems(target.read_bytes()) == []


def test_nothing_planned_says_so_and_writes_nothing(cli, tmp_path):
    target = tmp_path / "netcrm.ics"
    assert cli("init", "--yes").code == 0  # an empty network
    result = cli("export", "ics", "-o", str(target))
    assert (result.code, result.out) == (0, "")
    assert "no catch-ups to export" in result.err
    assert not target.exists()


def _birthday(name: str, day: str) -> None:
    """Birthdays come in through YAML or the TUI; both save through this service (the cli
    fixture points NETCRM_DB at the test database)."""
    ws = open_workspace()
    update_contact(ws, ws.find(name), {"birthday": day})


def test_birthdays_alone_are_worth_a_file(cli, tmp_path):
    cli("add", "Ann Lee")
    cli("add", "Bo Li")
    _birthday("ann", "--07-14")
    result = cli("export", "ics", "--birthdays")
    assert result.code == 0
    (event,) = read_icalendar(result.out.encode())
    assert event["summary"] == "Ann Lee's birthday"


def test_unwritable_path_is_one_line_exit_2(cli, tmp_path):
    _plan(cli)
    result = cli("export", "ics", "-o", str(tmp_path / "no" / "such" / "dir" / "x.ics"))
    assert result.code == 2
    assert result.err.startswith("netcrm: -o ") and result.err.count("\n") == 1


def _auto_export(tmp_path, target) -> None:
    (tmp_path / "config.yaml").write_text(f"timezone: Europe/Berlin\nics_export: {target}\n")


def test_auto_export_follows_plan_done_and_cancel(cli, tmp_path):
    target = tmp_path / "calendars" / "netcrm.ics"
    _auto_export(tmp_path, target)
    first = _plan(cli)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    (event,) = read_icalendar(target.read_bytes())
    assert (event["uid"], event["status"], event["sequence"]) == (f"{first}@netcrm", "CONFIRMED", 0)

    second = cli("plan", "zoe", "--at", "mon 12:00", "--kind", "lunch").out.rsplit("(", 1)[1].rstrip(")\n")
    assert cli("done", first, "--note", "great chat").code == 0
    assert cli("cancel", second).code == 0
    events = {e["uid"]: e for e in read_icalendar(target.read_bytes())}
    assert (events[f"{first}@netcrm"]["status"], events[f"{first}@netcrm"]["sequence"]) == ("CONFIRMED", 1)
    assert "Last touch: coffee on" in events[f"{first}@netcrm"]["description"]
    assert (events[f"{second}@netcrm"]["status"], events[f"{second}@netcrm"]["sequence"]) == ("CANCELLED", 1)
    assert rfc5545_problems(target.read_bytes()) == []


def test_auto_export_failure_warns_but_keeps_the_change(cli, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    _auto_export(tmp_path, blocker / "netcrm.ics")
    result = cli("add", "Ann Lee")
    assert result.code == 0
    assert "warning: could not update the calendar file" in result.err
    assert cli("show", "ann").code == 0


def test_auto_export_with_birthdays(cli, tmp_path):
    target = tmp_path / "netcrm.ics"
    (tmp_path / "config.yaml").write_text(f"ics_export: {target}\nics_birthdays: true\n")
    cli("add", "Ann Lee")
    assert not target.exists()  # no events yet: no empty calendar
    _birthday("ann", "1990-07-14")
    _plan(cli)
    assert sorted(e["summary"] for e in read_icalendar(target.read_bytes())) == [
        "Ann Lee's birthday",
        "Coffee with Zoë Ødegård",
    ]
