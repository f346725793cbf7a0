"""`export yaml` is incremental (unchanged files are not rewritten, removed people are removed)
and all-or-nothing (an interrupted export leaves the old tree, or is finished by the next one);
`--git` commits with a message saying what changed."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
from pathlib import Path

import pytest
from test_yaml_roundtrip import build_network, files

from netcrm.errors import NetcrmError
from netcrm.formats.yaml_tree import Bundle, render
from netcrm.services import yaml_export
from netcrm.services.merge_people import merge_people
from netcrm.services.people import add_contact
from netcrm.services.touch_edit import update_touch
from netcrm.services.touches import log_touch
from netcrm.services.yaml_export import export_yaml
from netcrm.services.yaml_io import read_folder


@pytest.fixture
def exported(ws, tmp_path) -> Path:
    build_network(ws)
    folder = tmp_path / "export"
    export_yaml(ws, folder)
    return folder


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_a_second_export_writes_nothing(ws, exported):
    before = mtimes(exported)
    result = export_yaml(ws, exported)
    assert (result.written, result.removed) == ([], [])
    assert mtimes(exported) == before


def test_one_logged_touch_rewrites_only_its_year_and_its_person(ws, exported):
    before = files(exported)
    log_touch(ws, [ws.find("Bo Chen")], kind="coffee", summary="espresso")
    result = export_yaml(ws, exported)
    after = files(exported)
    assert {k for k in after if after[k] != before.get(k)} == set(result.written)
    assert set(result.written) <= {"touches/2026.yaml", "people/bo-chen.yaml"}
    assert "touches/2026.yaml" in result.written
    assert b"espresso" in after["touches/2026.yaml"]
    # Appended to the year's file, and still exactly what a full render gives.
    full = render(Bundle(ws.repo.contacts(), ws.repo.interactions(), ws.repo.plans(), ws.repo.introductions()))
    assert after["touches/2026.yaml"] == full["touches/2026.yaml"].encode()


def test_a_later_touch_with_someone_already_active_changes_one_file(ws, exported, now):
    """What issue 15 asks: a git diff after one logged touch shows one changed file (the
    person's `updated` does not move for a touch; `last_touch` is derived, not exported)."""
    from netcrm.services.workspace import Workspace

    later = Workspace(ws.repo, ws.config, lambda: now + dt.timedelta(days=1))
    zoe = later.find("Zoë")
    assert zoe.stage == "solid"
    before = files(exported)
    log_touch(later, [zoe], kind="call", summary="quick call")
    result = export_yaml(later, exported)
    assert result.written == ["touches/2026.yaml"]
    assert {k for k, v in files(exported).items() if v != before.get(k)} == {"touches/2026.yaml"}


def test_an_old_touch_changed_and_a_new_one_logged_renders_the_whole_year(ws, exported):
    old = max((i for i in ws.repo.interactions() if i.at.year == 2026), key=lambda i: (i.at, i.id))
    update_touch(ws, old, summary="corrected afterwards")
    log_touch(ws, [ws.find("Bo Chen")], kind="coffee", summary="espresso")
    export_yaml(ws, exported)
    full = render(Bundle(ws.repo.contacts(), ws.repo.interactions(), ws.repo.plans(), ws.repo.introductions()))
    assert (exported / "touches" / "2026.yaml").read_text(encoding="utf-8") == full["touches/2026.yaml"]


def test_a_removed_person_is_removed_and_the_rest_kept(ws, exported):
    zoe, bo = ws.find("Zoë"), ws.find("Bo Chen")
    merge_people(ws, zoe, bo)
    result = export_yaml(ws, exported)
    assert "people/bo-chen.yaml" in result.removed
    assert not (exported / "people" / "bo-chen.yaml").exists()
    assert len(read_folder(exported).contacts) == len(ws.repo.contacts())


def test_a_file_edited_by_hand_is_restored(ws, exported):
    path = exported / "people" / "zoe-odegard.yaml"
    original = path.read_bytes()
    path.write_bytes(original.replace(b"Head of FP&A", b"Intern"))
    assert export_yaml(ws, exported).written == ["people/zoe-odegard.yaml"]
    assert path.read_bytes() == original


def test_files_are_private(exported):
    for path in exported.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600)


def fails_on_second_call(real, error: BaseException):
    calls = []

    def wrapper(*args):
        calls.append(args)
        if len(calls) == 2:
            raise error
        return real(*args)

    return wrapper


def test_an_export_interrupted_while_writing_leaves_the_old_tree(ws, exported, monkeypatch):
    before = files(exported)
    add_contact(ws, "Mia Chen", org="Lumen")
    log_touch(ws, [ws.find("Zoë")], kind="call", summary="budget")
    monkeypatch.setattr(yaml_export.os, "write", fails_on_second_call(os.write, OSError(28, "No space left")))
    with pytest.raises(OSError):
        export_yaml(ws, exported)
    assert files(exported) == before  # byte for byte, and no stray temp file
    monkeypatch.undo()
    assert "people/mia-chen.yaml" in export_yaml(ws, exported).written


def test_an_export_interrupted_while_renaming_is_finished_by_the_next(ws, exported, monkeypatch, cli):
    add_contact(ws, "Mia Chen", org="Lumen")
    log_touch(ws, [ws.find("Mia")], kind="call", summary="budget")
    # The process dies half way through the renames.
    monkeypatch.setattr(yaml_export.os, "replace", fails_on_second_call(os.replace, KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        export_yaml(ws, exported)
    monkeypatch.undo()
    with pytest.raises(NetcrmError, match="interrupted"):
        read_folder(exported)  # never half of each
    export_yaml(ws, exported)
    bundle = read_folder(exported)
    assert "mia-chen" in {c.id for c in bundle.contacts}
    assert any(i.summary == "budget" for i in bundle.interactions)
    assert not [p for p in exported.rglob("*") if p.name.endswith(".tmp")]


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    folder = tmp_path / "history"
    folder.mkdir()
    git(folder, "init", "-q")
    git(folder, "config", "user.email", "me@example.org")
    git(folder, "config", "user.name", "Me")
    return folder


def test_git_commits_with_a_message_saying_what_changed(ws, repo):
    build_network(ws)
    first = export_yaml(ws, repo, git=True)
    assert first.committed and first.message.startswith("export 3 people")
    log_touch(ws, [ws.find("Zoë")], kind="coffee", summary="espresso")
    add_contact(ws, "Mia Chen", org="Lumen")
    second = export_yaml(ws, repo, git=True)
    assert git(repo, "log", "-1", "--format=%s").strip() == "log coffee with Zoë Ødegård; +1 person"
    assert second.committed
    assert git(repo, "status", "--porcelain") == ""
    third = export_yaml(ws, repo, git=True)
    assert not third.committed and git(repo, "rev-list", "--count", "HEAD").strip() == "2"


def test_git_into_a_folder_that_is_not_a_repository_writes_nothing(cli, tmp_path):
    cli("add", "Zoë Ødegård")
    folder = tmp_path / "plain"
    result = cli("export", "yaml", str(folder), "--git")
    assert result.code == 2 and "not a git repository" in result.err and "Traceback" not in result.err
    assert not folder.exists()


def test_the_cli_says_what_it_wrote_and_committed(cli, repo):
    cli("add", "Zoë Ødegård")
    result = cli("export", "yaml", str(repo), "--git")
    assert result.code == 0 and "committed: export 1 person and 0 touches" in result.out
    assert "nothing to commit" in cli("export", "yaml", str(repo), "--git").out


def test_auto_export_yaml_commits_after_every_change(cli, repo, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(f"timezone: Europe/Berlin\nauto_export_yaml: {repo}\n")
    assert cli("add", "Zoë Ødegård", "--org", "Northwind").code == 0
    assert (repo / "people" / "zoe-odegard.yaml").exists()
    assert cli("log", "zoe", "--kind", "coffee").code == 0
    log = git(repo, "log", "--format=%s").splitlines()
    assert log == ["log coffee with Zoë Ødegård", "export 1 person and 0 touches"]


def test_auto_export_yaml_that_cannot_be_written_warns_and_keeps_the_change(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    (tmp_path / "config.yaml").write_text(f"timezone: Europe/Berlin\nauto_export_yaml: {blocker}\n")
    result = cli("add", "Zoë Ødegård")
    assert result.code == 0 and "warning: could not update the YAML export" in result.err
    assert "Zoë" in cli("list").out
