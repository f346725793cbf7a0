"""Output that fits the ecosystem: CSV a spreadsheet cannot run, text that fits the terminal,
colour only on a terminal and never with NO_COLOR, JSON on every listing."""

from __future__ import annotations

import csv
import io
import json

import pytest


@pytest.fixture
def people(cli):
    cli("add", "Ann Lee", "--org", "=HYPERLINK(\"http://evil.example\",\"click\")", "--title", "+1 555 0100")
    cli("add", "Bo Chen", "--org", "Lumen Health Systems International Holdings", "--department", "@finance",
        "--title", "Vice President of Very Long Titles and Other Matters", "--tag=-mentor")
    cli("log", "bo", "--kind", "call", "--at", "150 days ago")
    return cli


def test_csv_neutralises_formula_cells_and_keeps_the_rest(people):
    result = people("list", "--format", "csv")
    assert result.code == 0
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [r["name"] for r in rows] == ["Ann Lee", "Bo Chen"]
    ann, bo = rows
    assert ann["org"] == "'=HYPERLINK(\"http://evil.example\",\"click\")" and ann["title"] == "'+1 555 0100"
    assert bo["department"] == "'@finance" and bo["tags"] == "'-mentor"
    assert bo["band"] == "cold" and bo["overdue_days"] == "90"  # numbers stay numbers, even negative ones
    assert int(ann["overdue_days"]) < 0


def test_human_output_fits_the_terminal_width(people, monkeypatch):
    wide = people("list").out
    assert max(len(line) for line in wide.splitlines()) > 60  # piped: nothing is cut
    monkeypatch.setenv("COLUMNS", "60")
    narrow = people("list").out
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert "Ann Lee" in narrow and "Bo Chen" in narrow and "…" in narrow


def test_colour_only_when_asked_for_and_never_with_no_color(people, monkeypatch):
    assert "\x1b[" not in people("list").out  # not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = people("list").out
    assert "\x1b[31m✕\x1b[0m" in coloured  # Bo is cold: red, as in the app
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in people("list").out
    assert "\x1b[" not in people("list", "--json").out


@pytest.mark.parametrize("command", [["list"], ["show", "bo"], ["today"], ["stats"], ["intros"], ["plans"]])
def test_every_listing_has_json(people, command):
    result = people(*command, "--json")
    assert result.code == 0, result.err
    json.loads(result.out)


def test_stored_control_characters_never_reach_the_terminal(cli, ws):
    import msgspec

    from netcrm.services.people import add_contact

    eve = add_contact(ws, "Eve")  # stored before names were checked, or written by another program
    with ws.repo.transaction():
        ws.repo.put(msgspec.structs.replace(eve, org="\x1b]0;owned\x07Evil Corp"))
    out = cli("list").out
    assert "\x1b" not in out and "\x07" not in out and "␛]0;owned\\x07Evil Corp" in out
    assert json.loads(cli("list", "--json").out)[0]["org"] == "\x1b]0;owned\x07Evil Corp"  # JSON is exact
