"""What `export ics` costs, against building and serialising the same events directly with icalendar.

The baseline gets every value ready-made (summary, description, location,
UTC start/end, attendees, alarm) and only builds the icalendar objects and
serialises them: the floor for any exporter that uses icalendar. The subject
is `export_ics` on an open workspace (the app's and auto-export's situation):
it also looks up the people, writes each person's reminder (role, asks, last
touch) and cleans the text. Both must produce the same bytes. Target: <= 1.2x.

    python benchmarks/bench_ics.py [--plans 1000 10000] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

from common import interleaved, report
from icalendar import Alarm, Calendar, Event, vCalAddress

from netcrm.domain.model import Contact, Interaction, Plan
from netcrm.formats import ics_events
from netcrm.services import ics
from netcrm.services.config import Config
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
WORDS = ["budget", "roadmap", "hiring", "mentoring", "pricing", "launch,", "Q3;", '"offsite"', "Zoë", "Ødegård", "李波", "🎉", "café"]
KINDS = ("coffee", "lunch", "call", "video", "meeting")


def text(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def build_db(path: Path, plans: int, seed: int = 7) -> Workspace:
    rng = random.Random(seed)
    people = max(200, plans // 5)
    contacts = [
        Contact(
            id=f"c{n}", name=f"{text(rng, 1, 2)} {n}", title=text(rng, 1, 2), org=rng.choice(["Acme", "Globex"]),
            asks=[text(rng, 1, 3) for _ in range(rng.randint(0, 2))], emails=[f"p{n}@example.org"] if n % 3 else [],
            last_touch=NOW - dt.timedelta(days=rng.randint(1, 400)),
        )
        for n in range(people)
    ]
    touches = [
        Interaction(id=f"t{n}", contacts=[f"c{rng.randrange(people)}"], at=NOW - dt.timedelta(hours=rng.randint(1, 9000)),
                    kind=rng.choice(KINDS), summary=text(rng, 2, 8))
        for n in range(people * 5)
    ]
    zones = [dt.timezone(dt.timedelta(hours=h)) for h in (-5, 1, 10.5)]
    records = [
        Plan(id=f"p-{n:06d}", contacts=[f"c{rng.randrange(people)}" for _ in range(rng.randint(1, 3))],
             start=(NOW + dt.timedelta(minutes=30 * rng.randint(1, 20000))).astimezone(rng.choice(zones)),
             duration=rng.choice([30, 45, 60]), kind=rng.choice(KINDS), where=text(rng, 0, 3),
             agenda=text(rng, 0, 12), remind=rng.choice([None, 10, 15]), sequence=rng.randint(0, 2),
             status=rng.choice(["planned"] * 8 + ["done", "cancelled"]), created=NOW, updated=NOW)
        for n in range(plans)
    ]
    ws = Workspace(Repository(path), Config(timezone="Europe/Berlin"), lambda: NOW)
    with ws.repo.transaction():
        ws.repo.put_many([*contacts, *touches, *records])
    return ws


def ready_made(ws: Workspace) -> list[dict]:
    """Every value of every event, computed up front: the baseline only builds and serialises."""
    people = ics._People(ws)
    rows = []
    for plan in sorted(ws.repo.plans(), key=lambda p: (p.start, p.id)):
        summary = ics_events.plan_summary(plan, [people.name(c) for c in plan.contacts])
        attendees = [(f"mailto:{c.emails[0]}", c.name) for c in map(people.contact, plan.contacts) if c and c.emails]
        rows.append({
            "uid": ics_events.plan_uid(plan), "sequence": plan.sequence, "status": ics_events.STATUS[plan.status], "summary": summary,
            "start": plan.start.astimezone(dt.UTC), "end": plan.end.astimezone(dt.UTC),
            "location": plan.where, "description": ics_events.plan_description(plan, people), "attendees": attendees,
            "created": plan.created.astimezone(dt.UTC), "updated": plan.updated.astimezone(dt.UTC),
            "remind": plan.remind if plan.status != "cancelled" else None,
        })
    return rows


def icalendar_directly(rows: list[dict], stamp: dt.datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", ics_events.PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", ics_events.CALENDAR_NAME)
    for row in rows:
        event = Event()
        event.add("uid", row["uid"])
        event.add("dtstamp", stamp)
        event.add("sequence", row["sequence"])
        event.add("status", row["status"])
        event.add("summary", row["summary"])
        event.add("dtstart", row["start"])
        event.add("dtend", row["end"])
        if row["location"]:
            event.add("location", row["location"])
        event.add("description", row["description"])
        event.add("created", row["created"])
        event.add("last-modified", row["updated"])
        for address, name in row["attendees"]:
            attendee = vCalAddress(address)
            attendee.params["CN"] = name
            attendee.params["RSVP"] = "FALSE"
            event.add("attendee", attendee, encode=False)
        if row["remind"] is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", row["summary"])
            alarm.add("trigger", dt.timedelta(minutes=-row["remind"]))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    status = 0
    for count in args.plans:
        with tempfile.TemporaryDirectory() as folder:
            ws = build_db(Path(folder) / "netcrm.json", count)
            stamp = NOW
            rows = ready_made(ws)
            subject = ics.export_ics(ws).data
            assert subject == icalendar_directly(rows, stamp), "the two paths must write the same calendar"
            print(f"{count} plans, {len(ws.repo.contacts())} people, {len(ws.repo.interactions())} touches; "
                  f"{len(subject) / 1e6:.1f} MB of .ics")
            medians = interleaved(
                args.runs,
                icalendar_directly=lambda rows=rows, stamp=stamp: icalendar_directly(rows, stamp),
                export_ics=lambda ws=ws: ics.export_ics(ws),
            )
            status |= report(medians, "export_ics", "icalendar_directly", 1.2)
    return status


if __name__ == "__main__":
    sys.exit(main())
