"""The whole chain with real components: netcrm <-> vdir <-> vdirsyncer <-> Radicale <-> another netcrm.

Skipped only when Radicale or vdirsyncer cannot be imported (they are in the `test` extra).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("radicale", reason="radicale is not installed (pip install -e '.[test]')")
pytest.importorskip("vdirsyncer", reason="vdirsyncer is not installed (pip install -e '.[test]')")

from conftest import NOW  # noqa: E402
from dav_support import CATCHUPS, CONTACTS, Laptop, radicale_server  # noqa: E402

from netcrm.services.config import Config  # noqa: E402
from netcrm.services.people import add_contact  # noqa: E402
from netcrm.services.plans import plan_catchup  # noqa: E402
from netcrm.services.vdir_sync import sync_vdir  # noqa: E402
from netcrm.services.workspace import Workspace  # noqa: E402
from netcrm.storage.repository import Repository  # noqa: E402


def workspace(laptop: Laptop) -> Workspace:
    return Workspace(Repository(laptop.db), Config(timezone="Europe/Berlin"), lambda: NOW)


def round_trip(laptop: Laptop):
    """netcrm -> vdir -> server -> vdir -> netcrm, as a user's timer job would run it."""
    ws = workspace(laptop)
    sync_vdir(ws, laptop.vdir)
    laptop.vdirsyncer_sync()
    summary = sync_vdir(ws, laptop.vdir)
    laptop.vdirsyncer_sync()
    return workspace(laptop), summary


def test_two_machines_share_people_and_catch_ups_through_a_real_server(tmp_path: Path):
    with radicale_server(tmp_path / "server") as server:
        desk, laptop = Laptop(tmp_path / "desk", server), Laptop(tmp_path / "laptop", server)
        ws = workspace(desk)
        zoe = add_contact(ws, "Zoë Ødegård", org="Northwind", department="Finance", emails=["zoe@northwind.example"],
                          skills=["budgeting"], cadence=21, circle="internal")
        raj = add_contact(ws, "Raj Patel", org="Northwind", introduced_by=zoe.id)
        plan = plan_catchup(ws, [zoe, raj], start=NOW + dt.timedelta(days=3), where="Café Kranzler")
        round_trip(desk)
        assert len(server.items(CONTACTS)) == 2 and len(server.items(CATCHUPS)) == 1

        # The other laptop, empty so far, gets the same people and the same catch-up.
        laptop.vdirsyncer_sync()
        other, summary = round_trip(laptop)
        assert sorted(c.name for c in other.repo.contacts()) == ["Raj Patel", "Zoë Ødegård"]
        mirrored = other.repo.contact(zoe.id)
        assert (mirrored.skills, mirrored.cadence, mirrored.circle) == (["budgeting"], 21, "internal")
        assert other.repo.contact(raj.id).introduced_by == zoe.id
        assert [p.id for p in other.repo.plans()] == [plan.id]
        assert other.repo.plan(plan.id).start == plan.start

        # A phone adds a number to Zoë's card on the server, as CardDAV clients do: a plain PUT.
        href, card = next((h, b) for h, b in server.items(CONTACTS).items() if b"Zo\xc3\xab" in b)
        server.put(href, card.replace(b"END:VCARD", b"TEL;TYPE=cell:+47 912 34 567\r\nEND:VCARD"), "text/vcard")
        for machine in (desk, laptop):
            machine.vdirsyncer_sync()
            ws_after, _ = round_trip(machine)
            assert ws_after.repo.contact(zoe.id).phones == ["+47 912 34 567 (cell)"]

        # A calendar app moves the catch-up by two hours: both databases see a moved plan.
        href, event = next(iter(server.items(CATCHUPS).items()))
        old = plan.start.astimezone(dt.UTC)
        new = old + dt.timedelta(hours=2)
        moved = event.replace(f"DTSTART:{old:%Y%m%dT%H%M%SZ}".encode(), f"DTSTART:{new:%Y%m%dT%H%M%SZ}".encode())
        end = old + dt.timedelta(minutes=plan.duration)
        moved = moved.replace(f"DTEND:{end:%Y%m%dT%H%M%SZ}".encode(),
                              f"DTEND:{end + dt.timedelta(hours=2):%Y%m%dT%H%M%SZ}".encode())
        assert moved != event
        server.put(href, moved, "text/calendar")
        for machine in (desk, laptop):
            machine.vdirsyncer_sync()
            ws_after, _ = round_trip(machine)
            after = ws_after.repo.plan(plan.id)
            assert after.start == new and after.sequence >= 1 and after.status == "planned"

        # Everything settled: one more round writes nothing on either side.
        for machine in (desk, laptop):
            machine.vdirsyncer_sync()
            _, summary = round_trip(machine)
            assert summary.written == 0 and not summary.conflicts
