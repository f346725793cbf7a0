"""Benchmark: the today queue, intro suggestions and stats on 10,000 people and 100,000 touches.

Everything runs in-process on data generated in memory (seeded, so every run
sees the same network). Each figure is the median of several runs, printed
with its ratio to one plain pass over all interactions measured in the same
run, because the machine is shared and noisy. Times are this process's CPU
time (the work is single-threaded, so on an idle machine that is the wall
time; on a loaded one it leaves out the time spent waiting for a core).
Target: each <= 100 ms.

    python benchmarks/bench_practice.py [--contacts N] [--interactions N] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import time
import zoneinfo
from collections.abc import Callable

from netcrm.domain.intros import suggest
from netcrm.domain.model import Contact, Interaction, Introduction
from netcrm.domain.today import build_queue, timelines
from netcrm.domain.touches import last_touches
from netcrm.domain.warmth import Cadences
from netcrm.services.stats import compute

TZ = zoneinfo.ZoneInfo("Europe/Berlin")
TODAY = dt.date(2026, 11, 23)
ORGS = ["Acme"] * 5 + [f"Org {i}" for i in range(300)]
DEPARTMENTS = ["Finance", "Legal", "Sales", "Marketing", "Engineering", "Data", "HR", "Design", "Support", "Ops"]
COMMON = ["data", "engineering", "machine", "learning", "pricing", "strategy", "hiring", "sales", "design", "research", "product", "marketing", "rust", "python", "fundraising", "legal", "compliance", "finance", "budgeting", "negotiation", "leadership", "coaching", "cloud", "security", "analytics", "growth", "partnerships", "devops", "mobile", "writing", "speaking", "recruiting", "accounting", "supply", "chain"]
# Words in skills and asks follow Zipf's law: a few are everywhere, most are rare.
WORDS = COMMON + [f"topic{i}" for i in range(600)]
WEIGHTS = [1 / rank for rank in range(1, len(WORDS) + 1)]
INTERESTS = [f"interest {i}" for i in range(400)] + ["running", "travel", "cooking", "jazz", "chess"]


def phrase(rng: random.Random) -> str:
    return " ".join(dict.fromkeys(rng.choices(WORDS, WEIGHTS, k=rng.choice((1, 2, 2, 3)))))


def generate(n_contacts: int, n_interactions: int, seed: int = 6) -> tuple[list[Contact], list[Interaction]]:
    rng = random.Random(seed)
    start = dt.datetime.combine(TODAY - dt.timedelta(days=2 * 365), dt.time(8), TZ)
    contacts = []
    for i in range(n_contacts):
        org = rng.choice(ORGS)
        contacts.append(Contact(
            id=f"c{i}", name=f"Person {i} Name", org=org, department=rng.choice(DEPARTMENTS),
            circle="internal" if org == "Acme" else "external",
            tags=rng.choice(([], [], [], ["mentor"], ["mentee"], ["client"])),
            skills=[phrase(rng) for _ in range(rng.randint(0, 3))],
            offers=[phrase(rng) for _ in range(rng.randint(0, 1))],
            asks=[phrase(rng) for _ in range(rng.choice((0, 0, 0, 1, 1, 2)))],
            interests=rng.sample(INTERESTS, rng.randint(0, 3)),
            family=rng.choice(([], ["Mia"], ["Leo", "Ada"])),
            birthday=rng.choice((None, f"--{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")),
            stage=rng.choice(("new", "acquaintance", "active", "solid")),
            created=start,
        ))
    kinds = ("email", "message", "call", "coffee", "video", "meeting", "lunch")
    items = []
    span = 2 * 365 * 24 * 60
    # Logged in time order, as a real timeline is: the repository keeps file (insertion) order.
    moments = sorted(start + dt.timedelta(minutes=rng.randrange(span)) for _ in range(n_interactions))
    for i, at in enumerate(moments):
        who = [rng.choice(contacts).id for _ in range(rng.choice((1, 1, 1, 2)))]
        if i % 500 == 0:
            items.append(Interaction(id=f"m{i}", contacts=who[:1], at=at, kind="milestone", summary="New role at Beta"))
            continue
        items.append(Interaction(id=f"t{i}", contacts=list(dict.fromkeys(who)), at=at, kind=rng.choice(kinds),
                                 direction=rng.choice(("outbound", "outbound", "inbound")), summary="caught up"))
    latest = last_touches(items)
    contacts = [c if c.id not in latest else _with_last(c, latest[c.id]) for c in contacts]
    return contacts, items


def _with_last(contact: Contact, at: dt.datetime) -> Contact:
    import msgspec

    return msgspec.structs.replace(contact, last_touch=at)


def timings_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, fastest) of `runs` calls: the fastest is the least disturbed by other load."""
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append((time.process_time() - t0) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--freeze", action="store_true", help="gc.freeze() the data first (as an app could)")
    args = parser.parse_args()
    contacts, items = generate(args.contacts, args.interactions)
    if args.freeze:
        gc.freeze()
    intros = [Introduction(id=f"x{i}", a=f"c{i}", b=f"c{i + 1}", at=items[i].at) for i in range(0, 200, 2)]
    cadences = Cadences()
    planned = {f"c{i}" for i in range(0, args.contacts, 97)}

    def plain_pass() -> int:
        return sum(1 for item in items if item.at.date() <= TODAY)

    # As the app calls it: the last month of touches, and the per-person timelines
    # the repository keeps for the centre pane anyway (built once, outside the timing).
    month_ago = dt.datetime.combine(TODAY - dt.timedelta(days=31), dt.time(), tzinfo=dt.UTC)
    recent = [i for i in items if i.at >= month_ago]
    timeline_of = timelines(items)

    def queue() -> object:
        return build_queue(contacts, recent, TODAY, cadences, target=3, planned=planned, timeline_of=timeline_of)

    cases = {
        "one pass over interactions (baseline)": plain_pass,
        "today queue (target 3)": queue,
        "intro suggestions (top 20)": lambda: suggest(contacts, intros, limit=20),
        "stats (habit, funnel, weekly, map)": lambda: compute(contacts, items, TODAY, cadences, organisation="Acme"),
    }
    print(f"{args.contacts:,} contacts, {args.interactions:,} interactions; CPU ms over {args.runs} runs"
          + (" (data gc-frozen)" if args.freeze else ""))
    print(f"  {'':<40} {'median':>8}     {'ratio':>6}  {'fastest':>8}     {'ratio':>6}")
    base = None
    for label, fn in cases.items():
        median, fastest = timings_ms(fn, args.runs)
        base = base or (median, fastest)
        verdict = "" if label.startswith("one pass") else ("  ok" if median <= 100 else "  OVER 100 ms")
        print(f"  {label:<40} {median:8.1f} ms  {median / base[0]:6.1f}x  {fastest:8.1f} ms  {fastest / base[1]:6.1f}x"
              f"{verdict}")
    sample = suggest(contacts, intros, limit=3)
    print("sample queue:", [(e.contact.id, e.reasons) for e in queue().entries])  # type: ignore[attr-defined]
    print("sample intros:", [(s.a.id, s.b.id, s.reasons[:1]) for s in sample])


if __name__ == "__main__":
    main()
