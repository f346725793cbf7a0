"""`doctor`: check the database folder and the config; `--fix` makes the safe repairs."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    doctor = sub.add_parser(
        "doctor", parents=[common],
        help="check the database and the config: one line per finding, exit 2 when something needs you",
    )
    doctor.add_argument(
        "--fix", action="store_true",
        help="make the safe repairs (permissions, finishing an interrupted change); never deletes anything",
    )
    doctor.set_defaults(handler=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from netcrm.commands.context import refuse_missing_database
    from netcrm.errors import NetcrmError
    from netcrm.services import doctor

    if getattr(args, "demo", False):
        raise NetcrmError("doctor checks your own database; --demo is a fresh throw-away copy with nothing to check")
    db = getattr(args, "db", None)
    refuse_missing_database(args, doctor.database_path(db))
    if args.fix:
        repaired, failed, checkup = doctor.fix(db)
        for line in repaired:
            print(f"repaired: {line}")
        for line in failed:
            print(f"not repaired: {line}")
    else:
        checkup = doctor.examine(db)
    for finding in checkup.findings:
        print(finding.line())
    print(checkup.summary())
    return 0 if checkup.healthy else 2
