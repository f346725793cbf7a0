"""`netcrm init`: set up a first network and a commented config, asking on a terminal, from flags in scripts."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from netcrm.errors import NetcrmError

if TYPE_CHECKING:
    from netcrm.services.firstrun import Answers, Setup

T = TypeVar("T")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    init = sub.add_parser(
        "init",
        parents=[common],
        help="set up your own network: empty, from the demo, or from an import; writes a commented config",
        description="Set up your network and a commented config.yaml. On a terminal it asks for the few settings "
        "that matter (flags give the defaults); with --yes or without a terminal it takes the flags as they are. "
        "It never replaces an existing config (unless --force, keeping a .bak) or adds to a database that "
        "already holds people.",
    )
    init.add_argument("--from", dest="start", default=None, metavar="SOURCE",
                      help="empty (the default), demo, a vCard file or folder, LinkedIn's Connections.csv, "
                           "or a folder from `export yaml`")
    init.add_argument("--org", default=None, metavar="NAME", help="your organisation: its people are your internal network")
    init.add_argument("--email", action="append", default=None, metavar="ADDRESS",
                      help="one of your own email addresses (repeat for more)")
    init.add_argument("--timezone", default=None, metavar="ZONE",
                      help='IANA time zone such as Europe/Berlin ("" follows the computer\'s; the default)')
    init.add_argument("--daily-target", type=int, default=1, metavar="N", help="people to reach out to per work day (1)")
    init.add_argument("--work-days", default="mon,tue,wed,thu,fri", metavar="DAYS", help="comma-separated (mon,tue,wed,thu,fri)")
    init.add_argument("--cadence", action="append", default=[], metavar="CIRCLE=DAYS",
                      help="default days between touches: internal=30, external=60")
    init.add_argument("-y", "--yes", action="store_true", help="ask nothing; take the flags and defaults")
    init.add_argument("--force", action="store_true", help="rewrite an existing config.yaml (the old one becomes config.yaml.bak)")
    init.set_defaults(handler=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    from netcrm.services import firstrun

    if getattr(args, "demo", False):
        raise NetcrmError("init sets up your own network; --demo is a throw-away copy (use `init --from demo`)")
    answers = firstrun.Answers(
        start=args.start or "empty",
        organisation=args.org or "",
        emails=checked_emails(split_list(args.email or []), "--email: "),
        timezone=args.timezone or "",
        daily_target=checked_target(str(args.daily_target), "--daily-target: "),
        work_days=parse_work_days(args.work_days),
        cadence=parse_cadences(args.cadence),
    )
    if args.timezone and not firstrun.valid_timezone(args.timezone):
        raise NetcrmError(f"--timezone: unknown time zone {args.timezone!r} (an IANA name such as Europe/Berlin)")
    setup = firstrun.current_setup(getattr(args, "db", None))
    if not args.yes and sys.stdin.isatty() and sys.stdout.isatty():
        ask_all(args, answers, setup)
    for line in firstrun.run_init(setup, answers, replace_config=args.force):
        print(line)
    print("next: `netcrm` opens the app; `netcrm add NAME` or `netcrm import vcard FILE` adds people")
    return 0


def ask_all(args: argparse.Namespace, answers: Answers, setup: Setup) -> None:
    from netcrm.services import firstrun

    print(f"Setting up netcrm (press Enter to keep the value in brackets).\n  database: {setup.db_path}")
    if setup.people:
        print(f"  it already holds {setup.people} people; they stay as they are")
    elif args.start is None:
        answers.start = ask("Start with: empty, demo, or a file/folder to import (vCard, LinkedIn .csv, YAML)",
                            answers.start, checked(firstrun.source_kind))
    if setup.config_exists and not args.force:
        print(f"  settings: {setup.config_path} already exists and stays as it is (--force rewrites it)")
        return
    if not args.org and firstrun.source_kind(answers.start) == "demo":
        answers.organisation = firstrun.demo_organisation()
    answers.organisation = ask("Your organisation (its people are your internal network)", answers.organisation, str)
    answers.emails = ask("Your own email addresses (space-separated)", " ".join(answers.emails),
                         lambda text: checked_emails(split_list([text])))
    system = firstrun.system_timezone()
    if answers.timezone:
        answers.timezone = ask("Your time zone", answers.timezone, checked_zone)
    else:  # Enter keeps "" (the computer's zone, which follows you when you travel)
        answers.timezone = ask(f"Your time zone (Enter: the computer's, now {system or 'unknown'})", "", checked_zone)
    answers.daily_target = ask("People to reach out to per work day", str(answers.daily_target), checked_target)


def ask(question: str, default: str, convert: Callable[[str], T]) -> T:
    """Ask until the answer converts; Enter keeps `default`, end of input cancels."""
    while True:
        try:
            text = input(f"{question}{f' [{default}]' if default else ''}: ").strip()
        except EOFError:
            print()
            raise NetcrmError("init cancelled; nothing written") from None
        try:
            return convert(text or default)
        except NetcrmError as exc:
            print(f"  {exc}")


def checked(probe: Callable[[str], object]) -> Callable[[str], str]:
    def convert(text: str) -> str:
        probe(text)
        return text

    return convert


def checked_zone(text: str) -> str:
    from netcrm.services.firstrun import valid_timezone

    if text and not valid_timezone(text):
        raise NetcrmError(f"unknown time zone {text!r}; an IANA name such as Europe/Berlin")
    return text


def checked_target(text: str, where: str = "") -> int:
    if not text.isdigit() or not 0 <= int(text) <= 50:
        raise NetcrmError(f"{where}expected a whole number from 0 to 50 (got {text!r})")
    return int(text)


def checked_emails(emails: list[str], where: str = "") -> list[str]:
    from netcrm.services.config import EMAIL_PATTERN

    for email in emails:
        if not re.match(EMAIL_PATTERN, email):
            raise NetcrmError(f"{where}not an email address: {email!r}")
    return emails


def split_list(values: list[str]) -> list[str]:
    return [item for value in values for item in re.split(r"[\s,;]+", value) if item]


def parse_work_days(text: str) -> list[str]:
    days = [d.strip().lower()[:3] for d in text.split(",") if d.strip()]
    bad = [d for d in days if d not in WEEKDAYS]
    if bad or not days:
        raise NetcrmError(f"--work-days: expected days like mon,tue,wed,thu,fri (got {text!r})")
    return days


def parse_cadences(items: list[str]) -> dict[str, int]:
    cadence = {"internal": 30, "external": 60}
    for item in items:
        circle, _, days = item.partition("=")
        if circle not in cadence or not days.isdigit() or not 1 <= int(days) <= 3650:
            raise NetcrmError(f"--cadence: expected internal=DAYS or external=DAYS, 1 to 3650 (got {item!r})")
        cadence[circle] = int(days)
    return cadence
