"""`sync vdir`: the database and a vdir kept in step, both ways, writing only what changed."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import msgspec
import pytest
from conftest import NOW

from netcrm.domain.model import Contact
from netcrm.formats.vcard4 import read_card
from netcrm.services.config import Config
from netcrm.services.people import add_contact, update_contact
from netcrm.services.plans import plan_catchup, update_plan
from netcrm.services.vdir_sync import sync_vdir
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository


@pytest.fixture
def net(ws: Workspace) -> Workspace:
    zoe = add_contact(ws, "Zoë Ødegård", org="Northwind", department="Finance", title="Head of FP&A",
                      circle="internal", tags=["mentor"], skills=["budgeting"], emails=["zoe@northwind.example"],
                      birthday="--04-16", cadence=21)
    raj = add_contact(ws, "Raj Patel", org="Northwind", introduced_by=zoe.id, asks=["a mentor"])
    plan_catchup(ws, [zoe], start=NOW + dt.timedelta(days=3), where="Café Kranzler", agenda="budget; offsite")
    plan_catchup(ws, [raj, zoe], start=NOW + dt.timedelta(days=5))
    return ws


def card_file(folder: Path, contact_id: str) -> Path:
    return folder / "contacts" / f"{contact_id}.vcf"


def read(path: Path) -> str:
    return path.read_bytes().decode()  # CRLF kept


def write(path: Path, text: str) -> None:
    path.write_bytes(text.encode())


def edit_card(path: Path, old: str, new: str) -> None:
    text = read(path)
    assert old in text
    write(path, text.replace(old, new))


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}


def test_first_sync_writes_a_card_per_person_and_an_event_per_catch_up(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    summary = sync_vdir(net, folder)
    assert summary.written == 4
    assert sorted(p.name for p in (folder / "contacts").iterdir()) == ["raj-patel.vcf", "zoe-odegard.vcf"]
    assert len(list((folder / "catch-ups").glob("*.ics"))) == 2
    card = read_card(read(card_file(folder, "zoe-odegard")))
    assert card.fields["department"] == "Finance" and card.fields["cadence"] == 21
    assert "BDAY:--0416" in read(card_file(folder, "zoe-odegard"))
    assert "RELATED;TYPE=contact:urn:uuid:" in read(card_file(folder, "raj-patel"))
    for path in folder.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600)
    assert not list(folder.rglob("*.tmp"))


def test_a_meeting_read_from_the_users_calendar_is_not_sent_back_to_it(net: Workspace, tmp_path: Path):
    zoe = net.find("Zoë")
    planned = plan_catchup(net, [zoe], start=NOW + dt.timedelta(days=7))
    with net.repo.transaction("import calendar"):
        net.repo.put(msgspec.structs.replace(planned, source="calendar:weekly-1on1@work.example"))
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    assert sorted(p.stem for p in (folder / "catch-ups").glob("*.ics")) == sorted(
        p.id for p in net.repo.plans() if not p.source
    )
    assert len(list((folder / "catch-ups").glob("*.ics"))) == 2


def test_a_second_sync_with_nothing_new_writes_nothing(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    before = snapshot(folder)
    summary = sync_vdir(net, folder)
    assert (summary.written, summary.removed) == (0, 0)
    assert snapshot(folder) == before


def test_only_the_changed_person_is_rewritten(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    before = snapshot(folder)
    update_contact(net, net.find("Raj"), {"title": "Staff Engineer"})
    assert sync_vdir(net, folder).written == 2  # his card, and the catch-up whose reminder names his role
    after = snapshot(folder)
    changed = {k for k in after if after[k] != before.get(k)}
    assert "contacts/raj-patel.vcf" in changed and "contacts/zoe-odegard.vcf" not in changed


def test_a_phone_edit_comes_back(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    edit_card(card_file(folder, "zoe-odegard"), "EMAIL:zoe@northwind.example\r\n",
              "EMAIL:zoe@northwind.example\r\nTEL;TYPE=cell:+47 912 34 567\r\n")
    edit_card(card_file(folder, "zoe-odegard"), "FN:Zoë Ødegård", "FN:Zoë Ødegård-Berg")
    summary = sync_vdir(net, folder)
    zoe = net.repo.contact("zoe-odegard")
    assert zoe.phones == ["+47 912 34 567 (cell)"]
    assert zoe.name == "Zoë Ødegård-Berg"
    assert zoe.skills == ["budgeting"] and zoe.cadence == 21  # CRM facts untouched
    assert summary.updated_people == ["Zoë Ødegård: name, phones"]
    assert sync_vdir(net, folder).written == 0


def test_a_card_stripped_of_netcrm_extensions_loses_no_crm_fact(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    path = card_file(folder, "zoe-odegard")
    kept = [line for line in read(path).split("\r\n") if not line.startswith("X-NETCRM-")]
    write(path, "\r\n".join(kept).replace("TITLE:Head of FP&A", "TITLE:CFO"))
    sync_vdir(net, folder)
    zoe = net.repo.contact("zoe-odegard")
    assert (zoe.title, zoe.skills, zoe.cadence, zoe.circle) == ("CFO", ["budgeting"], 21, "internal")
    assert "X-NETCRM-ID:zoe-odegard" in read(path)  # written back whole


def test_a_card_created_on_the_phone_becomes_a_person(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    write(folder / "contacts" / "ABC-123.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ABC-123\r\nFN:Mia Chen\r\nN:Chen;Mia;;;\r\nORG:Lumen;Research\r\n"
        "EMAIL:mia@lumen.example\r\nEND:VCARD\r\n"
    )
    summary = sync_vdir(net, folder)
    assert summary.new_people == ["Mia Chen"]
    mia = net.find("Mia")
    assert (mia.org, mia.department, mia.emails) == ("Lumen", "Research", ["mia@lumen.example"])
    text = (folder / "contacts" / "ABC-123.vcf").read_text()
    assert "UID:ABC-123" in text and f"X-NETCRM-ID:{mia.id}" in text  # same file and UID, now with netcrm's facts
    assert sync_vdir(net, folder).written == 0
    assert len(net.repo.contacts()) == 3


def test_a_card_deleted_on_the_phone_archives_the_person(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    card_file(folder, "raj-patel").unlink()
    summary = sync_vdir(net, folder)
    assert summary.archived == ["Raj Patel"]
    assert net.repo.contact("raj-patel").archived
    assert any("archived" in line and "Raj Patel" in line for line in summary.lines())
    assert not card_file(folder, "raj-patel").exists()


def test_both_changed_keeps_netcrm_and_puts_the_other_value_on_the_timeline(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    edit_card(card_file(folder, "zoe-odegard"), "TITLE:Head of FP&A", "TITLE:CFO")
    update_contact(net, net.repo.contact("zoe-odegard"), {"title": "VP Finance"})
    summary = sync_vdir(net, folder)
    assert net.repo.contact("zoe-odegard").title == "VP Finance"
    assert summary.conflicts == ["Zoë Ødegård: title: kept 'VP Finance', the other side had 'CFO'"]
    note = net.repo.timeline("zoe-odegard")[0]
    assert note.kind == "milestone" and "CFO" in note.summary
    assert "TITLE:VP Finance" in read(card_file(folder, "zoe-odegard"))


def _plan_file(ws: Workspace, folder: Path, who: str) -> tuple[str, Path]:
    plan = next(p for p in ws.repo.plans() if p.contacts == [who])
    return plan.id, folder / "catch-ups" / f"{plan.id}.ics"


def test_an_event_moved_in_the_calendar_moves_the_plan(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    plan_id, path = _plan_file(net, folder, "zoe-odegard")
    start = (NOW + dt.timedelta(days=3)).astimezone(dt.UTC)
    new = start + dt.timedelta(days=1, hours=2)
    text = read(path).replace(f"DTSTART:{start:%Y%m%dT%H%M%SZ}", f"DTSTART:{new:%Y%m%dT%H%M%SZ}")
    write(path, text.replace(f"DTEND:{start + dt.timedelta(minutes=30):%Y%m%dT%H%M%SZ}",
                                 f"DTEND:{new + dt.timedelta(minutes=60):%Y%m%dT%H%M%SZ}"))
    summary = sync_vdir(net, folder)
    plan = net.repo.plan(plan_id)
    assert plan.start == new and plan.duration == 60 and plan.sequence == 1
    assert len(summary.moved) == 1
    assert "SEQUENCE:1" in read(path)
    assert sync_vdir(net, folder).written == 0


def test_an_event_deleted_in_the_calendar_cancels_the_plan(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    plan_id, path = _plan_file(net, folder, "zoe-odegard")
    path.unlink()
    summary = sync_vdir(net, folder)
    assert net.repo.plan(plan_id).status == "cancelled"
    assert len(summary.cancelled) == 1
    assert not path.exists()


def test_moved_on_both_sides_keeps_netcrms_time(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    plan_id, path = _plan_file(net, folder, "zoe-odegard")
    start = (NOW + dt.timedelta(days=3)).astimezone(dt.UTC)
    write(path, read(path).replace(f"DTSTART:{start:%Y%m%dT%H%M%SZ}", "DTSTART:20261201T080000Z"))
    ours = update_plan(net, net.repo.plan(plan_id), start=NOW + dt.timedelta(days=4))
    summary = sync_vdir(net, folder)
    assert net.repo.plan(plan_id).start == ours.start
    assert len(summary.conflicts) == 1 and "2026-12-01 09:00" in summary.conflicts[0]
    assert net.repo.timeline("zoe-odegard")[0].kind == "milestone"


def test_done_catch_ups_leave_the_folder(net: Workspace, tmp_path: Path):
    from netcrm.services.plans import complete

    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    plan_id, path = _plan_file(net, folder, "zoe-odegard")
    complete(net, net.repo.plan(plan_id))
    assert sync_vdir(net, folder).removed == 1
    assert not path.exists() and net.repo.plan(plan_id).status == "done"


def test_another_database_syncing_the_same_folder_gets_the_same_people_and_catch_ups(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    other = Workspace(Repository(tmp_path / "laptop.json"), Config(timezone="Europe/Berlin"), lambda: NOW)
    summary = sync_vdir(other, folder)
    assert sorted(summary.new_people) == ["Raj Patel", "Zoë Ødegård"]
    assert _people(other) == _people(net)
    assert sorted(other.repo.plans(), key=lambda p: p.id) == sorted(net.repo.plans(), key=lambda p: p.id)
    assert summary.written == 0


def _people(ws: Workspace) -> list[Contact]:
    import msgspec

    return sorted((msgspec.structs.replace(c, last_touch=None) for c in ws.repo.contacts()), key=lambda c: c.id)


def test_birthdays_are_written_one_way_when_asked(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder, birthdays=True)
    assert [p.name for p in (folder / "birthdays").iterdir()] == ["birthday-zoe-odegard.ics"]
    assert sync_vdir(net, folder, birthdays=True).written == 0


def test_the_cli_prints_the_summary_and_help_names_the_readme_section(cli, tmp_path: Path):
    cli("add", "Zoë Ødegård", "--email", "zoe@northwind.example")
    result = cli("sync", "vdir", str(tmp_path / "vdir"))
    assert result.code == 0 and "1 file written" in result.out
    assert "On your phone and other machines" in cli("sync", "vdir", "--help").out
    write(tmp_path / "file", "x")
    bad = cli("sync", "vdir", str(tmp_path / "file"))
    assert bad.code == 2 and "not a folder" in bad.err and "Traceback" not in bad.err


def test_an_unreadable_card_or_event_is_skipped_and_named(net: Workspace, tmp_path: Path):
    folder = tmp_path / "vdir"
    sync_vdir(net, folder)
    write(folder / "contacts" / "broken.vcf", "BEGIN:VCARD\r\nthis is not a card\r\n")
    write(folder / "catch-ups" / "broken.ics", "BEGIN:VCALENDAR\r\nnonsense")
    summary = sync_vdir(net, folder)
    assert any(s.startswith("contacts/broken.vcf: unreadable card") for s in summary.skipped)
    assert any(s.startswith("catch-ups/broken.ics: unreadable event") for s in summary.skipped)
    assert len(net.repo.contacts()) == 2 and summary.written == 0


def test_a_card_for_an_id_added_here_meanwhile_never_overwrites_that_person(ws: Workspace, tmp_path: Path):
    """Another netcrm's card names id mia-berg; while the sync runs, someone else here is added
    with that id: the one stored here is kept as it is and the card is named as skipped."""
    from netcrm.formats.vcard4 import write_card
    from netcrm.services.vdir import SyncSummary, Vdir
    from netcrm.services.vdir_contacts import ContactSync

    theirs = Contact(id="mia-berg", name="Mia Berg", org="Elsewhere", created=NOW, updated=NOW)
    summary = SyncSummary()
    sync = ContactSync(ws, Vdir(tmp_path / "vdir", summary), {}, summary)
    ours = add_contact(ws, "Mia Berg", org="Northwind")  # the same slug, a different person
    assert ours.id == "mia-berg"
    sync._new_there("mia-berg.vcf", write_card(theirs).encode())
    assert ws.repo.contact("mia-berg").org == "Northwind"
    assert any("mia-berg" in line and "here already" in line for line in summary.skipped)


def test_a_catch_up_from_another_netcrm_never_overwrites_one_stored_here(net: Workspace, tmp_path: Path):
    import msgspec as _msgspec

    from netcrm.formats.catchup_event import EventFacts
    from netcrm.services.vdir import SyncSummary, Vdir
    from netcrm.services.vdir_events import CatchupSync

    ours = next(p for p in net.repo.plans() if p.where == "Café Kranzler")
    theirs = _msgspec.structs.replace(ours, where="somewhere else", agenda="not ours")
    summary = SyncSummary()
    sync = CatchupSync(net, Vdir(tmp_path / "vdir", summary), {}, summary)
    facts = EventFacts(uid=ours.id, start=theirs.start, end=theirs.end, cancelled=False, plan=theirs)
    assert sync._adopt(f"{ours.id}.ics", facts) is None
    assert net.repo.plan(ours.id).where == "Café Kranzler"
