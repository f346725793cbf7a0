"""`netcrm edit NAME`: the person as YAML in a scripted $EDITOR, validated and reopened on errors."""

from __future__ import annotations

import json
import shlex
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from conftest import snapshot_of

from netcrm.services.edit import EditCancelled, edit_contact_in_editor, editor_command
from netcrm.services.people import add_contact
from tests.hostile_support import db_digest

# A stand-in editor: each run applies the next step to the file and logs what it was shown.
EDITOR = textwrap.dedent(
    """
    import json, sys
    steps_path, target = sys.argv[1], sys.argv[2]
    steps = json.load(open(steps_path))
    step = steps.pop(0)
    json.dump(steps, open(steps_path, "w"))
    text = open(target, encoding="utf-8").read()
    open(steps_path + ".seen", "a", encoding="utf-8").write(text + "\\n=====\\n")
    if step["do"] == "replace":
        text = text.replace(step["old"], step["new"])
    elif step["do"] == "write":
        text = step["text"]
    open(target, "w", encoding="utf-8").write(text)
    """
)


@pytest.fixture
def editor(tmp_path, monkeypatch):
    script = tmp_path / "fake_editor.py"
    script.write_text(EDITOR)
    steps = tmp_path / "steps.json"

    def script_steps(*items: dict) -> callable:
        steps.write_text(json.dumps(list(items)))
        monkeypatch.setenv(
            "EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} {shlex.quote(str(steps))}"
        )
        monkeypatch.delenv("VISUAL", raising=False)
        return lambda: (tmp_path / "steps.json.seen").read_text(encoding="utf-8").split("\n=====\n")[:-1]

    return script_steps


def test_edit_saves_a_valid_change(cli, editor):
    cli("add", "Ann Lee", "--org", "Acme")
    editor({"do": "replace", "old": "org: Acme", "new": "org: Initech\nskills:\n- SQL"})
    result = cli("edit", "ann")
    assert result.code == 0, result.err
    assert "saved Ann Lee (ann-lee)" in result.out
    shown = json.loads(cli("show", "ann", "--json").out)
    assert shown["org"] == "Initech" and shown["skills"] == ["SQL"]


def test_invalid_yaml_reopens_with_the_error_on_top_and_the_users_text_kept(cli, editor, db_path):
    cli("add", "Ann Lee")
    seen = editor(
        {"do": "replace", "old": "name: Ann Lee", "new": "name: Ann Lee\ncadence: soon"},
        {"do": "replace", "old": "cadence: soon", "new": "cadence: 14"},
    )
    result = cli("edit", "ann")
    assert result.code == 0, result.err
    second = seen()[1]
    lines = second.splitlines()
    assert lines[0].startswith("# error: ann-lee.yaml: line ") and "cadence" in lines[0]
    line_no = int(lines[0].split("line ")[1].split(":")[0])
    assert lines[line_no - 1] == "cadence: soon"  # the line number points into the reopened file
    assert "cadence: soon" in second
    assert json.loads(cli("show", "ann", "--json").out)["cadence"] == 14


def test_unknown_keys_and_id_changes_are_errors(cli, editor):
    cli("add", "Ann Lee")
    seen = editor(
        {"do": "replace", "old": "id: ann-lee", "new": "id: someone-else\nfavourite_colour: blue"},
        {"do": "replace", "old": "favourite_colour: blue\n", "new": ""},
        {"do": "write", "text": ""},
    )
    result = cli("edit", "ann")
    assert "edit cancelled, nothing changed" in result.out
    shown = seen()
    assert "favourite_colour: unknown field" in shown[1].splitlines()[0]
    assert "id: cannot be changed" in shown[2].splitlines()[0]


def test_saving_unchanged_cancels_without_writing(cli, editor, db_path):
    cli("add", "Ann Lee")
    before = db_digest(db_path)
    editor({"do": "replace", "old": "nothing", "new": "here"})
    assert "edit cancelled, nothing changed" in cli("edit", "ann").out
    assert db_digest(db_path) == before


def test_unchanged_after_an_error_stops_keeps_the_text_and_exits_2(cli, editor, db_path, monkeypatch, tmp_path):
    """An editor that cannot fix the problem (or a user who gave up) must not be asked forever."""
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    tempfile.tempdir = None  # read TMPDIR again
    cli("add", "Ann Lee")
    before = db_digest(db_path)
    seen = editor({"do": "replace", "old": "name: Ann Lee", "new": "name: Ann Lee\ncadence: soon"},
                  {"do": "replace", "old": "x-x", "new": "y"},
                  {"do": "replace", "old": "x-x", "new": "y"})
    try:
        result = cli("edit", "ann")
    finally:
        tempfile.tempdir = None
    assert result.code == 2 and result.err.count("\n") == 1
    assert "cadence" in result.err and "your text is kept in" in result.err
    assert len(seen()) == 2  # opened twice, then stopped
    kept = Path(result.err.split("kept in ")[1].rstrip(")\n"))
    assert "cadence: soon" in kept.read_text()
    assert [p.name for p in (tmp_path / "tmp").iterdir()] == [kept.name]  # the work folder is gone
    assert db_digest(db_path) == before


def test_control_characters_and_dates_out_of_range_are_refused_in_edit(cli, editor, db_path):
    cli("add", "Ann Lee")
    seen = editor({"do": "replace", "old": "name: Ann Lee", "new": 'name: "Ann\\e[2J Lee"\nmet_on: 1066-10-14'},
                  {"do": "write", "text": ""})
    assert cli("edit", "ann").code == 0
    first_error = seen()[1].splitlines()[0]
    assert first_error.startswith("# error: ann-lee.yaml: line ") and "name: a control character" in first_error


def test_service_loop_with_an_injected_runner_keeps_last_touch(ws):
    from netcrm.services.touches import log_touch

    ann = add_contact(ws, "Ann Lee")
    log_touch(ws, [ann], kind="call")
    ann = ws.repo.contact(ann.id)

    def runner(path):
        path.write_text(path.read_text().replace("name: Ann Lee", "name: Ann Lee-Smith"))

    saved = edit_contact_in_editor(ws, ann, run=runner)
    assert saved.name == "Ann Lee-Smith" and saved.last_touch == ann.last_touch
    with pytest.raises(EditCancelled):
        edit_contact_in_editor(ws, saved, run=lambda path: None)


def test_editor_command_splits_arguments_and_falls_back_to_vi(monkeypatch):
    monkeypatch.setenv("VISUAL", "code --wait")
    assert editor_command() == ["code", "--wait"]
    monkeypatch.delenv("VISUAL")
    monkeypatch.delenv("EDITOR", raising=False)
    assert editor_command() == ["vi"]


def test_a_failing_editor_is_a_one_line_error(cli, monkeypatch, db_path):
    cli("add", "Ann Lee")
    before = snapshot_of(db_path)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} -c 'raise SystemExit(3)'")
    monkeypatch.delenv("VISUAL", raising=False)
    result = cli("edit", "ann")
    assert result.code == 2 and "exited with status 3" in result.err
    assert snapshot_of(db_path) == before
