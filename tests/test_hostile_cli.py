"""Each hostile input of issue 10 on the command line: one line on stderr, the right exit status,
nothing written; imports clean control characters and say so; a full or read-only disk is
reported, not a traceback."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from netcrm.domain.when import DateError, parse_minutes, parse_when
from tests.conftest import NOW
from tests.hostile_support import db_digest, tree_digest


@pytest.fixture
def zoe(cli):
    assert cli("add", "Zoe Zed", "--org", "Northwind").code == 0
    return "zoe"


REFUSED = [
    (["add", "Evil\x1b[2J\x1b]0;pwned\x07 Name"], "name: a control character"),
    (["add", "Ann", "--title", "T\rOVERWRITE"], "title: a control character"),
    (["add", "Ann", "--email", "not an email"], "emails: 'not an email' is not an email address"),
    (["log", "zoe", "--kind", "call", "--at", ""], "empty date"),
    (["log", "zoe", "--kind", "call", "--at", "0001-01-01 00:00+14:00"], "out of range"),
    (["log", "zoe", "--kind", "call", "--at", "in 99999999 days"], "out of range"),
    (["log", "zoe", "--kind", "call", "--at", "in 9999999999999 years"], "out of range"),
    (["log", "zoe", "--kind", "call", "--note", "a \x1b]8;;http://evil.example\x1b\\link"], "summary: a control"),
    (["plan", "zoe", "--at", "9999-12-31 23:30"], "out of range"),
    (["plan", "zoe", "--at", "tomorrow 10:00", "--duration", "0"], "at least 1 minute"),
    (["plan", "zoe", "--at", "tomorrow 10:00", "--where", "\x9b2J"], "where: a control character"),
    (["snooze", "zoe", "--until", "in 999999999999 days"], "out of range"),
    (["export", "ics", "-o", ""], "not a file name"),
    (["show", "zo\udc9be"], "is not valid UTF-8"),
]


@pytest.mark.parametrize(("args", "message"), REFUSED, ids=lambda v: repr(v)[:40])
def test_hostile_argument_is_one_line_exit_2_nothing_written(cli, zoe, db_path, args, message):
    before = db_digest(db_path)
    result = cli(*args)
    assert result.code == 2, result
    assert result.err.count("\n") == 1 and message in result.err, result.err
    assert "\x1b" not in result.err and "\x9b" not in result.err
    assert db_digest(db_path) == before


def test_a_valid_email_and_a_real_birthday_are_accepted(cli):
    assert cli("add", "Ann Lee", "--email", "ann@lee.example").code == 0


@pytest.mark.parametrize("text", ["in 99999999 days", "in 9999999999999 years", "99999999999999 minutes ago",
                                  "in " + "9" * 5000 + " days", "dec 3 99999", "x" * 10_000])
def test_the_when_parser_never_overflows(text):
    with pytest.raises(DateError):
        parse_when(text, NOW)


def test_durations_refuse_zero_when_asked_and_huge_numbers_always():
    assert parse_minutes("0") == 0
    with pytest.raises(DateError):
        parse_minutes("0", least=1)
    with pytest.raises(DateError):
        parse_minutes("9" * 5000)


def test_dates_keep_their_range_limits():
    assert parse_when("1900-01-01 10:00", NOW).year == 1900
    assert parse_when("2126-12-31 10:00", NOW).year == 2126
    for text in ("1899-12-31 10:00", "2127-01-01 10:00"):
        with pytest.raises(DateError):
            parse_when(text, NOW)
    assert parse_when("3 days ago", NOW) == NOW - dt.timedelta(days=3)


def test_export_ics_with_nothing_to_export_says_the_old_file_was_kept(cli, tmp_path):
    old = tmp_path / "cal.ics"
    old.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert cli("init", "--yes").code == 0  # an empty network
    result = cli("export", "ics", "-o", str(old))
    assert result.code == 0
    assert f"{old}: not written; the file there was left as it was" in result.err
    assert old.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def test_vcard_import_cleans_control_characters_and_says_so(cli, tmp_path):
    card = tmp_path / "evil.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Evil\x1b[2J Person\r\nN:Person;Evil;;;\r\n"
                    "TITLE:Boss\x1b]0;pwned\x07\r\nEND:VCARD\r\n", encoding="utf-8")
    result = cli("import", "vcard", str(card))
    assert result.code == 0, result.err
    assert "removed control characters from 1" in result.out
    assert "cleaned:" in result.out and "name" in result.out and "title" in result.out
    shown = cli("show", "evil", "--json").out
    assert "\\u001b" not in shown and '"title":"Boss]0;pwned"' in shown


def test_linkedin_import_cleans_control_characters(cli, tmp_path):
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
                   "Evil\x1b[2J,Person,,,Acme\x9b,CEO,01 Jan 2024\r\n", encoding="utf-8")
    result = cli("import", "linkedin", str(csv))
    assert result.code == 0, result.err
    assert "removed control characters from 1" in result.out


# The operating system says no ------------------------------------------------------------------

def _mount(tmp_path: Path, options: str) -> Path:
    point = tmp_path / "small-disk"
    point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    return point


@pytest.fixture
def full_disk(tmp_path: Path):
    """A 64 KiB tmpfs holding an old calendar, then filled to the last byte."""
    point = _mount(tmp_path, "size=64k,mode=0700")
    try:
        (point / "cal.ics").write_bytes(b"OLD CALENDAR\r\n")
        with open(point / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 1024)
            except OSError:
                pass
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.fixture
def read_only_disk(tmp_path: Path):
    point = _mount(tmp_path, "size=64k,mode=0700")
    try:
        (point / "cal.ics").write_bytes(b"OLD CALENDAR\r\n")
        subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.mark.parametrize("disk", ["full_disk", "read_only_disk"])
def test_export_ics_to_a_disk_that_says_no(cli, zoe, request, disk):
    point = request.getfixturevalue(disk)
    assert cli("plan", "zoe", "--at", "tomorrow 10:00").code == 0
    before = tree_digest(point)
    result = cli("export", "ics", "-o", str(point / "cal.ics"))
    assert result.code == 2, result
    reason = "No space left on device" if disk == "full_disk" else "Read-only file system"
    assert result.err.count("\n") == 1 and "cal.ics" in result.err and reason in result.err, result.err
    assert tree_digest(point) == before  # the old calendar as it was, no temp file left


def test_an_oserror_no_handler_expected_is_one_line_naming_the_file(cli, zoe, read_only_disk):
    """`export yaml` into a read-only folder: the top-level catch names the file and the reason."""
    result = cli("export", "yaml", str(read_only_disk / "out"))
    assert result.code == 2
    assert result.err.count("\n") == 1 and "Read-only file system" in result.err and "out" in result.err


def test_the_ics_export_folder_netcrm_creates_is_private(cli, zoe, tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    target = tmp_path / "cal" / "sub" / "netcrm.ics"
    config.write_text(f"timezone: Europe/Berlin\nics_export: {target}\n")
    old = os.umask(0)
    try:
        assert cli("plan", "zoe", "--at", "tomorrow 10:00").code == 0
    finally:
        os.umask(old)
    assert target.exists()
    assert (tmp_path / "cal").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "cal" / "sub").stat().st_mode & 0o777 == 0o700
