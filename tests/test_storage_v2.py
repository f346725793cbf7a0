"""Storage v2: changes are patches on the current record, writes are all or nothing, undo is safe.

Each lost-update story of issue 9 is played with two workspaces on one
database, as the app and the CLI are: every acknowledged change must be there
afterwards, and a true conflict must be reported, not overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import msgspec
import pytest
from conftest import NOW, contact_file, snapshot_of, table_files, touch_file
from storage_procs import fork, wait

from netcrm.domain.model import Contact, Interaction
from netcrm.errors import EditConflict, NetcrmError
from netcrm.services.config import Config
from netcrm.services.history import next_undo, redo, undo
from netcrm.services.people import add_contact, archive, save_edit, snooze, update_contact
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository


def workspace(db) -> Workspace:
    return Workspace(Repository(db), Config(timezone="Europe/Berlin"), lambda: NOW)


@pytest.fixture
def two(db_path):
    """The app and a script, each with its own view of the same database."""
    first = workspace(db_path)
    add_contact(first, "Ann Lee", emails=["ann@acme.example"])
    return first, workspace(db_path)


def test_archive_in_the_app_keeps_what_an_import_added_meanwhile(two):
    app, script = two
    shown = app.repo.contact("ann-lee")  # the app has Ann on screen
    update_contact(script, "ann-lee", {"title": "CTO", "emails": ["ann@acme.example", "ann@home.example"]})
    archive(app, shown)
    ann = workspace(app.repo.path).repo.contact("ann-lee")
    assert ann.archived and ann.title == "CTO" and ann.emails == ["ann@acme.example", "ann@home.example"]


def test_a_form_saved_late_keeps_the_lunch_the_email_and_the_snooze_made_meanwhile(two):
    app, script = two
    original = app.repo.contact("ann-lee")  # the edit form opens
    log_touch(script, [script.repo.contact("ann-lee")], kind="lunch", at=NOW - dt.timedelta(hours=2))
    update_contact(script, "ann-lee", msgspec_patch_add_email("ann@home.example"))
    snooze(script, "ann-lee", until=NOW.date() + dt.timedelta(days=10))
    edited = msgspec.structs.replace(original, title="Head of Data", emails=[*original.emails, "a.lee@acme.example"])
    save_edit(app, original, edited)
    ann = workspace(app.repo.path).repo.contact("ann-lee")
    assert ann.title == "Head of Data"
    assert ann.emails == ["ann@acme.example", "ann@home.example", "a.lee@acme.example"]
    assert ann.snoozed_until == NOW.date() + dt.timedelta(days=10)
    assert ann.last_touch == NOW - dt.timedelta(hours=2)


def msgspec_patch_add_email(address: str):
    from netcrm.domain.patch import Patch

    return Patch(add={"emails": (address,)})


def test_the_same_field_changed_on_both_sides_is_a_conflict_and_nothing_is_written(two, db_path):
    app, script = two
    original = app.repo.contact("ann-lee")
    update_contact(script, "ann-lee", {"title": "CTO"})
    before = snapshot_of(db_path)
    with pytest.raises(EditConflict) as caught:
        save_edit(app, original, msgspec.structs.replace(original, title="CFO"))
    assert "title" in str(caught.value) and "'CFO'" in str(caught.value) and "'CTO'" in str(caught.value)
    assert snapshot_of(db_path) == before
    # "Keep mine": the same patch without its check.
    from netcrm.domain.patch import Patch

    patch = Patch.between(original, msgspec.structs.replace(original, title="CFO")).forced()
    assert update_contact(app, "ann-lee", patch).title == "CFO"


def test_two_processes_snoozing_and_archiving_at_once_lose_neither(db_path):
    ws = workspace(db_path)
    add_contact(ws, "Bo Chen")
    go_read, go_write = os.pipe()

    def change(kind: str):
        def body(fd: int) -> None:
            os.read(go_read, 1)
            mine = workspace(db_path)
            stale = mine.repo.contact("bo-chen")
            for _ in range(20):
                if kind == "snooze":
                    snooze(mine, stale, until=NOW.date() + dt.timedelta(days=3))
                else:
                    archive(mine, stale)

        return body

    children = [fork(change("snooze")), fork(change("archive"))]
    os.write(go_write, b"gg")
    assert [wait(pid) for pid, _ in children] == [0, 0]
    bo = workspace(db_path).repo.contact("bo-chen")
    assert bo.archived and bo.snoozed_until == NOW.date() + dt.timedelta(days=3)


def test_undo_takes_back_a_logged_touch_and_redo_brings_it_back(cli, db_path):
    assert cli("add", "Ann Lee").code == 0
    assert cli("log", "ann", "--kind", "coffee", "--note", "pricing").code == 0
    result = cli("undo")
    assert result.code == 0 and "undone: log coffee with Ann Lee" in result.out
    shown = json.loads(cli("show", "ann", "--json").out)
    assert shown["timeline"] == [] and "last_touch" not in shown or shown.get("last_touch") is None
    assert "redone: log coffee with Ann Lee" in cli("undo", "--redo").out
    assert json.loads(cli("show", "ann", "--json").out)["timeline"][0]["summary"] == "pricing"


def test_undo_takes_back_the_newest_change_whoever_made_it_and_never_a_later_edit(two, db_path):
    app, script = two
    snooze(app, "ann-lee", until=NOW.date() + dt.timedelta(days=5))
    assert next_undo(app) == "snooze Ann Lee"
    update_contact(script, "ann-lee", {"title": "CTO"}, label="edit {name}")
    assert undo(app) == "edit Ann Lee"  # the script's change was the newest
    assert undo(app) == "snooze Ann Lee"
    ann = workspace(db_path).repo.contact("ann-lee")
    assert ann.title == "" and ann.snoozed_until is None
    assert redo(app) == "snooze Ann Lee"
    # A hand edit of the file since the change: undoing would erase it, so it is refused.
    path = contact_file(db_path, "ann-lee")
    path.write_text(path.read_text().replace('"name":"Ann Lee"', '"name":"Ann Lee-Smith"'))
    before = snapshot_of(db_path)
    with pytest.raises(NetcrmError, match="changed since"):
        undo(workspace(db_path))
    assert snapshot_of(db_path) == before


def test_a_change_cut_off_between_its_files_is_finished_by_the_next_open(db_path):
    """The touch and the person's last touch are two files: a crash between them loses neither."""
    ws = workspace(db_path)
    add_contact(ws, "Ann Lee")

    def body(fd: int) -> None:
        from netcrm.storage import table

        real = table.Table.flush

        def die_before_contacts(self):  # the touches file is written, then the process dies
            if self.name == "contacts":
                os._exit(9)
            real(self)

        table.Table.flush = die_before_contacts
        mine = workspace(db_path)
        log_touch(mine, [mine.repo.contact("ann-lee")], kind="call", at=NOW - dt.timedelta(hours=1))

    pid, _fd = fork(body)
    assert wait(pid) == 9
    fresh = workspace(db_path)
    ann = fresh.repo.contact("ann-lee")
    assert ann.last_touch == NOW - dt.timedelta(hours=1)
    assert [t.kind for t in fresh.repo.timeline("ann-lee")] == ["call"]


def test_an_old_single_file_is_migrated_losslessly_with_a_backup(demo_ws, tmp_path, cli):
    folder = demo_ws.repo.path
    before_export = tmp_path / "before"
    assert cli("--db", str(folder), "export", "yaml", str(before_export)).code == 0
    # The same data as release 1 wrote it: one file, every table in it.
    old = {"_netcrm": {"schema": 1}}
    for name, table in (("plans", "plans"), ("introductions", "introductions")):
        path = folder / f"{name}.json"
        if path.exists():
            old[table] = json.loads(path.read_text())[name]
    people = [doc for shard in table_files(folder, Contact) for doc in json.loads(shard.read_text())["contacts"].values()]
    old["contacts"] = {str(n): doc for n, doc in enumerate(people, start=1)}
    touches = [doc for month in table_files(folder, Interaction)
               for doc in json.loads(month.read_text())["touches"].values()]
    old["interactions"] = {str(n): doc for n, doc in enumerate(touches, start=1)}
    single = tmp_path / "netcrm.json"
    single.write_text(json.dumps(old))
    result = cli("--db", str(single), "list")
    assert result.code == 0 and "moved to the faster database layout" in result.err
    assert single.is_dir() and (tmp_path / "netcrm.json.v1-backup").read_text() == json.dumps(old)
    after_export = tmp_path / "after"
    assert cli("--db", str(single), "export", "yaml", str(after_export)).code == 0
    files = sorted(p.relative_to(before_export) for p in before_export.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(after_export) for p in after_export.rglob("*") if p.is_file())
    for rel in files:
        if rel.name != ".netcrm-export.json":
            assert (before_export / rel).read_bytes() == (after_export / rel).read_bytes(), rel


def test_a_write_costs_the_files_it_changed(db_path, monkeypatch):
    ws = workspace(db_path)
    ann = add_contact(ws, "Ann Lee")
    log_touch(ws, [ann], kind="call", at=dt.datetime(2019, 5, 1, tzinfo=dt.UTC))
    log_touch(ws, [ann], kind="call", at=NOW - dt.timedelta(days=1))
    from netcrm.storage import docfile

    written: list[str] = []
    real = docfile.atomic_write
    monkeypatch.setattr(docfile, "atomic_write", lambda path, data: (written.append(path.name), real(path, data)))
    ws = workspace(db_path)
    log_touch(ws, [ws.repo.contact("ann-lee")], kind="email")
    # One month of touches and one shard of people: not 2019's touches, not the others, not the plans.
    assert sorted(written) == sorted([touch_file(db_path, NOW).name, contact_file(db_path, "ann-lee").name])


def test_the_repository_reports_what_changed_and_what_another_process_changed(two):
    app, script = two
    app.repo.contacts()
    app.repo.timeline("ann-lee")  # the app has her timeline on screen
    log_touch(script, [script.repo.contact("ann-lee")], kind="call")
    outside = app.repo.refresh()
    assert outside.of(Contact) == {"ann-lee"} and "ann-lee" in outside.people
    assert [t.kind for t in app.repo.timeline("ann-lee")] == ["call"]
    assert not app.repo.refresh()  # nothing new since
    update_contact(app, "ann-lee", {"title": "CTO"})
    assert app.repo.last_changes.of(Contact) == {"ann-lee"} and not app.repo.last_changes.of(Interaction)
