"""`netcrm sync vdir DIR`: the network in a vdir, kept in step both ways.

    DIR/contacts/*.vcf     one vCard 4.0 per active person
    DIR/catch-ups/*.ics    one event per planned catch-up
    DIR/birthdays/*.ics    (with `birthdays=True`) one yearly event per birthday

A vdir is the folder layout khard, khal and vdirsyncer share; vdirsyncer moves
it to and from any CardDAV/CalDAV server, so netcrm never speaks a sync
protocol itself. What each item looked like at the last sync is kept beside
the database (`sync_state`), so changes on either side are told apart by
content, not by mtime.
"""

from __future__ import annotations

from pathlib import Path

from netcrm.services.sync_state import load_state, save_state, state_path
from netcrm.services.vdir import SyncSummary, Vdir
from netcrm.services.vdir_contacts import sync_contacts
from netcrm.services.vdir_events import sync_birthdays, sync_catchups
from netcrm.services.workspace import Workspace

FORMAT = 1


def sync_vdir(ws: Workspace, folder: Path, birthdays: bool = False) -> SyncSummary:
    summary = SyncSummary()
    vdir = Vdir(folder, summary)
    path = state_path(ws.repo.path, vdir.root)
    state = load_state(path)
    vdir.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    contacts = sync_contacts(ws, vdir, state.get("contacts", {}), summary)
    catchups = sync_catchups(ws, vdir, state.get("catch-ups", {}), summary)
    if birthdays:
        sync_birthdays(ws, vdir)
    save_state(path, {"format": FORMAT, "folder": str(vdir.root.resolve()), "contacts": contacts, "catch-ups": catchups})
    return summary
