"""`import yaml` on broken folders: one line naming the file (and the line), exit 2, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hostile_support import db_digest


@pytest.fixture
def exported(cli, tmp_path: Path) -> Path:
    """A valid export of two people and a touch, from the CLI."""
    assert cli("add", "Zoe Zed", "--org", "Northwind").code == 0
    assert cli("add", "Raj Patel").code == 0
    assert cli("log", "zoe", "--kind", "call", "--note", "budget").code == 0
    folder = tmp_path / "export"
    assert cli("export", "yaml", str(folder)).code == 0
    return folder


def touch_file(folder: Path) -> Path:
    return next((folder / "touches").glob("*.yaml"))


def two_touches(first: str, second: str) -> str:
    return (f"- id: {first}\n  contacts: [zoe-zed]\n  at: 2026-11-01 10:00:00+00:00\n  kind: call\n"
            f"- id: {second}\n  contacts: [zoe-zed]\n  at: 2026-11-02 10:00:00+00:00\n  kind: email\n")


BROKEN = {
    "not utf-8": (lambda f: (f / "people/zoe-zed.yaml").write_bytes(b"id: zoe-zed\nname: Zo\xe9\n"),
                  "people/zoe-zed.yaml: line 2: not UTF-8"),
    "folder named x.yaml": (lambda f: (f / "people/x.yaml").mkdir(), "people/x.yaml: is a folder"),
    "impossible date": (lambda f: touch_file(f).write_text(
        "- id: t-1\n  contacts: [zoe-zed]\n  at: 2026-02-31 10:00:00+00:00\n  kind: call\n"),
        "line 3: no such date"),
    "touch without contacts": (lambda f: touch_file(f).write_text(
        "- id: t-1\n  at: 2026-02-01 10:00:00+00:00\n  kind: call\n"), "contacts"),
    "duplicate touch ids": (lambda f: touch_file(f).write_text(two_touches("t-1", "t-1")),
                            "line 5: id 't-1' is used twice"),
    "repeated key": (lambda f: (f / "people/zoe-zed.yaml").write_text(
        "id: zoe-zed\nname: Zoe\norg: A\norg: B\n"), "people/zoe-zed.yaml: line 4: org: given twice"),
    "touch in year 1": (lambda f: touch_file(f).write_text(
        "- id: t-1\n  contacts: [zoe-zed]\n  at: 0001-01-01 00:00:00+14:00\n  kind: call\n"),
        "line 3: at: 0001-01-01 00:00:00+14:00 is out of range"),
    "plan in 9999": (lambda f: (f / "plans.yaml").write_text(
        "- id: p-1\n  contacts: [zoe-zed]\n  start: 9999-12-31 23:30:00+00:00\n"),
        "plans.yaml: line 3: start: 9999-12-31 23:30:00+00:00 is out of range"),
    "birthday 31 feb": (lambda f: (f / "people/zoe-zed.yaml").write_text(
        "id: zoe-zed\nname: Zoe\nbirthday: 1980-02-31\n"), "zoe-zed.yaml: line 3: no such date '1980-02-31'"),
    "quoted birthday 31 feb": (lambda f: (f / "people/zoe-zed.yaml").write_text(
        "id: zoe-zed\nname: Zoe\nbirthday: '--02-31'\n"), "zoe-zed.yaml: line 3: birthday: no such date"),
    "touch in the future": (lambda f: touch_file(f).write_text(
        "- id: t-1\n  contacts: [zoe-zed]\n  at: 2030-01-01 00:00:00+00:00\n  kind: call\n"),
        "is in the future"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_folder_is_one_line_and_writes_nothing(cli, exported, db_path, case):
    break_it, expected = BROKEN[case]
    break_it(exported)
    before = db_digest(db_path)
    result = cli("import", "yaml", str(exported))
    assert result.code == 2, result
    assert result.err.count("\n") == 1 and "Traceback" not in result.err, result.err
    assert expected in result.err
    assert db_digest(db_path) == before


def test_symlink_out_of_the_folder_never_leaks_its_content(cli, exported, db_path, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2 and more\n")
    os.symlink(secret, exported / "people" / "leak.yaml")
    result = cli("import", "yaml", str(exported))
    assert result.code == 2
    assert "hunter2" not in result.err and "outside" in result.err


def test_imported_control_characters_are_removed_and_reported(cli, exported, db_path):
    (exported / "people/zoe-zed.yaml").write_text('id: zoe-zed\nname: "Zoe\\e[2J Zed"\ntitle: "Boss\\e]0;pwned\\a"\n')
    result = cli("import", "yaml", str(exported))
    assert result.code == 0, result.err
    assert "cleaned: people/zoe-zed.yaml: name, title (control characters removed)" in result.out
    shown = cli("show", "zoe-zed", "--json").out
    assert '"name":"Zoe[2J Zed"' in shown and "\\u001b" not in shown
