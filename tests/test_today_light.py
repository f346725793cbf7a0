"""`netcrm today` ranks everyone from a light decode (`Due`, ten fields) and decodes in full
only the people it shows: the queue must be the one the whole records give.

Each test builds a network with every kind of reason (due and cold by cadence, by tag and
by circle; never contacted; birthdays in the window, a leap-day one, year-less ones; job
news; touched today), and every kind of exclusion (archived, snoozed until today or later,
a catch-up ahead, skipped today), then compares the queue of a fresh workspace (the light
path, which must not decode everyone) with the queue of a workspace that holds every
record (the app's path), for the daily target and for everyone at once, on several days,
with contacts.json as netcrm writes it and as a person might format it by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from conftest import NOW, contact_file, table_files

from netcrm.domain.model import Contact, Interaction, Plan, Skip
from netcrm.services.config import Config
from netcrm.services.today import today_queue
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository

TAGS = ["client", "mentor", "vip", "family", "alumni"]
FIRST = ["Ann", "Bo", "Cy", "Dee", "Zoë", "Ōtake", "Mai", "Jean-Luc", "María José", "Dr. Kim"]
LAST = ["Lee", "Chen", "Díaz", "Eng", "Ødegård", "Nguyễn", "van der Berg", "O'Neil", "Smith Jr."]


def config() -> Config:
    return Config(timezone="Europe/Berlin", daily_target=3, tag_cadence={"vip": 7, "mentor": 21, "alumni": 180},
                  cadence={"internal": 20, "external": 50})


def workspace(db: Path, now: dt.datetime = NOW) -> Workspace:
    return Workspace(Repository(db), config(), lambda: now)


def network(db: Path, seed: int, people: int = 400) -> None:
    """`people` people with every kind of reason and exclusion, their touches, plans and skips."""
    rng = random.Random(seed)
    today = NOW.date()
    contacts, touches, plans, skips = [], [], [], []
    for n in range(people):
        cid = f"p{n:04d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        fields: dict = {"id": cid, "name": name}
        if rng.random() < 0.4:
            fields["circle"] = rng.choice(["internal", "external"])
        if rng.random() < 0.4:
            fields["tags"] = rng.sample(TAGS, rng.randrange(1, 3))
        if rng.random() < 0.15:
            fields["cadence"] = rng.choice([1, 7, 30, 90, 3650])
        if rng.random() < 0.8:
            fields["created"] = NOW - dt.timedelta(days=rng.randrange(0, 2000), hours=rng.randrange(24))
        if rng.random() < 0.3:
            fields["met_on"] = today - dt.timedelta(days=rng.randrange(0, 900))
        if rng.random() < 0.35:
            day = today + dt.timedelta(days=rng.randrange(-3, 12))
            year = rng.choice(["-", "1980", "1999"])
            fields["birthday"] = rng.choice([f"{year}-{day.month:02d}-{day.day:02d}", "--02-29", "1984-02-29"])
        if rng.random() < 0.1:
            fields["snoozed_until"] = today + dt.timedelta(days=rng.randrange(-5, 10))
        if rng.random() < 0.07:
            fields["archived"] = True
        if rng.random() < 0.3:
            fields["family"] = rng.sample(["Mia", "Leo", "Ada", "Tom"], rng.randrange(1, 4))
        if rng.random() < 0.3:
            fields["asks"] = ["a data engineer"]
        if rng.random() < 0.3:
            fields["offers"] = ["intros in Berlin"]
        if rng.random() < 0.2:
            fields["interests"] = ["sailing"]
        if rng.random() < 0.2:
            fields["how_met"] = "a meetup"
        if rng.random() < 0.2:
            fields["call_name"] = rng.choice(["Bobby", "Doc", " "])
        last = None
        for _ in range(rng.choice([0, 0, 1, 2, 5])):
            at = NOW - dt.timedelta(days=rng.choice([0, 0, 1, 10, 25, 40, 70, 200, 900]), hours=rng.randrange(20))
            at = at.astimezone(dt.timezone(dt.timedelta(hours=rng.choice([-10, 0, 1, 9]))))
            kind = rng.choice(["call", "email", "lunch", "milestone"])
            summary = rng.choice(["", "budget season", "New role at Acme", "Moved to Lisbon", "new role: CTO"])
            touches.append(Interaction(id=f"t{len(touches):05d}", contacts=[cid], at=at, kind=kind, summary=summary))
            if kind != "milestone" and (last is None or at > last):
                last = at
        if last is not None:
            fields["last_touch"] = last
        if rng.random() < 0.06:
            start = NOW + dt.timedelta(days=rng.randrange(-10, 20))
            plans.append(Plan(id=f"plan{n}", contacts=[cid], start=start, status=rng.choice(["planned", "done"])))
        if rng.random() < 0.05:
            day = today - dt.timedelta(days=rng.choice([0, 0, 1]))
            skips.append(Skip(id=f"{day.isoformat()}:{cid}", contact=cid, day=day))
        contacts.append(Contact(**fields))
    with Repository(db).transaction() as repo:
        repo.put_many(contacts)
        repo.put_many(touches)
        repo.put_many(plans)
        repo.put_many(skips)


def hand_format(db: Path, style: str) -> None:
    """The people's files as another JSON tool or a person might leave them."""
    for path in table_files(db, Contact):
        data = json.loads(path.read_bytes())
        if style == "indented, ASCII":
            text = json.dumps(data, indent=2, ensure_ascii=True)
        elif style == "keys reversed, spaced":
            table = {doc: dict(reversed(list(doc_.items()))) for doc, doc_ in data["contacts"].items()}
            text = json.dumps({"contacts": table}, separators=(" , ", " : "), ensure_ascii=False)
        else:
            raise AssertionError(style)
        path.write_text(text, encoding="utf-8")


def as_seen(queue) -> tuple:
    """Everything `today` prints or the app shows of a queue."""
    entries = [(e.contact, e.score, e.reasons, e.starter, e.done, e.last) for e in queue.entries]
    return (queue.day, queue.target, queue.work_day, queue.waiting, queue.skipped, entries)


def both_ways(db: Path, now: dt.datetime, extra: int, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple, tuple]:
    """The queue the light path gives (a fresh workspace that must not decode everyone), and
    the one the whole records give (a workspace that decoded everyone first, as the app)."""
    whole_ws = workspace(db, now)
    whole_ws.repo.contacts()
    whole = as_seen(today_queue(whole_ws, extra))
    with monkeypatch.context() as patch:
        def refused(self):
            raise AssertionError("the light path decoded every person")

        patch.setattr(Repository, "contacts", refused)
        light = as_seen(today_queue(workspace(db, now), extra))
    return light, whole


DAYS = [NOW, NOW + dt.timedelta(days=1, hours=3), NOW + dt.timedelta(days=97)]


@pytest.mark.parametrize("seed", [1, 2])
def test_the_light_queue_is_the_whole_records_queue(db_path, monkeypatch, seed):
    network(db_path, seed)
    for now in DAYS:
        for extra in (0, 40, 1000):  # the daily target, a longer list, everyone with a reason
            light, whole = both_ways(db_path, now, extra, monkeypatch)
            assert light == whole, (now, extra)
            assert len(whole[5]) >= min(3 + extra, 50), "the network must give many people a reason"
    reasons = {r.split(":")[0].split(" ")[0] for e in both_ways(db_path, NOW, 1000, monkeypatch)[1][5] for r in e[2]}
    assert {"cold", "overdue", "never", "birthday", "new", "moved"} <= reasons


@pytest.mark.parametrize("style", ["indented, ASCII", "keys reversed, spaced"])
def test_the_light_queue_holds_on_a_hand_formatted_file(db_path, monkeypatch, style):
    network(db_path, seed=3, people=150)
    expected = both_ways(db_path, NOW, 1000, monkeypatch)[1]
    hand_format(db_path, style)
    for extra in (0, 1000):
        light, whole = both_ways(db_path, NOW, extra, monkeypatch)
        assert light == whole
    assert light == expected


def test_odd_records_rank_the_same(db_path, monkeypatch):
    """A leap-day birthday on a non-leap 28 Feb, a year-less one, a last touch in a far-off zone
    just after midnight, a cadence at its bounds, a snooze ending today, an id spelled with an
    escape, and one id stored twice (the later document wins, as when reading everyone)."""
    now = dt.datetime(2027, 2, 27, 23, 30, tzinfo=NOW.tzinfo)  # Saturday; Sunday is 28 Feb (2027 is no leap year)
    docs = {
        "1": {"id": "leap", "name": "Lea Leap", "birthday": "1988-02-29", "last_touch": "2027-01-02T10:00:00+01:00"},
        "2": {"id": "noyear", "name": "Ned Noyear", "birthday": "--03-01", "cadence": 3650},
        "3": {"id": "far", "name": "Fay Far", "cadence": 1, "last_touch": "2027-02-27T00:10:00+14:00"},
        "4": {"id": "snz", "name": "Sam Snooze", "snoozed_until": "2027-02-27", "created": "2020-01-01T00:00:00Z"},
        "5": {"id": "\\u00e9mile", "name": "\\u00c9mile Ésc", "met_on": "2026-12-30", "tags": ["vip", "vip"]},
        "6": {"id": "twice", "name": "Old Twice", "archived": True},
        "7": {"id": "twice", "name": "New Twice", "circle": "internal", "last_touch": "2026-10-01T08:00:00Z"},
        "8": {"id": "plain", "name": "Pat Plain"},
    }
    with Repository(db_path).transaction() as repo:  # the folder and its marker
        repo.put(Contact(id="plain", name="Pat Plain"))
    shards: dict[Path, list[str]] = {}
    for k, v in docs.items():  # each in its own shard, its id spelled as written
        doc = json.dumps(v, ensure_ascii=False).replace(chr(92) * 2, chr(92))
        shards.setdefault(contact_file(db_path, json.loads(f'"{v["id"]}"')), []).append(f'"{k}": {doc}')
    for path in table_files(db_path, Contact):
        path.unlink()
    for path, body in shards.items():
        path.write_text('{"contacts": {' + ",\n".join(body) + "}}", encoding="utf-8")
    light, whole = both_ways(db_path, now, 1000, monkeypatch)
    assert light == whole
    shown = {e[0].id: e[2] for e in whole[5]}
    assert shown["leap"][0] == "birthday tomorrow"  # 29 Feb counts on the 28th
    assert "émile" in shown and shown["twice"] == ["cold: 149 days, cadence 20"]


def test_a_broken_record_that_would_be_shown_is_left_out_as_when_reading_everyone(db_path, monkeypatch):
    """Its queue fields are fine but another field is not: the whole-record read sets it aside,
    so the light path must not show it either."""
    network(db_path, seed=4, people=60)
    path = contact_file(db_path, "broken")
    data = json.loads(path.read_bytes())
    data["contacts"]["9999"] = {"id": "broken", "name": "Bri Broken", "birthday": f"--{NOW:%m-%d}",
                                "emails": 5}  # a birthday today: first in the queue, were it valid
    path.write_text(json.dumps(data), encoding="utf-8")
    ws = workspace(db_path)
    notices: list[str] = []
    ws.repo.on_notice = notices.append
    light = as_seen(today_queue(ws))
    whole_ws = workspace(db_path)
    whole_ws.repo.contacts()
    assert light == as_seen(today_queue(whole_ws))
    assert "broken" not in [e[0].id for e in light[5]]
    assert notices and "set aside" in notices[0]
