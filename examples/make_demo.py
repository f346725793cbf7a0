"""Regenerate examples/network/, the demo network, deterministically.

    python examples/make_demo.py [OUT_DIR]

People, group touches, milestones, introductions and plans are
hand-written (demo_data.py); their timelines are drawn from a
seeded random generator so each person ends up where `r` puts them on AS_OF
(warm, due, overdue or cold). Files are written with netcrm's own YAML export
renderer, so `netcrm import yaml` then `export yaml` gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import zoneinfo
from pathlib import Path

import msgspec

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from demo_data import EXTERNAL, GROUPS, INTERNAL, INTROS, MILESTONES, ORG, PLANS

from netcrm.domain.lookup import fold, slugify
from netcrm.domain.model import Contact, Interaction, Introduction, Plan
from netcrm.domain.warmth import Cadences, band_for
from netcrm.formats.yaml_tree import FORMAT, Bundle, render
from netcrm.services import yaml_files

AS_OF = dt.date(2026, 11, 22)
HISTORY = 540  # days of timeline: about 18 months
TZ = zoneinfo.ZoneInfo("Europe/Berlin")
CADENCES = Cadences()
rng = random.Random(20261122)

CAFES = ["Bonanza Coffee", "The Barn", "Father Carpenter", "the office kitchen", "Five Elephant", "Café Einstein"]
LUNCH = ["Mamecha", "the canteen", "Cocolo Ramen", "Markthalle Neun", "Dudu", "Lon Men's Noodle House"]
EVENTS = [
    "PyCon DE",
    "the Berlin Python meetup",
    "KubeCon Europe",
    "the Northwind summer party",
    "PyData Berlin",
    "the CTO breakfast",
    "Web Summit",
]
FOLLOW_UPS = [
    "Follow up: send the article we talked about.",
    "Promised to share my notes by Friday.",
    "Ask again in a month how it went.",
    "They'd like an intro to someone who has done this before.",
    "Good energy. Keep doing these.",
    "Action items:\n- send the doc\n- book the next slot",
]


def at(days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Berlin wall-clock time, stored with its fixed +01:00/+02:00 offset."""
    day = AS_OF - dt.timedelta(days=days_ago)
    local = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)
    return local.replace(tzinfo=dt.timezone(local.utcoffset()))


def met_date(value: str | int) -> dt.date:
    return AS_OF - dt.timedelta(days=value) if isinstance(value, int) else dt.date.fromisoformat(value)


def first(p: dict) -> str:
    return p["name"].split()[-1] if p["name"].startswith("Nguyễn") else p["name"].split()[0]


def email_for(p: dict, internal: bool) -> str:
    parts = p["name"].replace("'", "").split()
    local = ".".join(fold(part) for part in (parts[0], parts[-1]))
    if internal:
        return f"{slugify(local).replace('-', '.')}@northwindlabs.com"
    domain = slugify(p.get("org") or "posteo") + ".example"
    return f"{slugify(first(p))}@{domain}"


def contact(p: dict, internal: bool) -> Contact:
    met = met_date(p["met"])
    created = max(met, AS_OF - dt.timedelta(days=HISTORY + 20))
    loc, tz = p.get("loc", ("", ""))
    return Contact(
        id=p["id"],
        name=p["name"],
        given_name=p.get("given", ""),
        family_name=p.get("family_name", ""),
        org=ORG if internal else p.get("org", ""),
        department=p.get("dept", ""),
        title=p.get("title", ""),
        circle="internal" if internal else "external",
        tags=p.get("tags", []),
        skills=p.get("skills", []),
        asks=p.get("asks", []),
        offers=p.get("offers", []),
        interests=p.get("interests", []),
        goals=p.get("goals", []),
        emails=[email_for(p, internal)],
        phones=[p["phone"]] if "phone" in p else [],
        links=p.get("links", [f"https://www.linkedin.com/in/{p['id']}"] if rng.random() < 0.6 else []),
        location=loc,
        timezone=tz,
        how_met=p.get("how", ""),
        met_on=met,
        introduced_by=p.get("by"),
        family=p.get("family", []),
        birthday=p.get("bday"),
        notes=p.get("notes", ""),
        cadence=p.get("cadence"),
        stage=p.get("stage", "new"),
        snoozed_until=AS_OF + dt.timedelta(days=p["snooze"]) if "snooze" in p else None,
        archived=p.get("archived", False),
        created=at((AS_OF - created).days, 9, 30),
    )


def kinds_for(p: dict, internal: bool) -> tuple[list[str], list[int]]:
    if "client" in p.get("tags", []):
        return ["video", "email", "meeting", "call", "lunch"], [4, 4, 3, 2, 1]
    if internal:
        return ["meeting", "message", "coffee", "lunch", "video", "email", "call"], [5, 4, 3, 2, 2, 2, 1]
    return ["video", "email", "message", "coffee", "call", "lunch", "event"], [4, 3, 3, 2, 2, 1, 1]


def summary(kind: str, inbound: bool, p: dict, topic: str, internal: bool) -> str:
    name = first(p)
    options = {
        "coffee": [f"Coffee at {rng.choice(CAFES)}: {topic}", f"Quick coffee, caught up on {topic}"],
        "lunch": [f"Lunch at {rng.choice(LUNCH)}; mostly {topic}", f"Lunch with {name}: {topic}"],
        "call": [f"{name} called about {topic}" if inbound else f"Call about {topic}"],
        "video": [
            f"Video call: {topic}",
            f"{name} set up a video call on {topic}" if inbound else f"Zoom catch-up on {topic}",
        ],
        "email": [f"{name} emailed about {topic}" if inbound else f"Emailed {name} about {topic}"],
        "message": [
            f"{name} messaged about {topic}"
            if inbound
            else (f"Pinged {name} on Slack about {topic}" if internal else f"Texted {name} about {topic}")
        ],
        "meeting": [f"1:1 with {name}: {topic}", f"Working session on {topic}"],
        "event": [f"Ran into {name} at {rng.choice(EVENTS)}; chatted about {topic}"],
    }[kind]
    return rng.choice(options)


HOURS = {
    "coffee": (8, 10),
    "lunch": (12, 13),
    "call": (9, 17),
    "video": (9, 17),
    "email": (8, 18),
    "message": (8, 21),
    "meeting": (9, 17),
    "event": (18, 20),
}


def workday(days_ago: int, kind: str) -> dt.datetime:
    """A plausible time: weekdays for work touches, any day for messages and events."""
    day = AS_OF - dt.timedelta(days=days_ago)
    if kind not in ("message", "event") and day.weekday() >= 5:
        days_ago += day.weekday() - 4  # back to Friday
    lo, hi = HOURS[kind]
    return at(days_ago, rng.randint(lo, hi), rng.choice([0, 15, 30, 45]))


def topic_for(p: dict, kind: str) -> str:
    """Small talk ("~" topics) happens over coffee or chat, not in meetings."""
    topics = p["topics"] if kind not in ("meeting", "video") else [t for t in p["topics"] if not t.startswith("~")]
    return rng.choice(topics).lstrip("~")


def new_id(prefix: str) -> str:
    return f"{prefix}-{rng.getrandbits(40):010x}"


def timeline(p: dict, internal: bool, last: int) -> list[Interaction]:
    """Touches from the last one (`last` days ago) backwards, about one per cadence."""
    cadence = CADENCES.for_contact(p["contact"])
    start = min(HISTORY, (AS_OF - met_date(p["met"])).days)
    kinds, weights = kinds_for(p, internal)
    items, days, first_touch = [], last, True
    while days <= start:
        kind = rng.choices(kinds, weights)[0]
        inbound = rng.random() < (0.5 if kind in ("email", "message") else 0.3)
        when = workday(days, kind)
        if first_touch:  # the day is what decides the band; keep it exact
            when = at(days, when.hour, when.minute)
            first_touch = False
        notes = rng.choice(FOLLOW_UPS) if rng.random() < 0.15 else ""
        items.append(
            Interaction(
                id=new_id("t"),
                contacts=[p["id"]],
                at=when,
                kind=kind,
                direction="inbound" if inbound else "outbound",
                summary=summary(kind, inbound, p, topic_for(p, kind), internal),
                notes=notes,
            )
        )
        days += max(2, round(cadence * rng.uniform(0.6, 1.7)))
    return items


def build() -> Bundle:
    people = []
    for internal, group in ((True, INTERNAL), (False, EXTERNAL)):
        for p in group:
            p["id"] = slugify(p["name"])
            p["contact"] = contact(p, internal)
            p["internal"] = internal
            people.append(p)
    by_id = {p["id"]: p for p in people}
    touches: list[Interaction] = []
    last: dict[str, int] = {}
    for p in people:
        if p["r"] is None:
            continue
        cadence = CADENCES.for_contact(p["contact"])
        last[p["id"]] = days = max(1, round(p["r"] * cadence))
        assert band_for(days / cadence) == band_for(p["r"]), p["name"]
        touches += timeline(p, p["internal"], days)

    def before_all(ids: list[str], days: int) -> int:
        """Push a shared touch back so it never becomes anyone's latest."""
        return max([days, *(last[i] + 3 for i in ids)])

    for ids, kind, text, notes in GROUPS:
        days = before_all(ids, rng.randint(30, 400))
        touches.append(
            Interaction(id=new_id("t"), contacts=ids, at=workday(days, kind), kind=kind, summary=text, notes=notes)
        )
    for cid, days, text in MILESTONES:
        touches.append(
            Interaction(
                id=new_id("t"), contacts=[cid], at=at(days, 20, 15), kind="milestone", direction="inbound", summary=text
            )
        )
    intros = []
    for a, b, why, outcome, days in INTROS:
        days = before_all([a, b], days)
        when = workday(days, "email")
        intros.append(Introduction(id=new_id("i"), a=a, b=b, why=why, at=when, outcome=outcome))
        touches.append(
            Interaction(
                id=new_id("t"),
                contacts=[a, b],
                at=when,
                kind="introduction",
                summary=f"Introduced {first(by_id[a])} and {first(by_id[b])}: {why}",
            )
        )
    plans = []
    for ids, days, hour, minutes, kind, where, agenda, remind, status in PLANS:
        if status == "done":
            days = -before_all(ids, -days)
        start = at(-days, hour)
        created = at(max(-days, 0) + rng.randint(3, 12), 11)
        plans.append(
            Plan(
                id=new_id("p"),
                contacts=ids,
                start=start,
                duration=minutes,
                kind=kind,
                where=where,
                agenda=agenda,
                remind=remind,
                status=status,
                created=created,
            )
        )
        if status == "done":
            touches.append(Interaction(id=new_id("t"), contacts=ids, at=start, kind=kind, summary=agenda))
    contacts = [with_stage(p["contact"], touches) for p in people]
    return Bundle(contacts, touches, plans, intros)


def with_stage(c: Contact, touches: list[Interaction]) -> Contact:
    """The stage logging those touches would have given, unless the person data sets one."""
    if c.stage != "new":
        return c
    mine = [t for t in touches if c.id in t.contacts and t.kind != "milestone"]
    stage = "active" if any(t.direction == "inbound" for t in mine) else "acquaintance" if mine else "new"
    return msgspec.structs.replace(c, stage=stage)


def write(folder: Path) -> dict[str, str]:
    files = render(build())
    files["network.yaml"] = yaml_files.dump({"netcrm": FORMAT, "as_of": AS_OF})
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for stale in folder.rglob("*.yaml"):
        if stale.relative_to(folder).as_posix() not in files:
            stale.unlink()
    return files


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "network"
    written = write(out)
    print(f"wrote {len(written)} files to {out}")
