"""A second `sync vdir` with nothing new reads no card whose file is as it was and renders no card
for a person who did not change, yet still notices a change on either side: a card edited in
place to the same size with its old mtime put back, a person changed here."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec
import pytest

from netcrm.services import vdir as vdir_module
from netcrm.services.people import add_contact, update_contact
from netcrm.services.sync_state import state_path
from netcrm.services.vdir import SyncSummary, Vdir
from netcrm.services.vdir_sync import sync_vdir
from netcrm.services.workspace import Workspace


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as left alone long enough (the tests do not wait two seconds)."""
    monkeypatch.setattr(vdir_module, "SETTLED_NS", 0)


@pytest.fixture
def synced(ws: Workspace, tmp_path: Path, settled) -> Path:
    for name in ("Zoë Ødegård", "Raj Patel", "Kai Müller"):
        add_contact(ws, name, org="Northwind", title="Analyst")
    folder = tmp_path / "vdir"
    sync_vdir(ws, folder)
    sync_vdir(ws, folder)  # the cards now read once and unchanged: their signatures are recorded
    return folder


def entries(ws: Workspace, folder: Path) -> dict:
    return msgspec.json.decode(state_path(ws.repo.path, folder).read_bytes())["contacts"]


def test_unchanged_cards_are_not_read_again(ws: Workspace, synced: Path):
    known = {name: entry.get("stat") for name, entry in entries(ws, synced).items()}
    assert all(known.values())
    found = Vdir(synced, SyncSummary()).changed_items("contacts", ".vcf", known)
    assert found == dict.fromkeys(known)  # None: "as read last time"
    summary = sync_vdir(ws, synced)
    assert (summary.written, summary.removed, summary.updated_people) == (0, 0, [])


def test_a_card_edited_in_place_to_the_same_size_with_its_old_mtime_is_noticed(ws: Workspace, synced: Path):
    card = synced / "contacts" / "raj-patel.vcf"
    before = card.stat()
    text = card.read_bytes()
    assert b"TITLE:Analyst" in text
    with open(card, "r+b") as fh:  # in place: the same inode and size
        fh.write(text.replace(b"TITLE:Analyst", b"TITLE:Analyzt"))
    os.utime(card, ns=(before.st_atime_ns, before.st_mtime_ns))  # the mtime put back; the ctime cannot be
    assert (card.stat().st_size, card.stat().st_mtime_ns, card.stat().st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)
    summary = sync_vdir(ws, synced)
    assert summary.updated_people == ["Raj Patel: title"]
    assert ws.repo.contact("raj-patel").title == "Analyzt"


def test_a_person_changed_here_is_the_only_card_rewritten(ws: Workspace, synced: Path):
    update_contact(ws, "kai-muller", {"title": "Head of Data"})
    summary = sync_vdir(ws, synced)
    assert summary.written == 1
    assert b"TITLE:Head of Data" in (synced / "contacts" / "kai-muller.vcf").read_bytes()
    assert sync_vdir(ws, synced).written == 0


def test_a_card_written_just_now_gets_no_signature(ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A file changed within SETTLED_NS may change again within the same clock tick: it is read
    again next time rather than trusted by its signature."""
    monkeypatch.setattr(vdir_module, "SETTLED_NS", 10**15)  # ~11 days: every file here is "just now"
    add_contact(ws, "Zoë Ødegård")
    folder = tmp_path / "vdir"
    sync_vdir(ws, folder)
    sync_vdir(ws, folder)
    assert [entry.get("stat") for entry in entries(ws, folder).values()] == [None]
