"""`netcrm list` reads people the cheapest way that gives its very output (services.listing):
`--json` decodes them straight into a JSON-ready mirror of `Contact` and encodes that as
is. Every variant must print, byte for byte, what the whole `Contact` records give.

The reference is the whole-record path (`load_directory`, `contact_json`), run in the same
process on the same files: over a generated network with every kind of person (archived,
snoozed, planned, per-person, per-tag and per-circle cadences, never contacted, every
field set or empty, accents, a name with an escape), on shards as netcrm writes them and
as a person might format them by hand, and with a record that does not validate.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import msgspec
import pytest
from conftest import NOW, contact_file
from test_today_light import hand_format, network

from netcrm.domain.model import Contact
from netcrm.domain.text import visible
from netcrm.domain.warmth import MARKS
from netcrm.services import listing
from netcrm.services.directory import load_directory
from netcrm.storage.repository import Repository

VARIANTS = [
    ["list"],
    ["list", "--json"],
    ["list", "--cold", "--json"],
    ["list", "--cold", "--json", "--limit", "7"],
    ["list", "--archived", "--json"],
    ["list", "is:archived", "--json"],
    ["list", "is:snoozed", "--json"],
    ["list", "--sort", "last-touch", "--json"],
    ["list", "--sort", "overdue", "--json"],
    ["list", "--tag", "vip", "--json"],
    ["list", "--circle", "internal", "--cold", "--json"],
    ["list", "ann", "--json"],
    ["list", "dept:fin", "tag:client", "--json"],
    ["list", "city:berlin", "--archived", "--json"],
    ["list", "nobody-is-called-this", "--json"],
    ["list", "--cold"],
    ["list", "--sort", "last-touch"],
    ["list", "--format", "csv"],
    ["list", "--tag", "mentor", "--format", "csv", "--archived"],
]
ORGS = ["Acme", "Northwind", "Ümlaut GmbH", ""]
DEPTS = ["Finance", "R&D", ""]


def more_fields(db: Path, seed: int) -> None:
    """Every other field of a person, set or left empty, over `network`'s people."""
    rng = random.Random(seed)
    repo = Repository(db)
    people = []
    for c in repo.contacts():
        extra: dict[str, object] = {
            "org": rng.choice(ORGS), "department": rng.choice(DEPTS), "title": rng.choice(["CTO", "", "Lead\tdev"]),
        }
        if rng.random() < 0.3:
            extra.update(aka=["Annie"], given_name="Ann", family_name="Lee")
        if rng.random() < 0.4:
            extra.update(emails=[f"{c.id}@example.org"], phones=["+49 30 1234"], links=["https://example.org"])
        if rng.random() < 0.3:
            extra.update(skills=["python"], goals=["a book"], location=rng.choice(["Berlin", "Lisbon"]),
                         timezone="Europe/Berlin", stage=rng.choice(["active", "solid"]))
        if rng.random() < 0.2:
            extra.update(notes="met at\nthe fair", introduced_by="p0001", external_ids=["vcard:1"],
                         updated=NOW - dt.timedelta(days=3))
        if rng.random() < 0.05:
            extra.update(name="Eve \x1b]0;evil\x07 Esc", title="=HYPERLINK(1)")
        people.append(msgspec.structs.replace(c, **extra))
    with Repository(db).transaction() as writer:
        writer.put_many(people)


def both_ways(cli, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> tuple[object, object]:
    """What `netcrm ARGS` prints, and what it prints when every person is a whole `Contact`."""
    light = cli(*args)
    with monkeypatch.context() as patch:
        patch.setattr(listing, "listing_directory", lambda ws, json_keys=None: load_directory(ws))
        whole = cli(*args)
    return light, whole


@pytest.fixture
def people(db_path: Path) -> Path:
    network(db_path, seed=5, people=300)
    more_fields(db_path, seed=5)
    return db_path


def test_every_variant_prints_what_the_whole_records_give(people, cli, monkeypatch):
    for args in [a for a in VARIANTS if "--json" in a]:
        light, whole = both_ways(cli, monkeypatch, args)
        assert light == whole, args
        assert light.code == 0 and light.err == "", args
    cold = json.loads(cli("list", "--cold", "--json").out)
    assert len(cold) > 20 and {"band", "overdue_ratio", "org", "tags"} <= cold[0].keys()
    everyone = json.loads(cli("list", "--archived", "--json").out)
    assert any(p.get("archived") for p in everyone) and any("cadence" in p for p in everyone)
    assert any("\x1b" in p["name"] for p in everyone), "a name with an escape is listed as stored"


@pytest.mark.parametrize("args", [a for a in VARIANTS if "--json" not in a])
def test_text_and_csv_list_the_people_json_lists_in_its_order(people, cli, monkeypatch, args):
    """Text and CSV read whole records; each row is the person `--json` gives at that place."""
    monkeypatch.setenv("COLUMNS", "1000")  # wide enough that no cell is cut to fit
    listed = json.loads(cli(*args, "--json").out)
    assert listed, args
    if "csv" in args:
        ids = [row[0] for row in csv.reader(cli(*args).out.splitlines())][1:]
        assert ids == [p["id"] for p in listed]
        return
    lines = cli(*args).out.splitlines()[1:]
    assert len(lines) == len(listed)
    for line, person in zip(lines, listed, strict=True):
        assert line.startswith(f"{MARKS[person['band']]}  {visible(person['name'])}"), (line, person["name"])
        days = person["overdue_days"]
        assert line.endswith(f" +{days}d") == (days > 0), line


def test_json_reads_people_as_json_ready_records(people, cli, monkeypatch):
    """The fast path is the one taken (else the test above compares the whole path with itself)."""
    taken: list[str] = []
    real = listing.listing_directory

    def spy(ws, json_keys=None):
        directory = real(ws, json_keys)
        taken.append(type(directory.active[0].contact).__name__)
        return directory

    monkeypatch.setattr(listing, "listing_directory", spy)
    cli("list", "--cold", "--json")
    cli("list")
    assert taken == ["ListedContact", "Contact"]


@pytest.mark.parametrize("style", ["indented, ASCII", "keys reversed, spaced"])
def test_hand_formatted_shards_print_the_same(people, cli, monkeypatch, style):
    expected = {tuple(a): cli(*a) for a in VARIANTS[:6]}
    hand_format(people, style)
    for args in VARIANTS[:6]:
        light, whole = both_ways(cli, monkeypatch, args)
        assert light == whole == expected[tuple(args)], args


@pytest.mark.parametrize("broken", [{"emails": 5}, {"stage": "bogus"}, {"birthday": "1999-13-01"},
                                    {"surprise": 1}, {"org": None}, {"tags": None}])
def test_a_record_that_does_not_validate_is_set_aside_with_its_notice(people, cli, monkeypatch, broken):
    """Invalid in a field `list` prints or in one it does not: set aside and said, as before."""
    path = contact_file(people, "broken")
    data = json.loads(path.read_bytes())
    data["contacts"]["9999"] = {"id": "broken", "name": "Bri Broken", **broken}
    path.write_text(json.dumps(data), encoding="utf-8")
    for args in (["list", "--json"], ["list", "--cold", "--json"], ["list"]):
        light, whole = both_ways(cli, monkeypatch, args)
        assert light == whole, args
        assert "set aside" in light.err and "broken" not in light.out, args


def test_a_fresh_database_lists_nobody_alike(db_path, cli, monkeypatch):
    with Repository(db_path).transaction() as repo:
        repo.put(Contact(id="only", name="Only One", archived=True))
    for args in (["list", "--json"], ["list", "--cold", "--json"], ["list"]):
        light, whole = both_ways(cli, monkeypatch, args)
        assert light == whole, args
    assert cli("list", "--json").out == "[]\n"
