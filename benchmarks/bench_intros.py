"""Benchmark: suggested introductions on a generated database (target: <= 100 ms at 10k/100k).

The people come from `generate.py` (skills of one to four words, a sentence of
three to six words as ask and as offer: most asks share words with thousands of
skills, the hard case for matching). Measured in-process, CPU time, medians of
interleaved runs, with their ratio to a baseline measured in the same run: one
pass that lower-cases every skill, offer and ask phrase (reading what matching
reads, doing nothing with it).

- `suggest (warm)`: as the app's intros screen calls it again, phrases known;
- `suggest (phrases cleared)`: every phrase and word looked at afresh (the
  word-frequency list already loaded);
- `first suggest in a fresh process`: a new Python that has read the people
  times its first call, including importing and loading `wordfreq` (what
  `netcrm intros` pays once).

    python benchmarks/bench_intros.py [--db FOLDER] [--contacts N --touches N] [--runs N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from common import interleaved, parse_args

from netcrm.domain import phrases
from netcrm.domain.intros import suggest
from netcrm.storage.repository import Repository

FRESH = """
import sys, time
from pathlib import Path
from netcrm.storage.repository import Repository
from netcrm.domain.intros import suggest
repo = Repository(Path(sys.argv[1]))
people, intros = repo.contacts(), repo.introductions()
started = time.process_time()
suggest(people, intros)
print(time.process_time() - started)
"""


def main(argv: list[str] | None = None) -> int:
    args, db = parse_args(__doc__, 7, argv)
    repo = Repository(db)
    people, made = repo.contacts(), repo.introductions()
    texts = [text for p in people for field in (p.skills, p.offers, p.asks) for text in field]

    def cleared() -> object:
        phrases.cache_clear()
        return suggest(people, made)

    suggest(people, made)  # loads the word list once
    medians = interleaved(
        args.runs,
        clock=time.process_time,
        baseline_lower_every_phrase=lambda: [t.lower() for t in texts],
        suggest_warm=lambda: suggest(people, made),
        suggest_phrases_cleared=cleared,
    )
    fresh = [float(subprocess.run([sys.executable, "-c", FRESH, str(db)], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(max(3, args.runs // 2))]
    medians["first_suggest_in_a_fresh_process"] = statistics.median(fresh)
    base = medians["baseline_lower_every_phrase"]
    print(f"{len(people):,} people, {len(texts):,} phrases; CPU time, medians of {args.runs} interleaved runs "
          f"({len(fresh)} fresh processes)")
    for name, seconds in medians.items():
        print(f"  {name:<36} {seconds * 1000:8.1f} ms  {seconds / base:6.1f}x baseline")
    warm = medians["suggest_warm"]
    print(f"  target: suggest (warm) <= 100 ms: {'ok' if warm <= 0.1 else 'MISSED'}")
    return 0 if warm <= 0.1 else 1


if __name__ == "__main__":
    sys.exit(main())
