"""`netcrm --help` and `netcrm list --help` as whole processes, against starting Python.

The baseline is the least any Python CLI costs: `python -c pass`. The subjects
are the help a new user asks for first; they import no database, no Textual and
no service code (msgspec, for the record types, is most of what they load).
Issue 13: do not make `netcrm --help` slower. Measured on a shared 2-core
machine: 5-6x (about 250 ms, against 268 ms before issue 13's changes in the
same run). Target: <= 7x.

    python benchmarks/bench_cli_help.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from common import interleaved, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)

    def run(*cmd: str) -> None:
        subprocess.run([sys.executable, *cmd], check=True, stdout=subprocess.DEVNULL)

    medians = interleaved(
        args.runs,
        **{
            "python -c pass": lambda: run("-c", "pass"),
            "netcrm --help": lambda: run("-m", "netcrm", "--help"),
            "netcrm list --help": lambda: run("-m", "netcrm", "list", "--help"),
        },
    )
    return report(medians, "netcrm --help", "python -c pass", 7.0)


if __name__ == "__main__":
    sys.exit(main())
