"""Write a synthetic network database for benchmarks: many people, many touches.

Field sizes follow what a real, well-kept network looks like (a few tags and
skills, an email or two, a paragraph of notes, a sentence or two per touch),
so 10,000 people and 100,000 touches make a file of roughly 25-30 MB. The seed
makes every run produce the same data. Everything is written through
`Repository.put_many` in one transaction, exactly as netcrm itself writes.

    python benchmarks/generate.py /tmp/big.json [--contacts N] [--touches N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

from netcrm.domain.model import KINDS, NOT_A_TOUCH, Contact, Interaction, Plan
from netcrm.domain.touches import last_touches
from netcrm.storage.repository import Repository

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
FIRST = ["Ada", "Ben", "Chloé", "Dara", "Emil", "Farah", "Gus", "Hana", "Ivo", "Jana", "Kofi", "Lena", "Mateo", "Nia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tomás", "Uma", "Vera", "Wei", "Ximena", "Yusuf", "Zoë"]
LAST = ["Andersen", "Brooks", "Castillo", "Dubois", "Eze", "Fischer", "García", "Haddad", "Ito", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Walsh", "Xu", "Yilmaz", "Zhang"]
ORGS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Wonka", "Tyrell"]
DEPTS = ["Finance", "Engineering", "Sales", "Marketing", "Legal", "People", "Research", "Operations", "Design", "Support"]
TITLES = ("Analyst", "Engineer", "Senior Engineer", "Manager", "Director", "VP", "Designer", "Consultant")
WORDS = ["budget", "roadmap", "hiring", "mentoring", "conference", "kubernetes", "pricing", "onboarding", "migration", "quarterly", "offsite", "podcast", "negotiation", "analytics", "compliance", "partnership", "feedback", "promotion", "relocation", "workshop", "strategy", "customer", "launch", "research", "coffee", "garden", "marathon", "climbing", "chess", "sailing"]
TAGS = ["mentor", "client", "investor", "alumni", "speaker", "hiring", "friend", "board", "peer", "vendor"]


def sentence(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize() + "."


def make_contact(rng: random.Random, n: int) -> Contact:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    org = rng.choice(ORGS)
    created = NOW - dt.timedelta(days=rng.randint(30, 2000))
    year = rng.choice([None, rng.randint(1955, 2000)])
    birthday = f"{year or '-'}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return Contact(
        id=f"{first}-{last}-{n}".lower(),
        name=f"{first} {last}",
        org=org,
        department=rng.choice(DEPTS),
        title=rng.choice(TITLES),
        circle=rng.choice(["internal", "external"]),
        tags=rng.sample(TAGS, rng.randint(0, 3)),
        skills=rng.sample(WORDS, rng.randint(1, 4)),
        asks=[sentence(rng, 3, 6)],
        offers=[sentence(rng, 3, 6)],
        interests=rng.sample(WORDS, 2),
        goals=[sentence(rng, 4, 8)],
        emails=[f"{first}.{last}{n}@{org}.example".lower()],
        phones=[f"+49 30 {rng.randint(1000000, 9999999)}"],
        links=[f"https://example.org/in/{first}{last}{n}".lower()],
        location=rng.choice(["Berlin", "Lisbon", "Toronto", "Nairobi", "Osaka"]),
        how_met=sentence(rng, 4, 10),
        met_on=created.date(),
        family=[sentence(rng, 2, 4)],
        birthday=birthday,
        notes="\n".join(sentence(rng, 6, 14) for _ in range(rng.randint(1, 2))),
        cadence=rng.choice([None, None, 14, 30, 90]),
        created=created,
        updated=created,
    )


def make_interaction(rng: random.Random, n: int, ids: list[str]) -> Interaction:
    return Interaction(
        id=f"t-{n:07d}",
        contacts=rng.sample(ids, rng.choice([1, 1, 1, 2])),
        at=NOW - dt.timedelta(minutes=rng.randint(60, 60 * 24 * 900)),
        kind=rng.choice(KINDS),
        direction=rng.choice(["outbound", "inbound"]),
        summary=sentence(rng, 3, 7),
        notes=sentence(rng, 6, 16) if rng.random() < 0.2 else "",
    )


def generate(path: Path, contacts: int = 10_000, touches: int = 100_000, seed: int = 7) -> Path:
    """Write a fresh database at `path` (replacing any file there) and return the path."""
    rng = random.Random(seed)
    people = [make_contact(rng, n) for n in range(contacts)]
    ids = [c.id for c in people]
    items = [make_interaction(rng, n, ids) for n in range(touches)]
    latest = last_touches(i for i in items if i.kind not in NOT_A_TOUCH)
    people = [_with_last(c, latest.get(c.id)) for c in people]
    plans = [
        Plan(id=f"p-{n:05d}", contacts=[rng.choice(ids)], start=NOW + dt.timedelta(days=rng.randint(1, 30)))
        for n in range(contacts // 50)
    ]
    path = Path(path)
    path.unlink(missing_ok=True)
    repo = Repository(path)
    with repo.transaction():
        repo.put_many([*people, *items, *plans])
    return path


def _with_last(contact: Contact, last: dt.datetime | None) -> Contact:
    import msgspec

    return msgspec.structs.replace(contact, last_touch=last, stage="active" if last else "new")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(args.path, args.contacts, args.touches, args.seed)
    size = args.path.stat().st_size / 1e6
    print(f"wrote {args.path}: {args.contacts} people, {args.touches} touches, {size:.1f} MB "
          f"in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
