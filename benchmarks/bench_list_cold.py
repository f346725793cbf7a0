"""`netcrm list --cold --json` as a whole process, against just parsing the file.

The baseline is the least any tool can do with a JSON database: start Python
and `json.load` the file. The subject is the real command a script would run,
start to finish (interpreter start, imports, reading the database, working
out who is going cold, printing JSON). Runs are interleaved and medians
compared, so machine noise hits both alike. Target: <= 1.5x.

    python benchmarks/bench_list_cold.py [--db PATH] [--runs N]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from common import interleaved, parse_args, report


def main(argv: list[str] | None = None) -> int:
    args, db = parse_args(__doc__, 7, argv)

    netcrm = shutil.which("netcrm", path=str(Path(sys.executable).parent)) or "netcrm"
    env = {**os.environ, "NETCRM_DB": str(db), "NETCRM_CONFIG": os.devnull + ".absent"}
    listing = [netcrm, "list", "--cold", "--json"]
    baseline = [sys.executable, "-c", f"import json; json.load(open({str(db)!r}))"]

    def run(cmd: list[str]) -> None:
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)

    out = subprocess.run(listing, env=env, check=True, capture_output=True).stdout
    print(f"  netcrm list --cold --json prints {len(json.loads(out))} people")
    medians = interleaved(
        args.runs, **{"json.load (python -c)": lambda: run(baseline), "netcrm list --cold --json": lambda: run(listing)}
    )
    return report(medians, "netcrm list --cold --json", "json.load (python -c)", 1.5)


if __name__ == "__main__":
    sys.exit(main())
