"""A database named with --db or NETCRM_DB that is not there: a read says so (exit 2), naming
the path, and creates nothing; the default database on first run still just works."""

from __future__ import annotations

import pytest
from conftest import contact_file

READS = [
    ("list",), ("list", "--cold", "--json"), ("show", "zoe"), ("today",), ("plans",), ("stats",),
    ("intros",), ("dupes",), ("export", "ics"), ("log", "zoe"), ("undo",), ("doctor",),
]


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_read_of_a_named_database_that_is_not_there_is_one_line_exit_2(cli, tmp_path, args):
    missing = tmp_path / "typo" / "netcrm.json"
    result = cli("--db", str(missing), *args)
    assert result.code == 2
    assert result.out == ""
    assert result.err == (f"netcrm: {missing}: no database there (--db); check the path, "
                          "or start one with `netcrm init` or `netcrm add NAME`\n")
    assert not missing.parent.exists()


def test_netcrm_db_naming_a_missing_database_is_named_in_the_error(cli, db_path):
    result = cli("list")  # the cli fixture sets NETCRM_DB to a path nothing has created yet
    assert result.code == 2 and f"{db_path}: no database there (NETCRM_DB)" in result.err
    assert not db_path.exists()


def test_add_and_import_start_a_named_database(cli, db_path, tmp_path):
    assert cli("add", "Ann Lee").code == 0
    assert "Ann Lee" in cli("list").out
    other = tmp_path / "other.json"
    (tmp_path / "people.vcf").write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Bo Chen\nEND:VCARD\n")
    assert cli("--db", str(other), "import", "vcard", str(tmp_path / "people.vcf")).code == 0
    assert "Bo Chen" in cli("--db", str(other), "list").out


def test_the_default_database_on_first_run_is_empty_not_an_error(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("NETCRM_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = cli("list")
    assert result.code == 0 and "no people yet" in result.out.lower()
    doctor = cli("doctor")
    assert doctor.code == 0 and "no database yet" in doctor.out
    assert cli("add", "Ann Lee").code == 0
    assert contact_file(tmp_path / "data" / "netcrm" / "netcrm.json", "ann-lee").is_file()
