"""`add`, `show`, `snooze`, `archive`: the people in the network."""

from __future__ import annotations

import argparse

from netcrm.commands.context import workspace_for
from netcrm.commands.output import contact_json, print_json, when


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    show = sub.add_parser("show", parents=[common], help="one person and their timeline")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    snooze = sub.add_parser("snooze", parents=[common], help="leave someone off the going-cold list until a date")
    snooze.add_argument("name")
    snooze.add_argument("--until", required=True, metavar="WHEN")
    snooze.set_defaults(handler=cmd_snooze)

    archive = sub.add_parser("archive", parents=[common], help="archive a person (kept, but out of the way)")
    archive.add_argument("name")
    archive.add_argument("--restore", action="store_true", help="bring an archived person back")
    archive.set_defaults(handler=cmd_archive)


def cmd_show(args: argparse.Namespace) -> int:
    from netcrm.domain.warmth import warmth
    from netcrm.services.profile import describe

    ws = workspace_for(args)
    contact = ws.find(args.name)
    w = warmth(contact, ws.today(), ws.cadences())
    timeline = ws.repo.timeline(contact.id)
    plans = [p for p in ws.repo.plans() if contact.id in p.contacts]
    if args.json:
        data = contact_json(contact, w)
        data["timeline"] = [_builtins(i) for i in timeline]
        data["plans"] = [_builtins(p) for p in sorted(plans, key=lambda p: p.start)]
        print_json(data)
        return 0
    tz = ws.config.tzinfo()
    print(describe(contact, w, {n.id: n.name for n in ws.repo.contact_names()}))
    upcoming = [p for p in plans if p.status == "planned"]
    if upcoming:
        print("\nplanned")
        for p in sorted(upcoming, key=lambda p: p.start):
            origin = "  upcoming, from your calendar" if p.source else ""
            print(f"  {when(p.start, tz)}  {p.kind}  {p.where}  ({p.id}){origin}".rstrip())
    print("\ntimeline" if timeline else "\nno touches yet")
    for item in timeline[:20]:
        arrow = "←" if item.direction == "inbound" else "→"
        print(f"  {when(item.at, tz)}  {arrow} {item.kind:<12} {item.summary}  ({item.id})")
    if len(timeline) > 20:
        print(f"  … and {len(timeline) - 20} earlier")
    return 0


def _builtins(record: object) -> object:
    import msgspec

    return msgspec.to_builtins(record)


def cmd_snooze(args: argparse.Namespace) -> int:
    from netcrm.domain.when import parse_day
    from netcrm.services.people import snooze

    ws = workspace_for(args)
    contact = ws.find(args.name)
    until = parse_day(args.until, ws.today())
    snooze(ws, contact, until=until)
    print(f"snoozed {contact.name} until {until.isoformat()}")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    from netcrm.services.people import archive

    ws = workspace_for(args)
    contact = ws.find(args.name)
    archive(ws, contact, archived=not args.restore)
    print(f"{'restored' if args.restore else 'archived'} {contact.name}")
    return 0
