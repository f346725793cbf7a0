"""Write a synthetic network database for benchmarks: many people, many touches.

Field sizes follow what a real, well-kept network looks like (a few tags and
skills, an email or two, a paragraph of notes, a sentence or two per touch);
the seed makes every run produce the same data. Touches are spread over
`--years` years before a fixed "now".

The database folder is written directly, in exactly the format the repository
writes (schema 3: each record encoded with msgspec, TinyDB's `{table: {doc_id:
doc}}` layout per file, people in `contacts/<shard>.json` by the hash of their
id, touches in `touches/<yyyy-mm>.json` by the month of `at`, `meta.json` last): going through `Repository.put_many` would also write a
journal entry holding every record, and at 1M touches that alone is minutes
and gigabytes. `tests`-style proof that the folder is what netcrm writes:
`check()` below opens it with the real repository and compares.

`--old FILE` also writes the same data in the old single-file layout (schema
1: `{"contacts": {...}, "interactions": {...}, "plans": {...}, "_netcrm":
{"schema": 1}}`), the input of the migration benchmark and the file the
"json.load of the old single file" baselines load. `--v2 FOLDER` writes it as
the schema-2 folder (`contacts.json`, `touches/<year>.json`), the input of
the schema 2 -> 3 migration benchmark.

    python benchmarks/generate.py /tmp/netcrm-10k [--old /tmp/netcrm-10k.v1.json] [--v2 /tmp/netcrm-10k.v2]
    python benchmarks/generate.py /tmp/netcrm-30k --contacts 30000 --touches 1000000 --old /tmp/netcrm-30k.v1.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import time
from pathlib import Path

import msgspec

from netcrm.domain.model import KINDS, NOT_A_TOUCH, Contact, Interaction, Plan
from netcrm.storage.atomic import atomic_write
from netcrm.storage.layout import CONTACTS, META, PARTITIONS, TOUCHES, meta_bytes

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
FIRST = ["Ada", "Ben", "Chloé", "Dara", "Emil", "Farah", "Gus", "Hana", "Ivo", "Jana", "Kofi", "Lena", "Mateo", "Nia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tomás", "Uma", "Vera", "Wei", "Ximena", "Yusuf", "Zoë"]
LAST = ["Andersen", "Brooks", "Castillo", "Dubois", "Eze", "Fischer", "García", "Haddad", "Ito", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Walsh", "Xu", "Yilmaz", "Zhang"]
ORGS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Wonka", "Tyrell"]
DEPTS = ["Finance", "Engineering", "Sales", "Marketing", "Legal", "People", "Research", "Operations", "Design", "Support"]
TITLES = ("Analyst", "Engineer", "Senior Engineer", "Manager", "Director", "VP", "Designer", "Consultant")
WORDS = ["budget", "roadmap", "hiring", "mentoring", "conference", "kubernetes", "pricing", "onboarding", "migration", "quarterly", "offsite", "podcast", "negotiation", "analytics", "compliance", "partnership", "feedback", "promotion", "relocation", "workshop", "strategy", "customer", "launch", "research", "coffee", "garden", "marathon", "climbing", "chess", "sailing"]
TAGS = ["mentor", "client", "investor", "alumni", "speaker", "hiring", "friend", "board", "peer", "vendor"]

_encoder = msgspec.json.Encoder()


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


def make_interaction(rng: random.Random, n: int, ids: list[str], minutes: int) -> Interaction:
    return Interaction(
        id=f"t-{n:07d}",
        contacts=rng.sample(ids, rng.choice([1, 1, 1, 2])),
        at=NOW - dt.timedelta(minutes=rng.randint(60, minutes)),
        kind=rng.choice(KINDS),
        direction=rng.choice(["outbound", "inbound"]),
        summary=sentence(rng, 3, 7),
        notes=sentence(rng, 6, 16) if rng.random() < 0.2 else "",
    )


class Data(msgspec.Struct):
    """Every document, already encoded: written to either layout without encoding twice."""

    contacts: list[bytes]
    ids: list[str]  # the contacts' ids, in the same order
    touches: dict[str, list[bytes]]  # month (yyyy-mm) -> documents
    plans: list[bytes]


def build(contacts: int, touches: int, years: int, seed: int) -> Data:
    rng = random.Random(seed)
    people = [make_contact(rng, n) for n in range(contacts)]
    ids = [c.id for c in people]
    minutes = 60 * 24 * 365 * years
    latest: dict[str, dt.datetime] = {}
    by_month: dict[str, list[bytes]] = {}
    for n in range(touches):
        item = make_interaction(rng, n, ids, minutes)
        if item.kind not in NOT_A_TOUCH:
            for cid in item.contacts:
                if cid not in latest or latest[cid] < item.at:
                    latest[cid] = item.at
        # The repository's rule (partition.Months): the file is the month of `at` as stored.
        by_month.setdefault(f"{item.at.year:04d}-{item.at.month:02d}", []).append(_encoder.encode(item))
    people = [
        msgspec.structs.replace(c, last_touch=latest.get(c.id), stage="active" if c.id in latest else "new")
        for c in people
    ]
    plans = [
        Plan(id=f"p-{n:05d}", contacts=[rng.choice(ids)], start=NOW + dt.timedelta(days=rng.randint(1, 30)))
        for n in range(contacts // 50)
    ]
    return Data([_encoder.encode(c) for c in people], ids, by_month, [_encoder.encode(p) for p in plans])


def _table(name: str, docs: list[bytes], first: int = 1) -> bytes:
    """`{"name": {"1": doc, "2": doc, ...}}`, TinyDB's layout with its numbering."""
    body = b",".join(b'"%d":%s' % (first + i, doc) for i, doc in enumerate(docs))
    return b'{"%s":{%s}}' % (name.encode(), body)


def write_folder(path: Path, data: Data) -> None:
    """The schema-3 database folder, replacing whatever is at `path`."""
    _clear(path)
    os.makedirs(path / TOUCHES, mode=0o700)
    os.makedirs(path / CONTACTS, mode=0o700)
    shards: dict[str, list[bytes]] = {}
    for cid, doc in zip(data.ids, data.contacts, strict=True):
        shards.setdefault(PARTITIONS[CONTACTS].key_of_id(cid) or "", []).append(doc)
    for key, docs in sorted(shards.items()):  # numbered 1.. in each shard, as the repository adds them
        atomic_write(path / CONTACTS / f"{key}.json", _table(CONTACTS, docs))
    atomic_write(path / "plans.json", _table("plans", data.plans))
    first = 1  # document ids as the migration keeps them: the old file's, numbered across months
    for month, docs in sorted(data.touches.items()):
        atomic_write(path / TOUCHES / f"{month}.json", _table(TOUCHES, docs, first))
        first += len(docs)
    atomic_write(path / META, meta_bytes())  # last, as the repository and the migration do


def write_folder_v2(path: Path, data: Data) -> None:
    """The same data as the schema-2 folder (stop 19): one contacts.json, touches by year."""
    _clear(path)
    os.makedirs(path / TOUCHES, mode=0o700)
    atomic_write(path / "contacts.json", _table("contacts", data.contacts))
    atomic_write(path / "plans.json", _table("plans", data.plans))
    years: dict[str, list[bytes]] = {}
    for month, docs in sorted(data.touches.items()):
        years.setdefault(month[:4], []).extend(docs)
    first = 1
    for year, docs in sorted(years.items()):
        atomic_write(path / TOUCHES / f"{year}.json", _table(TOUCHES, docs, first))
        first += len(docs)
    atomic_write(path / META, b'{"netcrm":{"schema":2}}')


def write_old_file(path: Path, data: Data) -> None:
    """The same data as one schema-1 file, as netcrm wrote it before issue 9."""
    _clear(path)
    touches = [doc for _, docs in sorted(data.touches.items()) for doc in docs]
    body = b",".join(
        [
            _table("contacts", data.contacts)[1:-1],
            _table("interactions", touches)[1:-1],
            _table("plans", data.plans)[1:-1],
            b'"_netcrm":{"schema":1}',
        ]
    )
    atomic_write(path, b"{" + body + b"}")


def _clear(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    for leftover in (path.with_name(path.name + ".lock"),):
        leftover.unlink(missing_ok=True)


def generate(
    path: Path,
    contacts: int = 10_000,
    touches: int = 100_000,
    years: int = 10,
    seed: int = 7,
    old: Path | None = None,
    v2: Path | None = None,
) -> Path:
    """Write a fresh database folder at `path` (and the old single file at `old`, the schema-2
    folder at `v2`); return `path`."""
    data = build(contacts, touches, years, seed)
    write_folder(Path(path), data)
    if old is not None:
        write_old_file(Path(old), data)
    if v2 is not None:
        write_folder_v2(Path(v2), data)
    return Path(path)


def size_of(path: Path) -> int:
    """Bytes on disk of a database file or folder."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def check(path: Path) -> str:
    """Open the folder with the real repository: every record decodes and nothing is set aside."""
    from netcrm.storage.repository import Repository

    repo = Repository(path)
    people, items = repo.contacts(), repo.interactions()
    if repo.set_aside():
        raise SystemExit(f"{path}: {len(repo.set_aside())} documents set aside")
    return f"{len(people)} people, {len(items)} touches, {len(repo.plans())} plans read back"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="the database folder to write")
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=10, help="touches spread over this many years before now")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--old", type=Path, default=None, help="also write the old single-file layout here")
    parser.add_argument("--v2", type=Path, default=None, help="also write the schema-2 folder layout here")
    parser.add_argument("--check", action="store_true", help="read everything back through the repository")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(args.path, args.contacts, args.touches, args.years, args.seed, args.old, args.v2)
    print(
        f"wrote {args.path}: {args.contacts} people, {args.touches} touches over {args.years} years, "
        f"{size_of(args.path) / 1e6:.1f} MB in {time.perf_counter() - started:.1f}s"
        + (f"; old single file {args.old}: {size_of(args.old) / 1e6:.1f} MB" if args.old else ""),
        file=sys.stderr,
    )
    if args.check:
        print(check(args.path), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
