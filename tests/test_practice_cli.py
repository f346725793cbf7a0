"""`netcrm today / stats / intros / intro`: text, JSON shapes, acting on the queue, errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import snapshot_of

from netcrm.services.people import update_contact
from netcrm.services.workspace import open_workspace

MONDAY = "2026-11-23T10:00:00+01:00"


@pytest.fixture
def monday_cli(cli, monkeypatch):
    monkeypatch.setenv("NETCRM_NOW", MONDAY)
    cli("add", "Ann Lee", "--org", "Acme", "--department", "Finance", "--circle", "internal")
    cli("add", "Bob Ray", "--org", "Beta")
    cli("log", "ann", "--kind", "coffee", "--note", "budget season", "--at", "94 days ago")
    cli("log", "bob", "--kind", "call", "--at", "70 days ago")
    return cli


def test_today_json_shape_and_stability(monday_cli):
    first = json.loads(monday_cli("today", "--json").out)
    assert set(first) == {"day", "work_day", "target", "done", "waiting", "skipped", "queue"}
    assert first["day"] == "2026-11-23" and first["work_day"] is True and first["target"] == 1
    [entry] = first["queue"]
    assert entry["name"] == "Ann Lee"
    assert entry["reasons"] == ["cold: 94 days, cadence 30"]
    assert "budget season" in entry["starter"]
    assert set(entry) >= {"id", "name", "org", "department", "title", "reasons", "starter", "done"}
    assert json.loads(monday_cli("today", "--json").out) == first


def test_done_logs_a_touch_and_stays_listed(monday_cli):
    result = monday_cli("today", "--done", "ann", "--kind", "call", "--note", "caught up")
    assert result.code == 0 and "done" in result.out
    queue = json.loads(monday_cli("today", "--json").out)
    assert [(e["name"], e["done"]) for e in queue["queue"]] == [("Ann Lee", True)]
    shown = json.loads(monday_cli("show", "ann", "--json").out)
    assert shown["timeline"][0]["kind"] == "call"
    assert shown["timeline"][0]["summary"] == "caught up"


def test_skip_brings_the_next_person_and_lasts_the_day(monday_cli):
    assert monday_cli("today", "--skip", "ann").code == 0
    queue = json.loads(monday_cli("today", "--json").out)
    assert [e["name"] for e in queue["queue"]] == ["Bob Ray"]
    assert queue["skipped"] == 1
    queue = json.loads(monday_cli("today", "--skip", "bob", "--json").out)  # acting with --json prints the queue
    assert queue["queue"] == [] and queue["skipped"] == 2


def test_snooze_from_the_queue(monday_cli):
    result = monday_cli("today", "--snooze", "ann")
    assert result.code == 0 and "2026-11-30" in result.out
    assert json.loads(monday_cli("show", "ann", "--json").out)["snoozed_until"] == "2026-11-30"


def test_acting_on_someone_not_queued_is_exit_1_and_writes_nothing(monday_cli, db_path):
    before = snapshot_of(db_path)
    result = monday_cli("today", "--done", "bob")
    assert result.code == 1
    assert "not in today's queue" in result.err
    assert snapshot_of(db_path) == before


def test_sunday_queue_is_optional(cli):
    cli("add", "Ann Lee")
    cli("log", "ann", "--kind", "call", "--at", "90 days ago")
    data = json.loads(cli("today", "--json").out)
    assert data["work_day"] is False
    assert "day off" in cli("today").out


def test_stats_json_shape(monday_cli):
    monday_cli("log", "ann", "--kind", "email", "--inbound", "--at", "93 days ago")
    data = json.loads(monday_cli("stats", "--json").out)
    assert set(data) == {"day", "habit", "funnel", "activity", "map"}
    assert data["funnel"]["reached"] == 2 and data["funnel"]["responded"] == 1
    assert set(data["habit"]["periods"]) == {"week", "month", "year"}
    assert len(data["activity"]) == 52 and sum(w["touches"] for w in data["activity"]) == 3
    assert data["map"]["departments"][0]["name"] == "Finance"
    assert data["map"]["cold_departments"] == ["Finance"]
    text = monday_cli("stats").out
    assert "streak" in text and "2 reached, 1 responded (50%)" in text and "no warm contact" in text


def test_stats_rejects_a_bad_period(monday_cli):
    result = monday_cli("stats", "--days", "0")
    assert result.code == 2 and "--days" in result.err


def test_intros_suggest_record_and_outcome(cli):
    cli("add", "Ann Lee", "--org", "Acme")
    cli("add", "Ben Ode", "--org", "Beta")
    ws = open_workspace(Path(os.environ["NETCRM_DB"]))  # no CLI flag for asks/skills: use the service
    update_contact(ws, ws.find("ann"), {"asks": ["pricing strategy"]})
    update_contact(ws, ws.find("ben"), {"skills": ["Pricing strategy"]})

    [pair] = json.loads(cli("intros", "--json").out)
    assert {pair["a"]["name"], pair["b"]["name"]} == {"Ann Lee", "Ben Ode"}
    assert pair["across"] == "organisations" and pair["reasons"]
    assert set(pair) == {"a", "b", "score", "across", "reasons"}

    assert cli("intro", "ann", "ben", "--why", "pricing").code == 0
    assert json.loads(cli("intros", "--json").out) == []
    timeline = json.loads(cli("show", "ben", "--json").out)["timeline"]
    assert timeline[0]["kind"] == "introduction"
    [made] = json.loads(cli("intros", "--made", "--json").out)
    assert made["why"] == "pricing"
    assert cli("intro", made["id"], "--outcome", "they met twice").code == 0
    assert cli("intro", "ann", "ben", "--outcome", "signed a deal").code == 0
    assert json.loads(cli("intros", "--made", "--json").out)[0]["outcome"] == "signed a deal"


def test_intro_errors(cli, db_path):
    cli("add", "Ann Lee")
    cli("add", "Ben Ode")
    before = snapshot_of(db_path)
    assert cli("intro", "ann", "ben").code == 2
    assert cli("intro", "ann", "ann", "--why", "x").code == 2
    assert cli("intro", "x-nope", "--outcome", "text").code == 1
    assert cli("intro", "ann", "ben", "--outcome", "met").code == 1
    assert snapshot_of(db_path) == before


def test_practice_services_do_not_import_textual():
    import subprocess
    import sys

    code = ("import sys, netcrm.services.today, netcrm.services.stats, netcrm.services.introductions, "
            "netcrm.commands.practice; assert 'textual' not in sys.modules, 'textual imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
