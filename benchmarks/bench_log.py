"""`netcrm log ID --kind call` as a whole process, against `netcrm --help`.

Issue 9: logging one touch must cost what it changes, not the whole network.
The baseline is the cheapest netcrm process there is, `netcrm --help`
(interpreter start and the CLI's imports, no database); the subject is the
real command a script or a shell alias runs, start to finish: imports, the
lock, reading the person, writing this year's touches file and contacts.json,
the journal entry. Runs are interleaved and medians compared; peak RSS is
the command's own (GNU time, see `common.Process`). Touches go into a copy of the database, never
the folder you pass. Targets: <= 2x at 10k/100k, <= 3x at 30k/1M (the default
target follows `--touches`), peak RSS <= 200 MB at 30k/1M.

    python benchmarks/bench_log.py [--db FOLDER] [--runs N] [--target X]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import (
    Process,
    cli_env,
    copy_db,
    first_person,
    interleaved_processes,
    netcrm_command,
    parse_args,
    report_processes,
)
from generate import size_of

RSS_TARGET_MB = 200


def main(argv: list[str] | None = None) -> int:
    args, source = parse_args(
        __doc__ or "", 9, argv, lambda p: p.add_argument("--target", type=float, default=None)
    )
    target = args.target or (2.0 if size_of(source) < 100e6 else 3.0)  # 10k/100k is ~30 MB, 30k/1M ~230 MB
    with tempfile.TemporaryDirectory(prefix="netcrm-bench-") as tmp:
        db = copy_db(source, Path(tmp) / "netcrm.json")
        person = first_person(db)
        env = cli_env(db)
        netcrm = netcrm_command()
        log = [netcrm, "log", person, "--kind", "call", "--note", "benchmark call"]
        help_ = [netcrm, "--help"]
        Process(log, env)  # the first write creates the journal folder; not what the user repeats
        medians = interleaved_processes(
            args.runs,
            **{
                "netcrm --help": lambda: Process(help_, env),
                f"netcrm log {person} --kind call": lambda: Process(log, env),
            },
        )
    subject = f"netcrm log {person} --kind call"
    status = report_processes(medians, subject, "netcrm --help", target)
    rss = medians[subject]["rss_max"]
    print(f"  peak RSS of netcrm log: {rss:.1f} MB (target <= {RSS_TARGET_MB} MB at 30k/1M) "
          f"{'ok' if rss <= RSS_TARGET_MB else 'MISSED'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
