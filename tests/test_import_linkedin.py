"""LinkedIn Connections.csv import: each quirk of the real export, and job changes on re-import."""

from __future__ import annotations

import json

from conftest import snapshot_of

from netcrm.formats.linkedin_csv import parse_connected_on

PREAMBLE = (
    'Notes:\r\n"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their connections to see or "
    'download their email address using this setting https://www.linkedin.com/psettings/privacy/email"\r\n\r\n'
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def write(tmp_path, rows: str, name: str = "Connections.csv", bom: bool = True):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + (PREAMBLE + HEADER + rows).encode("utf-8"))
    return path


def people(cli) -> dict[str, dict]:
    return {p["name"]: p for p in json.loads(cli("list", "--json").out)}


def timeline(cli, name: str) -> list[dict]:
    return json.loads(cli("show", name, "--json").out)["timeline"]


def test_export_with_preamble_bom_crlf_quoted_commas_and_nameless_rows(cli, tmp_path):
    path = write(
        tmp_path,
        'Jane,Doe,https://www.linkedin.com/in/jane-doe-123,,"Acme, Inc.","Head of Data, EMEA",05 Mar 2024\r\n'
        ",,,,,,12 Jan 2023\r\n"
        "Björn,Åberg,https://www.linkedin.com/in/bjorn,bjorn@example.se,Volvo,Engineer,1 Feb 2020\r\n",
    )
    result = cli("import", "linkedin", str(path))
    assert result.code == 0, result.err
    assert "Connections.csv line 6: no name" in result.out
    assert "created 2, merged 0, unchanged 0, skipped 1" in result.out
    found = people(cli)
    jane = found["Jane Doe"]
    assert (jane["org"], jane["title"]) == ("Acme, Inc.", "Head of Data, EMEA")
    assert jane["met_on"] == "2024-03-05"
    assert jane["links"] == ["https://www.linkedin.com/in/jane-doe-123"]
    assert "emails" not in jane or jane["emails"] == []
    assert found["Björn Åberg"]["emails"] == ["bjorn@example.se"]
    first = timeline(cli, "jane")
    assert [(t["kind"], t["at"][:10]) for t in first] == [("connected", "2024-03-05")]


def test_header_is_found_without_a_preamble_or_bom_and_columns_by_name(cli, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Connected On,Company,First Name,Last Name\n2024-01-02,Initech,Ann,Lee\n")
    assert cli("import", "linkedin", str(path)).code == 0
    ann = people(cli)["Ann Lee"]
    assert ann["org"] == "Initech" and ann["met_on"] == "2024-01-02"


def test_not_a_linkedin_file_is_one_line_error_and_writes_nothing(cli, tmp_path, db_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n")
    result = cli("import", "linkedin", str(path))
    assert result.code == 2 and "no header line" in result.err
    assert not db_path.exists()


def test_bad_date_skips_the_row_with_its_line(cli, tmp_path):
    path = write(tmp_path, "Ann,Lee,,,,,31 Foo 2024\r\nBo,Ek,,,,,01 Jan 2024\r\n")
    result = cli("import", "linkedin", str(path))
    assert "line 5: Connected On: cannot read date '31 Foo 2024'" in result.out
    assert list(people(cli)) == ["Bo Ek"]


def test_reimport_of_a_newer_export_records_job_changes_as_milestones(cli, tmp_path):
    cli("add", "Bob Smith", "--org", "Globex Corp")  # the user's own record, found by name
    old = write(
        tmp_path,
        'Jane,Doe,https://www.linkedin.com/in/jane-doe-123,,"Acme, Inc.",Analyst,05 Mar 2024\r\n'
        "Bob,Smith,https://www.linkedin.com/in/bobsmith,bob@example.com,Globex,Engineer,1 Feb 2020\r\n",
        "old.csv",
    )
    new = write(
        tmp_path,
        "Jane,Doe,https://linkedin.com/in/jane-doe-123/,,Initech,Analyst,05 Mar 2024\r\n"
        "Bob,Smith,https://www.linkedin.com/in/bobsmith,bob@example.com,Globex,Principal Engineer,1 Feb 2020\r\n",
        "new.csv",
    )
    cli("import", "linkedin", str(old))
    assert people(cli)["Bob Smith"]["org"] == "Globex Corp"  # the user's value wins on first match
    result = cli("import", "linkedin", str(new))
    assert "Jane Doe: Moved from Acme, Inc. to Initech" in result.out
    assert "Bob Smith: New role: Principal Engineer at Globex Corp" in result.out
    found = people(cli)
    assert found["Jane Doe"]["org"] == "Initech"
    assert found["Bob Smith"]["title"] == "Principal Engineer"
    jane = timeline(cli, "jane")
    assert [t["kind"] for t in jane] == ["milestone", "connected"]
    assert jane[0]["summary"].startswith("Moved")
    assert timeline(cli, "bob")[0]["summary"].startswith("New role")
    again = cli("import", "linkedin", str(new))
    assert "created 0, merged 0, unchanged 2" in again.out
    assert len(timeline(cli, "jane")) == 2  # no second "connected", no repeated milestone


def test_dry_run_lists_the_plan_and_writes_nothing(cli, tmp_path, db_path):
    cli("add", "Jane Doe")
    before = snapshot_of(db_path)
    path = write(tmp_path, "Jane,Doe,,,Acme,CTO,05 Mar 2024\r\nNew,Person,,,,,05 Mar 2024\r\n")
    result = cli("import", "linkedin", str(path), "--dry-run")
    assert result.code == 0
    assert "merge      Jane Doe (jane-doe)" in result.out and "same name" in result.out
    assert "create     New Person (new-person)" in result.out
    assert "would be: created 1, merged 1" in result.out
    assert snapshot_of(db_path) == before


def test_connected_on_formats():
    assert str(parse_connected_on("05 Mar 2024")) == "2024-03-05"
    assert str(parse_connected_on("5 Sept 2024")) == "2024-09-05"
    assert parse_connected_on("Mar 5") is None
