"""Reads that decode only what they need give the same answers as decoding everything.

The repository finds a person by a search of the bytes of their shard, appends a
touch to its month file from raw documents, finds a person's touches by a search
of each month's bytes (then a per-person index), and re-reads only the documents
another process changed. Each shortcut is only taken when it is provably
complete; these tests compare every answer with a fresh, whole-file load, on
files as netcrm writes them and on files a person formatted by hand (indented,
ids spelled with escapes), where the shortcuts must step aside.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import msgspec
import pytest
from conftest import NOW, contact_file, data_files, touch_file
from hypothesis import given
from hypothesis import strategies as st

from netcrm.domain.lookup import Named
from netcrm.domain.model import Contact, Interaction
from netcrm.errors import NotFound
from netcrm.services.config import Config
from netcrm.services.people import add_contact, update_contact
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.storage.layout import PARTITIONS, new_table
from netcrm.storage.repository import Repository
from netcrm.storage.table import SEARCHES_BEFORE_INDEX

PEOPLE = ["ann-lee", "bo-chen", "cy-diaz", "dee-eng", "zoe-odegard"]
ZONES = [dt.timezone(dt.timedelta(hours=h)) for h in (-12, -5, 0, 1, 14)]


def workspace(db: Path) -> Workspace:
    return Workspace(Repository(db), Config(timezone="Europe/Berlin"), lambda: NOW)


def network(db: Path, seed: int = 7) -> None:
    """Five people and 120 touches over five years, some with several people, some just
    around New Year in far-apart time zones, and notes that mention other people's ids."""
    rng = random.Random(seed)
    repo = Repository(db)
    names = ["Ann Lee", "Bo Chen", "Cy Diaz", "Dee Eng", "Zoë Ødegård"]
    items = []
    for n in range(120):
        year = 2022 + n % 5
        if n % 10 == 0:  # New Year's Eve and Day, local to a far-off zone
            at = dt.datetime(year, 12, 31, 23, 30, tzinfo=ZONES[n % 5]) + dt.timedelta(hours=n % 3)
        else:
            at = dt.datetime(year, 1 + rng.randrange(11), 1 + rng.randrange(28), rng.randrange(24), n % 60,
                             tzinfo=ZONES[n % 5])
        with_ = rng.sample(PEOPLE, 1 + (n % 7 == 0))
        items.append(Interaction(id=f"t-{n:04d}", contacts=with_, at=at, kind="call",
                                 summary=f"about {rng.choice(PEOPLE)}"))
    # Stored in 2022's file (local date) yet later than one in 2023's file.
    items.append(Interaction(id="t-9000", contacts=["ann-lee"], kind="call",
                             at=dt.datetime(2022, 12, 31, 23, 30, tzinfo=ZONES[0])))
    items.append(Interaction(id="t-9001", contacts=["ann-lee"], kind="call",
                             at=dt.datetime(2023, 1, 1, 6, 0, tzinfo=dt.UTC)))
    with repo.transaction():
        repo.put_many([Contact(id=cid, name=name) for cid, name in zip(PEOPLE, names, strict=True)])
        repo.put_many(items)


LAYOUTS = ["as written", "indented", "spaced", "escaped"]
ESCAPED_TOUCH = "t-0114"  # a 2026 touch whose id the "escaped" layout spells with an escape


def lay_out(db: Path, layout: str) -> None:
    """Every file re-written the way a person or another JSON tool might: indented and
    ASCII only ("Zoë" spelled with a \\u escape); compact but with spaces between
    documents; or compact with ids spelled with escapes (Bo's, and one touch's)."""
    if layout == "as written":
        return
    for path in data_files(db):
        data = json.loads(path.read_bytes())
        if layout == "indented":
            text = json.dumps(data, indent=1, ensure_ascii=True)
        else:
            text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if layout == "spaced":
            text = text.replace('},"', '},' + " " * 80 + '"')
        if layout in ("indented", "escaped"):
            text = text.replace('"bo-chen"', '"\\u0062o-chen"').replace(f'"{ESCAPED_TOUCH}"', '"t-011\\u0034"')
        path.write_text(text)


def newest_first(items: list[Interaction]) -> list[str]:
    return [i.id for i in sorted(items, key=lambda i: i.at, reverse=True)]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_timeline_is_every_touch_of_that_person_newest_first(db_path, layout):
    network(db_path)
    lay_out(db_path, layout)
    everything = Repository(db_path).interactions()
    repo = Repository(db_path)
    for _ in range(SEARCHES_BEFORE_INDEX):  # found by searching the bytes, then by the index
        for cid in PEOPLE:
            expected = newest_first([i for i in everything if cid in i.contacts])
            assert [i.id for i in repo.timeline(cid)] == expected, cid
    anns = [i.id for i in repo.timeline("ann-lee")]
    assert anns.index("t-9000") < anns.index("t-9001")  # 2022's file, but later
    assert repo.timeline("nobody") == []


def test_recent_touches_around_new_year_in_any_time_zone(db_path):
    network(db_path)
    everything = Repository(db_path).interactions()
    for instant in (
        dt.datetime(2023, 1, 1, 11, 0, tzinfo=dt.UTC),
        dt.datetime(2024, 12, 31, 10, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 1, 1, 11, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 1, 1, 23, 30, tzinfo=ZONES[0]),
        dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
    ):
        recent = Repository(db_path).interactions_since(instant)
        assert sorted(i.id for i in recent) == sorted(i.id for i in everything if i.at >= instant), instant


def months_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The month files read from now on (filled as they are read)."""
    from netcrm.storage import docfile

    read: list[str] = []
    real = docfile.read_bytes
    monkeypatch.setattr(docfile, "read_bytes", lambda path: read.append(path.stem) or real(path))
    return read


def test_newest_touches_since_a_time_reads_only_the_months_that_can_hold_it(db_path, monkeypatch):
    """Every touch at or after `since`, newest first, in any time zone, without reading an older
    month (the app's pane of the last year); without `since` every month is read."""
    network(db_path)
    everything = Repository(db_path).interactions()
    for since in (dt.datetime(2024, 1, 1, 11, 0, tzinfo=dt.UTC), dt.datetime(2025, 12, 31, 23, 30, tzinfo=ZONES[0])):
        with monkeypatch.context() as patch:
            read = months_read(patch)
            repo = Repository(db_path)
            for cid in PEOPLE:
                got = [i.id for i in repo.newest_touches(cid, since) if i.at >= since]
                assert got == newest_first([i for i in everything if cid in i.contacts and i.at >= since]), cid
            months = [m for m in read if m[:4].isdigit()]
            assert months and min(months) >= f"{since - dt.timedelta(days=1):%Y-%m}", since
    read = months_read(monkeypatch)
    list(Repository(db_path).newest_touches("ann-lee"))
    assert min(m for m in read if m[:4].isdigit()) == f"{min(i.at for i in everything):%Y-%m}"


def test_a_today_queue_reads_only_recent_months_and_still_knows_the_last_touch(db_path, monkeypatch):
    from netcrm.services.today import today_queue
    from netcrm.storage import docfile

    network(db_path)
    everything = {i.id: i for i in Repository(db_path).interactions()}
    read: list[str] = []
    real = docfile.read_bytes
    monkeypatch.setattr(docfile, "read_bytes", lambda path: (read.append(path.name), real(path))[1])
    ws = workspace(db_path)
    queue = today_queue(ws, extra=len(PEOPLE))
    assert queue.entries
    for entry in queue.entries:
        mine = [i for i in everything.values() if entry.contact.id in i.contacts]
        assert entry.last is not None and entry.last.id == newest_first(mine)[0]
    assert not any(name.startswith("2022-") for name in read)  # history older than anyone's last touch stays on disk


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_logged_touch_lands_once_beside_every_other_document(db_path, layout, monkeypatch):
    network(db_path)
    lay_out(db_path, layout)
    before = {i.id: i for i in Repository(db_path).interactions()}
    assert before[ESCAPED_TOUCH].at.year == 2026
    ws = workspace(db_path)
    # A new touch whose id another touch's notes mention: "this id is not in the file"
    # cannot be proven by a search of the bytes, and the careful way must add one document.
    monkeypatch.setattr("netcrm.services.touches.new_id", lambda prefix: "t-0003x")
    with ws.repo.transaction():
        ws.repo.put(Interaction(id="t-0001x", contacts=["cy-diaz"], at=NOW - dt.timedelta(days=3), kind="email",
                                notes="see t-0003x"))
    log_touch(ws, [ws.find("bo-chen")], kind="coffee")
    # A record stored again under the id of one whose id is spelled with an escape: the
    # document is replaced, never a second one with the same id.
    again = Interaction(**{**_fields(before[ESCAPED_TOUCH]), "summary": "stored again"})
    with workspace(db_path).repo.transaction() as repo:
        repo.put(again)
    fresh = Repository(db_path)
    after = {i.id: i for i in fresh.interactions()}
    assert after.keys() == before.keys() | {"t-0001x", "t-0003x"}
    assert all(after[k] == v for k, v in before.items() if k != ESCAPED_TOUCH)
    assert after[ESCAPED_TOUCH] == again
    month = touch_file(db_path, NOW)
    stored = json.loads(month.read_bytes())["touches"]
    stored |= {f"o{k}": v for k, v in json.loads(touch_file(db_path, before[ESCAPED_TOUCH].at).read_bytes())["touches"].items()}
    ids = [d["id"] for d in stored.values()]
    assert ids.count("t-0003x") == 1 and ids.count(ESCAPED_TOUCH) == 1
    assert fresh.contact("bo-chen").last_touch == NOW
    assert [i.id for i in fresh.timeline("bo-chen")][0] == "t-0003x"
    if layout == "as written":  # written by splicing the changed documents in: the same bytes
        for path in (contact_file(db_path, "bo-chen"), month):
            assert path.read_bytes() == msgspec.json.encode(msgspec.json.decode(path.read_bytes())), path


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_person_is_found_by_id_or_name_whatever_the_layout(db_path, layout):
    network(db_path)
    lay_out(db_path, layout)
    ws = workspace(db_path)
    assert ws.find("bo-chen").name == "Bo Chen"  # spelled \u0062o-chen by hand
    assert workspace(db_path).find("zoe").id == "zoe-odegard"
    assert workspace(db_path).find("Dee").id == "dee-eng"
    with pytest.raises(NotFound):
        workspace(db_path).find("nobody-here")


def test_a_person_whose_record_cannot_be_read_is_not_found_and_the_rest_are(db_path):
    network(db_path)
    path = contact_file(db_path, "cy-diaz")
    data = json.loads(path.read_bytes())
    doc = next(d for d in data["contacts"].values() if d["id"] == "cy-diaz")
    doc["birthday"] = "not a date"
    path.write_text(json.dumps(data, separators=(",", ":")))
    notices: list[str] = []
    ws = workspace(db_path)
    ws.repo.on_notice = notices.append
    with pytest.raises(NotFound):
        ws.find("cy-diaz")
    assert ws.find("ann-lee").name == "Ann Lee"
    log_touch(ws, [ws.find("ann-lee")], kind="call")
    stored = json.loads(path.read_bytes())["contacts"]
    assert next(d for d in stored.values() if d["id"] == "cy-diaz") == doc  # kept as it was
    assert any("set aside" in n for n in notices)


def test_a_refresh_picks_up_exactly_what_another_process_changed(db_path):
    network(db_path)
    app, script = workspace(db_path), workspace(db_path)
    app.repo.contacts()
    app.repo.interactions_since(NOW - dt.timedelta(days=365))
    shown = {cid: app.repo.timeline(cid) for cid in PEOPLE}
    update_contact(script, "bo-chen", {"title": "CTO"})
    late = log_touch(script, [script.repo.contact("dee-eng")], kind="lunch")
    with script.repo.transaction():  # a touch in an old year changes, another one goes
        old = next(i for i in script.repo.timeline("ann-lee") if i.at.year == 2023)
        script.repo.put(Interaction(**{**_fields(old), "summary": "corrected"}))
        gone = next(i for i in script.repo.timeline("cy-diaz") if i.at.year == 2022)
        script.repo.delete(Interaction, [gone.id])
    outside = app.repo.refresh()
    assert outside.of(Contact) == {"bo-chen", "dee-eng"}
    assert outside.of(Interaction) == {late.id, old.id, gone.id}
    assert {"dee-eng", "cy-diaz"} <= outside.people and set(old.contacts) <= outside.people
    fresh = Repository(db_path)
    assert app.repo.contacts() == fresh.contacts()
    for cid in PEOPLE:
        assert app.repo.timeline(cid) == fresh.timeline(cid), cid
    assert app.repo.timeline("ann-lee") != shown["ann-lee"]
    assert not app.repo.refresh()


def _fields(item: Interaction) -> dict[str, object]:
    return {f: getattr(item, f) for f in item.__struct_fields__}


def test_a_refresh_reports_a_new_month_file_but_not_the_history_it_never_read(db_path):
    network(db_path)
    app, script = workspace(db_path), workspace(db_path)
    app.repo.contacts()
    app.repo.interactions_since(NOW - dt.timedelta(days=30))  # the panels: this month's files only
    at = dt.datetime(2019, 5, 1, 12, 0, tzinfo=dt.UTC)
    assert not touch_file(db_path, at).exists()
    early = log_touch(script, [script.repo.contact("cy-diaz")], kind="email", at=at)
    assert touch_file(db_path, at).exists()
    outside = app.repo.refresh()
    assert outside.of(Interaction) == {early.id} and "cy-diaz" in outside.people
    assert app.repo.timeline("cy-diaz") == Repository(db_path).timeline("cy-diaz")


def test_a_touch_appended_to_an_emptied_month_file_and_undone_again(db_path):
    from netcrm.services.history import redo, undo

    ws = workspace(db_path)
    ann = add_contact(ws, "Ann Lee")
    first = log_touch(ws, [ann], kind="call")
    undo(workspace(db_path))  # this month's file now holds no touches: {"touches":{}}
    year = touch_file(db_path, NOW)
    assert json.loads(year.read_bytes()) == {"touches": {}}
    second = log_touch(workspace(db_path), [ann], kind="email")
    third = log_touch(workspace(db_path), [ann], kind="coffee")
    stored = json.loads(year.read_bytes())["touches"]
    assert sorted(d["id"] for d in stored.values()) == sorted([second.id, third.id])
    undo(workspace(db_path))
    assert [i.id for i in Repository(db_path).timeline("ann-lee")] == [second.id]
    redo(workspace(db_path))
    assert {i.id for i in Repository(db_path).interactions()} == {second.id, third.id} and first.id not in stored


def test_a_refresh_after_reading_one_person_reports_only_what_changed(db_path):
    """Reading one person reads one shard; the other shards, there all along, are not news
    (before, a refresh decoded every other shard and reported everyone as changed)."""
    network(db_path)
    app, script = workspace(db_path), workspace(db_path)
    assert app.repo.contact("ann-lee") is not None
    assert not app.repo.refresh()
    update_contact(script, "cy-diaz", {"title": "CTO"})
    new = add_contact(script, "Eve Fox")
    assert app.repo.refresh().of(Contact) <= {"cy-diaz", new.id}
    assert app.repo.contact("cy-diaz").title == "CTO" and app.repo.contact(new.id) is not None


@given(
    at=st.datetimes(min_value=dt.datetime(1, 2, 1), max_value=dt.datetime(9999, 11, 28),
                    timezones=st.integers(-1439, 1439).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))),
    later=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=40)),
)
def test_a_month_file_is_read_whenever_it_can_hold_a_touch_that_recent(at, later):
    """A timeline stops at the first months that beat the older ones, and the recent touches read
    only months that can hold them: a touch stored in its local month must count as possible
    there for every instant not after it, whatever its time zone."""
    months = PARTITIONS["touches"]
    key = months.key_of(Interaction(id="t", contacts=["x"], at=at, kind="call"))
    assert months.may_hold_after(key, at)
    assert months.may_hold_after(key, at - later)


def test_a_light_decode_spans_every_shard_and_finds_each_person_once(db_path):
    """`Table.light` (what finding by name and the app's quick reads use) over every shard."""
    network(db_path)
    repo = Repository(db_path)
    names = repo.contact_names()
    assert sorted(n.id for n in names) == sorted(PEOPLE)
    assert len({contact_file(db_path, cid) for cid in PEOPLE}) > 1  # the people are in several shards
    table = new_table(Contact, db_path)
    light = table.light(msgspec.json.Decoder(dict[str, dict[str, Named]]))
    assert light is not None and sorted(n.id for docs in light.values() for n in docs.values()) == sorted(PEOPLE)
    table.learn({key: {doc_id: n.id for doc_id, n in docs.items()} for key, docs in light.items()})
    for cid in PEOPLE:  # where each one is, learnt from the light decode: their own shard
        key, _doc = table.find(cid)
        assert table.path_for(key) == contact_file(db_path, cid) and table.get(cid).id == cid


def test_a_new_shard_file_from_another_process_is_news(db_path):
    network(db_path)
    app, script = workspace(db_path), workspace(db_path)
    app.repo.contacts()  # the list: every shard there is read
    newcomer = next(f"new-{n}" for n in range(100) if not contact_file(db_path, f"new-{n}").exists())
    with script.repo.transaction():
        script.repo.put(Contact(id=newcomer, name="New Person"))
    assert contact_file(db_path, newcomer).exists()
    assert app.repo.refresh().of(Contact) == {newcomer}
    assert newcomer in {c.id for c in app.repo.contacts()}


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda data: data[:-40], "not readable JSON"),  # cut short, as by a full disk
        (lambda data: data.replace(b'"name":', b'"name" ', 1), "not readable JSON"),
        (lambda data: b"[" + data + b"]", "not a netcrm database file"),
    ],
)
def test_a_light_read_of_a_broken_shard_names_the_file_as_a_whole_read_does(db_path, damage, says):
    """The light reads (the app's first frame, `today`, `list --json`) skip the separate check
    that a file is JSON of tables: their own decode checks every byte. A broken shard must still
    be the one-line error naming it, whichever read meets it first, and nothing is written."""
    from netcrm.domain.warmth import LISTED_TABLE, listed_id
    from netcrm.errors import StorageError

    network(db_path)
    shard = contact_file(db_path, "bo-chen")
    shard.write_bytes(damage(shard.read_bytes()))
    broken = shard.read_bytes()
    for read in (
        lambda repo: repo.contacts_through(LISTED_TABLE, listed_id, learn=False) or repo.contacts(),
        lambda repo: repo.contacts(),
        lambda repo: repo.contact_names(),
    ):
        with pytest.raises(StorageError, match=says) as raised:
            read(Repository(db_path))
        assert str(shard) in str(raised.value)
    assert shard.read_bytes() == broken


def test_the_first_person_shown_after_a_light_read_without_learning_is_their_stored_record(db_path):
    """The app's first frame does not learn where each person is stored: finding one later
    searches their shard alone and gives the record a whole read gives."""
    from netcrm.domain.warmth import LISTED_TABLE, listed_id

    network(db_path)
    repo = Repository(db_path)
    listed = repo.contacts_through(LISTED_TABLE, listed_id, learn=False)
    assert listed is not None and sorted(p.id for p in listed) == sorted(PEOPLE)
    whole = {c.id: c for c in Repository(db_path).contacts()}
    for cid in PEOPLE:
        assert repo.contact(cid) == whole[cid]
