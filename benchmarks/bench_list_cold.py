"""`netcrm list --cold --json` as a whole process, against just parsing the old single file.

The baseline is the least any tool can do with a JSON database: start Python
and `json.load` the same data as one file (the pre-issue-9 layout, written
by `generate.py --old` beside the folder). The subject is the real command a
script would run, start to finish (interpreter start, imports, reading
contacts.json and plans.json, working out who is going cold, printing JSON).
Runs are interleaved and medians compared, so machine noise hits both alike.
Target (issue 9): <= 0.5x. `bench_read.py` measures the other read commands.

    python benchmarks/bench_list_cold.py [--db FOLDER] [--runs N]
"""

from __future__ import annotations

import json
import subprocess
import sys

from common import cli_env, interleaved, netcrm_command, old_file_of, parse_args, report


def main(argv: list[str] | None = None) -> int:
    args, db = parse_args(__doc__ or "", 7, argv)
    old = old_file_of(db)
    env = cli_env(db)
    listing = [netcrm_command(), "list", "--cold", "--json"]
    baseline = [sys.executable, "-c", f"import json; json.load(open({str(old)!r}, 'rb'))"]

    def run(cmd: list[str]) -> None:
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)

    out = subprocess.run(listing, env=env, check=True, capture_output=True).stdout
    print(f"  netcrm list --cold --json prints {len(json.loads(out))} people")
    medians = interleaved(
        args.runs,
        **{"json.load old file (python -c)": lambda: run(baseline), "netcrm list --cold --json": lambda: run(listing)},
    )
    return report(medians, "netcrm list --cold --json", "json.load old file (python -c)", 0.5)


if __name__ == "__main__":
    sys.exit(main())
