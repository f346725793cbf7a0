"""`sync vdir` when many cards or events vanished on the other side (a phone that lost its address
book): everyone is archived (every catch-up cancelled) in one transaction: one write, one undo
step that brings them all back, and nothing is ever deleted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import NOW

from netcrm.services.people import add_contact
from netcrm.services.plans import plan_catchup
from netcrm.services.vdir_sync import sync_vdir
from netcrm.services.workspace import Workspace

NAMES = ["Zoë Ødegård", "Raj Patel", "Kai Müller", "Ana Lima", "Bo Chen", "Yuki Sato"]


def network(ws: Workspace) -> list[str]:
    people = [add_contact(ws, name, org="Northwind", emails=[f"p{n}@northwind.example"]) for n, name in enumerate(NAMES)]
    for n, person in enumerate(people[:3]):
        plan_catchup(ws, [person], start=NOW + dt.timedelta(days=n + 1))
    return [p.id for p in people]


def commits_during(ws: Workspace, action) -> int:
    """How many transactions wrote something while `action` ran."""
    seen: list[int] = []
    ws.repo.after_commit.append(lambda repo: seen.append(1))
    try:
        action()
    finally:
        ws.repo.after_commit.pop()
    return len(seen)


def emptied_on_the_other_side(ws: Workspace, tmp_path: Path, collection: str):
    """Sync, delete every item of `collection` in the vdir, sync again: the commits that second
    sync made, and its summary."""
    folder = tmp_path / "vdir"
    sync_vdir(ws, folder)
    for item in (folder / collection).iterdir():
        item.unlink()
    results = []
    commits = commits_during(ws, lambda: results.append(sync_vdir(ws, folder)))
    return commits, results[0]


def test_every_card_deleted_archives_everyone_in_one_transaction_and_one_undo_restores_them(ws: Workspace, tmp_path: Path):
    ids = network(ws)
    commits, summary = emptied_on_the_other_side(ws, tmp_path, "contacts")
    assert commits == 1
    assert sorted(summary.archived) == sorted(NAMES)
    assert [line for line in summary.lines() if line.startswith("archived")] == [
        f"archived (deleted on the other side): {name}" for name in summary.archived]
    assert all(ws.repo.contact(cid).archived for cid in ids)
    assert ws.repo.undo_label() == f"archive {len(NAMES)} people deleted on the other side"

    ws.repo.undo()
    assert [ws.repo.contact(cid).archived for cid in ids] == [False] * len(NAMES)  # nothing was deleted
    assert ws.repo.undo_label() != f"archive {len(NAMES)} people deleted on the other side"


def test_one_card_deleted_keeps_the_persons_own_undo_label(ws: Workspace, tmp_path: Path):
    ids = network(ws)
    folder = tmp_path / "vdir"
    sync_vdir(ws, folder)
    (folder / "contacts" / f"{ids[1]}.vcf").unlink()
    assert sync_vdir(ws, folder).archived == ["Raj Patel"]
    assert ws.repo.undo_label() == "archive Raj Patel"


def test_a_person_archived_here_meanwhile_is_not_archived_again(ws: Workspace, tmp_path: Path):
    ids = network(ws)
    folder = tmp_path / "vdir"
    sync_vdir(ws, folder)
    from netcrm.services.people import archive

    archive(ws, ids[0])
    for card in (folder / "contacts").iterdir():
        card.unlink()
    assert sorted(sync_vdir(ws, folder).archived) == sorted(NAMES[1:])


def test_every_event_deleted_cancels_every_catch_up_in_one_transaction(ws: Workspace, tmp_path: Path):
    network(ws)
    commits, summary = emptied_on_the_other_side(ws, tmp_path, "catch-ups")
    assert commits == 1
    assert len(summary.cancelled) == 3
    assert {p.status for p in ws.repo.plans()} == {"cancelled"}
    assert ws.repo.undo_label() == "cancel 3 catch-ups deleted on the other side"
    ws.repo.undo()
    assert {p.status for p in ws.repo.plans()} == {"planned"}
