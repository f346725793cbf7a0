"""Benchmark: possible duplicates among 30,000 people (target: well under a second).

People get realistic, mostly unique names (syllables, seeded), an email and a
phone; 3% of them have a planted duplicate (a typo, a nickname-less initial,
the same phone or email name under another spelling). The figure printed is
the median of several runs of this process's CPU time (the work is
single-threaded; on a loaded machine wall time mostly measures waiting for a
core), with its ratio to one plain pass over everyone that folds each name
(the cheapest thing any search does), measured in the same run.

    python benchmarks/bench_dupes.py [--people N] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from common import interleaved

from netcrm.domain.dupes import possible_duplicates
from netcrm.domain.lookup import fold
from netcrm.domain.model import Contact

SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vo", "shi", "an", "del", "mar", "ri", "so", "bel", "gu", "ni", "ze", "pa", "lin", "dor", "e"]


def word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def people(n: int, seed: int = 14) -> list[Contact]:
    rng = random.Random(seed)
    firsts = [word(rng, 2) for _ in range(400)]
    out: list[Contact] = []
    for i in range(n):
        first, last = rng.choice(firsts), word(rng, 3)
        out.append(Contact(
            id=f"p{i}", name=f"{first} {last}", org=f"Org {rng.randint(0, 500)}",
            emails=[f"{first}.{last}{i}@mail.example".lower()],
            phones=[f"+49 30 {rng.randint(10_000_000, 99_999_999)}"],
        ))
    for k in range(n * 3 // 100):  # planted duplicates: "d<k>" of "p<twin>"
        twin = out[rng.randrange(n)]
        first, last = twin.name.split()
        kind = k % 3
        name = f"{first[0]}. {last}" if kind == 0 else f"{first} {last[:-1]}" if kind == 1 else twin.name
        out.append(Contact(
            id=f"d{k}-of-{twin.id}", name=name,
            emails=twin.emails if kind == 2 else [],
            phones=twin.phones if kind == 1 else [],
        ))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    network = people(args.people)
    found = possible_duplicates(network)
    pairs = {frozenset((d.a.id, d.b.id)) for d in found}
    planted = [c for c in network if c.id.startswith("d")]
    hits = sum(1 for c in planted if frozenset((c.id, c.id.split("-of-")[1])) in pairs)
    print(f"{len(network)} people: {len(found)} possible duplicates; {hits} of {len(planted)} planted pairs found")
    medians = interleaved(
        args.runs,
        clock=time.process_time,
        baseline_fold_every_name=lambda: [fold(c.name) for c in network],
        possible_duplicates=lambda: possible_duplicates(network),
    )
    for name, seconds in medians.items():
        print(f"  {name:<28} {seconds * 1000:8.1f} ms (median)")
    ratio = medians["possible_duplicates"] / medians["baseline_fold_every_name"]
    print(f"  ratio possible_duplicates / baseline = {ratio:.1f}x; absolute target < 1000 ms: "
          f"{'ok' if medians['possible_duplicates'] < 1.0 else 'MISSED'}")
    return 0 if medians["possible_duplicates"] < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
