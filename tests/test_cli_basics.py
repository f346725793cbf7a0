"""The core CLI contract: add, log, plan, list, show, with one-line errors and exit codes."""

from __future__ import annotations

import json

from conftest import snapshot_of


def test_add_log_and_show_a_person(cli):
    assert cli("add", "Zoë Ødegård", "--org", "Acme", "--department", "Finance", "--tag", "mentor").code == 0
    assert cli("log", "zoe", "--kind", "coffee", "--note", "budget season", "--at", "yesterday 15:00").code == 0
    shown = json.loads(cli("show", "zoe", "--json").out)
    assert shown["name"] == "Zoë Ødegård"
    assert shown["department"] == "Finance"
    assert shown["timeline"][0]["summary"] == "budget season"
    assert shown["timeline"][0]["at"].startswith("2026-11-21T15:00")


def test_unknown_name_is_exit_1_with_one_line(cli):
    cli("add", "Ann Lee")
    result = cli("show", "nobody")
    assert result.code == 1
    assert result.err.strip().count("\n") == 0
    assert "nobody" in result.err


def test_bad_date_is_exit_2_and_writes_nothing(cli, db_path):
    cli("add", "Ann Lee")
    before = snapshot_of(db_path)
    result = cli("log", "ann", "--kind", "call", "--at", "the day after never")
    assert result.code == 2
    assert "cannot read date" in result.err
    assert snapshot_of(db_path) == before


def test_usage_error_is_one_line_exit_2(cli):
    result = cli("log", "ann", "--kind", "dance")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1


def test_the_app_on_a_broken_database_is_a_one_line_error(cli, db_path):
    db_path.write_text('{"contacts": {"1": {"id": "x", "name": ')
    result = cli()
    assert result.code == 2
    assert str(db_path) in result.err and len(result.err.strip().splitlines()) == 1
    assert db_path.read_text() == '{"contacts": {"1": {"id": "x", "name": '
