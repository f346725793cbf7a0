"""A first `export yaml` into an empty folder is written into a staging folder inside it and
moved into place at once: interrupted at any step, the folder holds no half export (the next
export finishes or discards it), and the bytes are what the incremental way writes."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from test_yaml_roundtrip import build_network, files

from netcrm.errors import NetcrmError
from netcrm.formats.yaml_tree import Bundle, render
from netcrm.services import tree_writer, yaml_commit
from netcrm.services.people import add_contact
from netcrm.services.touches import log_touch
from netcrm.services.yaml_export import export_yaml
from netcrm.services.yaml_io import read_folder


def full_render(ws) -> dict[str, bytes]:
    bundle = Bundle(ws.repo.contacts(), ws.repo.interactions(), ws.repo.plans(), ws.repo.introductions())
    return {rel: text.encode("utf-8") for rel, text in render(bundle).items()}


def leftovers(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if yaml_commit.ours(name)]


@pytest.fixture(params=["here", "spawned", "forked"])
def writer(request, monkeypatch):
    """Every way of creating the files: in this process, handed to a writer process, and
    rendered and written by a forked copy of this one (forced here: the test runner has threads)."""
    monkeypatch.setattr(yaml_commit, "SPAWN_FROM", 10**9 if request.param == "here" else 0)
    monkeypatch.setattr(yaml_commit, "can_fork", lambda: request.param == "forked")
    return request.param


def test_a_first_export_is_the_full_render_private_and_tidy(ws, tmp_path, writer):
    build_network(ws)
    folder = tmp_path / "new"
    result = export_yaml(ws, folder)
    assert files(folder) == full_render(ws)
    assert result.written == sorted(full_render(ws)) and result.removed == []
    assert leftovers(folder) == []
    for path in [folder, *folder.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600)
    again = export_yaml(ws, folder)  # the manifest knows every file as written
    assert (again.written, again.removed) == ([], [])


def test_an_empty_folder_that_exists_is_filled_and_keeps_its_own_mode(ws, tmp_path, writer):
    build_network(ws)
    folder = tmp_path / "there"
    folder.mkdir(mode=0o750)
    export_yaml(ws, folder)
    assert files(folder) == full_render(ws)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750  # the user's folder, not replaced


@pytest.mark.parametrize("where", ["here", "forked"])
def test_a_failure_while_writing_leaves_the_folder_as_it_was(ws, tmp_path, monkeypatch, where):
    """Disk full in this process, or in the forked copy writing the people: said, nothing left."""
    build_network(ws)
    monkeypatch.setattr(yaml_commit, "SPAWN_FROM", 0 if where == "forked" else 10**9)
    monkeypatch.setattr(yaml_commit, "can_fork", lambda: where == "forked")
    folder = tmp_path / "new"
    folder.mkdir()
    calls, exporter = [], os.getpid()

    def disk_full(*args):
        calls.append(args)
        if len(calls) == 3 and (where == "here" or os.getpid() != exporter):
            raise OSError(28, "No space left on device")
        return real_write(*args)

    real_write = os.write
    monkeypatch.setattr(tree_writer.os, "write", disk_full)
    with pytest.raises(OSError, match="No space left"):
        export_yaml(ws, folder)
    monkeypatch.undo()
    assert os.listdir(folder) == []  # no staging folder, no journal
    export_yaml(ws, folder)
    assert files(folder) == full_render(ws)


def test_a_writer_process_that_fails_says_why_and_leaves_nothing(ws, tmp_path, monkeypatch):
    build_network(ws)
    folder = tmp_path / "new"
    folder.mkdir()
    failing = ("import sys, json; sys.stdin.buffer.read(10); "
               "sys.stderr.write(json.dumps({'errno': 28, 'error': 'No space left on device', 'file': 'x'})); sys.exit(1)")
    monkeypatch.setattr(yaml_commit, "SPAWN_FROM", 0)
    monkeypatch.setattr(yaml_commit, "can_fork", lambda: False)
    monkeypatch.setattr(tree_writer, "writer_command", lambda staging: [sys.executable, "-c", failing])
    with pytest.raises(OSError, match="No space left on device"):
        export_yaml(ws, folder)
    assert os.listdir(folder) == []


def test_a_journal_that_fails_to_be_written_leaves_nothing(ws, tmp_path, monkeypatch):
    build_network(ws)
    folder = tmp_path / "new"

    def refuse(folder, journal):
        raise KeyboardInterrupt

    monkeypatch.setattr(yaml_commit, "_write_journal", refuse)
    with pytest.raises(KeyboardInterrupt):
        export_yaml(ws, folder)
    assert os.listdir(folder) == []


def test_the_data_is_flushed_before_the_commit_point(ws, tmp_path, monkeypatch, writer):
    """After a power cut a journal must never point at files whose bytes never reached the disk."""
    build_network(ws)
    log = tmp_path / "events"  # a file: the forked copy syncs in its own memory

    def event(name):
        with log.open("a") as fh:
            fh.write(name + "\n")

    real_journal, real_sync, real_finish = yaml_commit._write_journal, tree_writer.Tree.sync, tree_writer.Spawned.finish
    monkeypatch.setattr(yaml_commit, "_write_journal", lambda f, j: (event("journal"), real_journal(f, j)))
    monkeypatch.setattr(tree_writer.Tree, "sync", lambda self: (event("sync " + str(os.getpid())), real_sync(self)))
    # The writer script syncs before it reports; its report is awaited here.
    monkeypatch.setattr(tree_writer.Spawned, "finish", lambda self: (event("sync script"), real_finish(self))[1])
    export_yaml(ws, tmp_path / "new")
    events = log.read_text().split("\n")
    syncs = [e for e in events[: events.index("journal")] if e.startswith("sync")]
    assert len(syncs) == (2 if writer == "forked" else 1)  # the copy's and this process's
    if writer == "forked":
        assert len(set(syncs)) == 2


MOVES = ["introductions.yaml", "people", "plans.yaml", "touches", "network.yaml"]


@pytest.mark.parametrize("step", range(1, len(MOVES) + 1))
def test_an_export_killed_while_moving_into_place_is_finished_next_time(ws, tmp_path, monkeypatch, step):
    """The journal is written; the process dies before the `step`th rename (network.yaml is
    moved last): `import yaml` refuses the folder, the next export finishes it."""
    build_network(ws)
    folder = tmp_path / "new"
    real_rename, calls = os.rename, []

    def dies(src, dst):
        calls.append(dst)
        if len(calls) == step:
            raise KeyboardInterrupt
        real_rename(src, dst)

    monkeypatch.setattr(yaml_commit.os, "rename", dies)
    with pytest.raises(KeyboardInterrupt):
        export_yaml(ws, folder)
    monkeypatch.undo()
    assert os.path.basename(calls[-1]) == MOVES[step - 1]
    with pytest.raises(NetcrmError, match="interrupted"):
        read_folder(folder)
    result = export_yaml(ws, folder)
    assert files(folder) == full_render(ws) and leftovers(folder) == []
    assert result.written == []  # finished from the journal, then found as it should be
    assert len(read_folder(folder).contacts) == 3


def test_a_staging_folder_left_by_a_killed_export_is_discarded(ws, tmp_path, cli):
    """Killed before the journal (no cleanup ran): the folder holds only the staging folder."""
    build_network(ws)
    folder = tmp_path / "new"
    stale = folder / f"{yaml_commit.STAGING}999-abcd" / "people"
    stale.mkdir(parents=True)
    (stale / "zoe.yaml").write_text("id: zoe\n")
    with pytest.raises(NetcrmError, match="no network.yaml"):
        read_folder(folder)  # never read as an export
    export_yaml(ws, folder)
    assert files(folder) == full_render(ws) and leftovers(folder) == []


def test_an_existing_export_is_updated_file_by_file(ws, tmp_path, monkeypatch):
    """Only an empty folder is staged: an export already there is changed in place, so
    unchanged files keep their bytes and mtimes (a git diff shows just the change)."""
    build_network(ws)
    folder = tmp_path / "export"
    export_yaml(ws, folder)
    (folder / "README.md").write_text("my notes\n")
    before = {p.name: p.stat().st_mtime_ns for p in (folder / "people").iterdir()}
    monkeypatch.setattr(yaml_commit.NewTree, "__enter__", lambda self: pytest.fail("staged again"))
    add_contact(ws, "Mia Chen", org="Lumen")
    log_touch(ws, [ws.find("Mia")], kind="call", summary="budget")
    result = export_yaml(ws, folder)
    assert "people/mia-chen.yaml" in result.written
    after = {p.name: p.stat().st_mtime_ns for p in (folder / "people").iterdir()}
    assert {k: v for k, v in after.items() if k != "mia-chen.yaml"} == before
    assert (folder / "README.md").read_text() == "my notes\n"
    assert files(folder) == {**full_render(ws), "README.md": b"my notes\n"}


def test_a_folder_with_only_a_git_repository_is_a_first_export(ws, tmp_path, writer):
    build_network(ws)
    folder = tmp_path / "history"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    export_yaml(ws, folder)
    assert {k: v for k, v in files(folder).items() if not k.startswith(".git/")} == full_render(ws)
    assert (folder / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"


def test_the_writer_process_reports_each_file_as_written(tmp_path):
    """tree_writer's protocol, end to end: frames in, [size, mtime_ns] per file out."""
    import subprocess

    root = tmp_path / "tree"
    root.mkdir()
    frames = b""
    for rel, data in (("a.yaml", b"x: 1\n"), ("people/b.yaml", b"name: B\n"), ("people/c.yaml", b"")):
        name = rel.encode()
        frames += tree_writer.HEADER.pack(len(name), len(data)) + name + data
    done = subprocess.run(tree_writer.writer_command(root), input=frames, capture_output=True, check=True)
    stats = json.loads(done.stdout)
    assert [s[0] for s in stats] == [5, 8, 0]
    assert stats[1][1] == (root / "people" / "b.yaml").stat().st_mtime_ns
    assert (root / "people" / "b.yaml").read_bytes() == b"name: B\n"
    cut = subprocess.run(tree_writer.writer_command(tmp_path / "tree2"), input=frames[:-3], capture_output=True)
    assert cut.returncode == 1 and json.loads(cut.stderr)["errno"] == 2  # no such folder


def test_a_folder_holding_only_someones_hidden_file_is_not_taken(ws, tmp_path):
    build_network(ws)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / ".draft.tmp").write_text("my draft\n")
    with pytest.raises(NetcrmError, match="not empty and not a netcrm export"):
        export_yaml(ws, folder)
    assert (folder / ".draft.tmp").read_text() == "my draft\n"
