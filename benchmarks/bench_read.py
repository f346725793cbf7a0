"""Read commands (`list`, `list --cold --json`, `show`, `today`) as whole processes,
against `json.load` of the same data in the old single file.

Issue 9: reads keep their lead: each <= 0.5x of starting Python and
`json.load`ing the old single-file database (the least a JSON tool could do
with it) at 10k/100k, and at 30k/1M they do not load the touch history they
do not print. Timed runs use the real `netcrm` command, interleaved with the
baseline, medians compared; peak RSS is each command's own (GNU time, see
`common.Process`). Which files a command reads is found in one extra,
untimed run per command with the repository's file reader wrapped
(`docfile.read_bytes`), so the answer comes from the code, not from a guess
at the timing.

    python benchmarks/bench_read.py [--db FOLDER] [--runs N]   # the old file: FOLDER.v1.json
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import common  # benchmarks/ is on the path when a script runs
from common import Process

TARGET = 0.5

# Runs the CLI with the repository's reader wrapped, writing each file it reads to $NETCRM_BENCH_TRACE.
TRACER = """
import os, sys
import netcrm.storage.docfile as docfile
real = docfile.read_bytes
trace = open(os.environ["NETCRM_BENCH_TRACE"], "w")
def read_bytes(path):
    trace.write(str(path) + "\\n"); trace.flush()
    return real(path)
docfile.read_bytes = read_bytes
from netcrm.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def files_read(cmd: list[str], env: dict[str, str], db: Path, trace: Path) -> list[str]:
    Process([sys.executable, "-c", TRACER, *cmd[1:]], {**env, "NETCRM_BENCH_TRACE": str(trace)})
    return [os.path.relpath(line, db) for line in trace.read_text().split()]


def main(argv: list[str] | None = None) -> int:
    args, source = common.parse_args(__doc__ or "", 7, argv)
    old = common.old_file_of(source)
    if not old.exists():
        raise SystemExit(f"{old}: the old single file of this data is missing (benchmarks/generate.py --old)")
    with tempfile.TemporaryDirectory(prefix="netcrm-bench-") as tmp:
        db = common.copy_db(source, Path(tmp) / "netcrm.json")  # `show`/`today` may finish a journal; never the source
        env = common.cli_env(db)
        person = common.first_person(db)
        netcrm = common.netcrm_command()
        commands = {
            "netcrm list": [netcrm, "list"],
            "netcrm list --cold --json": [netcrm, "list", "--cold", "--json"],
            f"netcrm show {person}": [netcrm, "show", person],
            "netcrm today": [netcrm, "today"],
        }
        baseline = "json.load(old file) (python -c)"
        load = [sys.executable, "-c", f"import json; json.load(open({str(old)!r}, 'rb'))"]
        for name, cmd in commands.items():
            read = files_read(cmd, env, db, Path(tmp) / "trace")
            touches = [f for f in read if f.startswith("touches")]
            print(f"  {name:<34} reads {len(read)} files: {', '.join(read) or '-'}"
                  f"{'  (loads ' + str(len(touches)) + ' touch files)' if touches else '  (no touch history)'}")
        cases = {baseline: lambda: Process(load, env)}
        cases.update({name: (lambda c=cmd: Process(c, env)) for name, cmd in commands.items()})
        medians = common.interleaved_processes(args.runs, **cases)
    status = 0
    base = medians[baseline]
    for name, m in medians.items():
        line = (f"  {name:<34} wall {m['wall'] * 1000:8.1f} ms  cpu {m['cpu'] * 1000:8.1f} ms  "
                f"peak RSS {m['rss']:6.1f} MB")
        if name != baseline:
            ratio = m["wall"] / base["wall"]
            ok = ratio <= TARGET
            status |= 0 if ok else 1
            verdict = "ok" if ok else "MISSED"
            line += f"  {ratio:.2f}x wall, {m['cpu'] / base['cpu']:.2f}x cpu (target <= {TARGET}x) {verdict}"
        print(line)
    return status


if __name__ == "__main__":
    sys.exit(main())
