"""A CLI that does what the app does: every field on add, delete, touch/plan edit, defaults that
say what they did, help with examples, "did you mean", and shell completion with people's names."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys

import pytest

from netcrm.cli import build_parser


def show(cli, name: str) -> dict:
    result = cli("show", name, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_add_sets_every_form_field(cli):
    assert cli("add", "Zoë Ødegård").code == 0
    result = cli(
        "add", "Raj Patel", "--org", "Northwind", "--department", "Eng", "--title", "Staff Engineer",
        "--tag", "mentor,alumni", "--skill", "python", "--skill", "k8s", "--ask", "hiring", "--offer", "intros",
        "--interest", "climbing", "--goal", "learn", "--email", "raj@example.com", "--phone", "+47 1234",
        "--link", "https://example.org/raj", "--family", "son Ari (4)", "--location", "Oslo",
        "--timezone", "Europe/Oslo", "--how-met", "PyCon", "--met-on", "2024-03-05", "--birthday", "16 apr",
        "--introduced-by", "zoe", "--cadence", "21", "--stage", "active", "--notes", "likes tea",
    )
    assert result.code == 0, result.err
    raj = show(cli, "raj-patel")
    expected = {
        "org": "Northwind", "department": "Eng", "title": "Staff Engineer", "tags": ["mentor", "alumni"],
        "skills": ["python", "k8s"], "asks": ["hiring"], "offers": ["intros"], "interests": ["climbing"],
        "goals": ["learn"], "emails": ["raj@example.com"], "phones": ["+47 1234"],
        "links": ["https://example.org/raj"], "family": ["son Ari (4)"], "location": "Oslo",
        "timezone": "Europe/Oslo", "how_met": "PyCon", "met_on": "2024-03-05", "birthday": "--04-16",
        "introduced_by": "zoe-odegard", "cadence": 21, "stage": "active", "notes": "likes tea",
    }
    assert {k: raj[k] for k in expected} == expected


def test_add_refuses_a_name_already_there_unless_new(cli):
    cli("add", "Zoë Ødegård")
    again = cli("add", "zoe odegard")
    assert again.code == 2 and "zoe-odegard" in again.err and "--new" in again.err
    assert [p["id"] for p in json.loads(cli("list", "--json").out)] == ["zoe-odegard"]
    assert cli("add", "Zoë Ødegård", "--new").code == 0
    assert len(json.loads(cli("list", "--json").out)) == 2


def test_delete_takes_the_touches_only_they_were_in(cli):
    for name in ("Ann Lee", "Bo Chen", "Cy Diaz"):
        cli("add", name)
    cli("log", "ann", "--kind", "call", "--note", "alone")
    cli("log", "ann", "bo", "--kind", "lunch", "--note", "together")
    cli("plan", "ann", "--at", "fri 10:00")
    cli("intro", "ann", "cy", "--why", "both climb")
    cli("add", "Di Eto", "--introduced-by", "ann")
    result = cli("delete", "ann", "--json")
    assert result.code == 0, result.err
    gone = json.loads(result.out)
    assert gone["deleted"]["id"] == "ann-lee"
    assert sorted(r["id"][0] for r in gone["removed"]) == ["p", "t", "x"]  # the call, the plan, the introduction
    assert len(gone["kept_without_them"]) == 3  # the lunch with Bo, the introduction touch with Cy, Di's introducer
    assert cli("show", "ann").code == 1
    assert [t["summary"] for t in show(cli, "bo")["timeline"]] == ["together"]
    assert show(cli, "bo")["timeline"][0]["contacts"] == ["bo-chen"]
    assert "introduced_by" not in show(cli, "di-eto")
    assert json.loads(cli("plans", "--json").out) == []
    assert cli("delete", "nobody").code == 1


def test_touch_edit_and_plan_edit(cli):
    cli("add", "Ann Lee")
    cli("add", "Bo Chen")
    cli("log", "ann", "--kind", "call", "--at", "2 days ago")
    touch = show(cli, "ann")["timeline"][0]
    result = cli("touch", "edit", touch["id"][:6], "--at", "5 days ago", "--kind", "coffee", "--with", "bo", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["kind"] == "coffee" and json.loads(result.out)["contacts"] == ["bo-chen"]
    assert show(cli, "ann")["timeline"] == [] and "last_touch" not in show(cli, "ann")
    assert show(cli, "bo")["days_since_touch"] == 5
    assert cli("touch", "edit", touch["id"], "--at", "tomorrow").err.startswith("netcrm: at: ")

    plan_id = cli("plan", "ann", "--at", "fri 10:00").out.split("(")[-1].rstrip(")\n")
    moved = cli("plan", "edit", plan_id, "--at", "sat 11:00", "--where", "Café", "--json")
    assert moved.code == 0, moved.err
    saved = json.loads(moved.out)
    assert (saved["where"], saved["sequence"], saved["start"][11:16]) == ("Café", 1, "11:00")
    assert cli("plan", "edit", plan_id).code == 2  # nothing to change
    assert cli("plan", "edit", "p-nope", "--at", "fri").code == 1


def test_log_without_kind_uses_the_configured_default_and_says_so(cli, tmp_path):
    cli("add", "Ann Lee")
    out = cli("log", "ann").out
    assert out.startswith("logged message (default_kind from the config")
    (tmp_path / "config.yaml").write_text("timezone: Europe/Berlin\ndefault_kind: email\n")
    assert cli("log", "ann").out.startswith("logged email (default_kind")
    assert cli("log", "ann", "--kind", "call").out.startswith("logged call with")


def test_intro_outcome_is_one_command(cli):
    cli("add", "Ann Lee")
    cli("add", "Bo Chen")
    intro_id = cli("intro", "ann", "bo", "--why", "climbing").out.split("(")[1].split(")")[0]
    assert cli("intro", "ann", "bo", "--outcome", "met twice").code == 0
    assert cli("intro", intro_id, "--outcome", "now friends").code == 0
    made = json.loads(cli("intros", "--made", "--json").out)
    assert [m["outcome"] for m in made] == ["now friends"]
    assert cli("intro", "ann").code == 2
    assert cli("intro-outcome", intro_id, "x").code == 2


def walk(parser: argparse.ArgumentParser, path: str = ""):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from walk(sub, f"{path} {name}".strip())


def test_every_option_has_help_and_every_command_an_example():
    for path, parser in walk(build_parser()):
        assert parser.epilog and "netcrm" in parser.epilog, f"`netcrm {path}` has no example"
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue  # each subcommand is checked on its own
            assert action.help, f"`netcrm {path}`: {action.option_strings or action.dest} has no help line"


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["snoze", "ann"], "did you mean `snooze`?"),
        (["lst"], "did you mean `list`?"),
        (["list", "--jsn"], "did you mean `--json` for `--jsn`?"),
        (["log", "ann", "--kind", "cofee"], "did you mean `coffee`?"),
        (["touch", "edt"], "did you mean `edit`?"),
    ],
)
def test_a_mistyped_command_option_or_value_suggests_the_nearest(cli, args, hint):
    result = cli(*args)
    assert result.code == 2 and hint in result.err and len(result.err.strip().splitlines()) == 1


def test_completion_scripts_cover_commands_options_people_and_plans(cli):
    cli("add", "Zoë Ødegård")
    bash = cli("completion", "bash").out
    assert "complete -F _netcrm netcrm" in bash and '"plan edit"' in bash and "--sort" in bash
    assert "bashcompinit" in cli("completion", "zsh").out
    fish = cli("completion", "fish").out
    assert "complete -c netcrm" in fish and "__complete all-people" in fish and "-l sort" in fish
    assert cli("__complete", "people").out == "zoe-odegard\tZoë Ødegård\n"


# How each shell is asked "what completes `netcrm WORDS`?" (bash and zsh run the same function).
ASK = {
    "bash": 'source {script}; COMP_WORDS=(netcrm {words}); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); _netcrm;'
            ' printf "%s\\n" "${{COMPREPLY[@]}}"',
    "zsh": "source {script}; setopt ksharrays; COMP_WORDS=(netcrm {words}); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1));"
           ' _netcrm; printf "%s\\n" "${{COMPREPLY[@]}}"',
    "fish": "source {script}; complete -C 'netcrm {words}'",
}


@pytest.mark.parametrize("shell", ASK)
def test_shells_complete_names_ids_options_and_values(cli, db_path, tmp_path, shell):
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    cli("add", "Zoë Ødegård")
    cli("add", "Raj Patel")
    script = tmp_path / f"netcrm.{shell}"
    script.write_text(cli("completion", shell).out)
    shim = tmp_path / "bin" / "netcrm"  # the script calls `netcrm`: this one runs the code under test
    shim.parent.mkdir()
    shim.write_text(f"#!/bin/sh\nexec {sys.executable} -m netcrm \"$@\"\n")
    shim.chmod(0o755)
    env = {"PATH": f"{shim.parent}:/usr/bin:/bin", "NETCRM_DB": str(db_path), "HOME": str(tmp_path),
           "NETCRM_CONFIG": str(tmp_path / "none.yaml"), "LC_ALL": "C.UTF-8"}

    def complete(*words: str) -> list[str]:
        typed = " ".join(words) if shell != "fish" else " ".join(w for w in words if w != '""') + (
            " " if words[-1] == '""' else "")
        code = ASK[shell].format(script=script, words=typed)
        argv = [shell, "-f", "-c", code] if shell == "zsh" else [shell, "-c", code]
        out = subprocess.run(argv, capture_output=True, text=True, env=env, check=True).stdout
        return [line.split("\t")[0] for line in out.splitlines() if line]

    escaped = "Zoë Ødegård" if shell == "fish" else "Zoë\\ Ødegård"
    assert complete("sno") == ["snooze"]
    assert complete("list", "--so") == ["--sort"]
    assert complete("list", "--sort", "o") == ["overdue"]
    assert "zoe-odegard" in complete("show", "z")  # fish also offers the name: it matches without case
    assert escaped in complete("show", "Z") and "raj-patel" not in complete("show", "Z")
    assert "raj-patel" in complete("log", "zoe", "r") and "zoe-odegard" not in complete("log", "zoe", "r")
    assert complete("plan", "ed") == ["edit"]
    assert sorted(complete("export", '""')) == ["ics", "yaml"]


def test_a_delete_can_be_undone_exactly(cli):
    for name in ("Ann Lee", "Bo Chen"):
        cli("add", name)
    cli("log", "ann", "--kind", "call")
    cli("log", "ann", "bo", "--kind", "lunch")
    cli("plan", "ann", "bo", "--at", "fri 10:00")
    cli("add", "Cy Diaz", "--introduced-by", "ann")
    before = {name: show(cli, name) for name in ("ann-lee", "bo-chen", "cy-diaz")}
    assert cli("delete", "ann-lee").code == 0
    assert cli("show", "ann-lee").code == 1
    assert cli("undo").code == 0
    after = {name: show(cli, name) for name in ("ann-lee", "bo-chen", "cy-diaz")}
    for shown in (*before.values(), *after.values()):  # touches at the same minute: any order
        shown["timeline"].sort(key=lambda item: item["id"])
    assert after == before
