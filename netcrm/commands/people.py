"""`add`, `list`, `show`, `snooze`, `archive`: the people in the network."""

from __future__ import annotations

import argparse

from netcrm.commands.context import workspace_for
from netcrm.commands.output import ago, contact_json, print_json, table, when
from netcrm.domain.model import CIRCLES

MARKS = {"warm": "●", "due": "◐", "overdue": "○", "cold": "✕"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    add = sub.add_parser("add", parents=[common], help="add a person")
    add.add_argument("name")
    add.add_argument("--org", default="")
    add.add_argument("--department", default="")
    add.add_argument("--title", default="")
    add.add_argument("--circle", choices=CIRCLES, default=None, help="internal (your organisation) or external")
    add.add_argument("--tag", action="append", default=[], dest="tags", metavar="T")
    add.add_argument("--email", action="append", default=[], dest="emails", metavar="E")
    add.add_argument("--cadence", type=int, default=None, metavar="DAYS", help="days between touches")
    add.set_defaults(handler=cmd_add)

    ls = sub.add_parser("list", parents=[common], help="list people (going cold with --cold)")
    ls.add_argument("--cold", action="store_true", help="only people past their cadence, most overdue first")
    ls.add_argument("--tag", default=None)
    ls.add_argument("--circle", choices=CIRCLES, default=None)
    ls.add_argument("--archived", action="store_true", help="include archived people")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)

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


def cmd_add(args: argparse.Namespace) -> int:
    from netcrm.services.people import add_contact

    ws = workspace_for(args)
    circle = args.circle
    if circle is None:
        own = ws.config.organisation.casefold()
        circle = "internal" if own and args.org.casefold() == own else "external"
    contact = add_contact(
        ws,
        args.name,
        org=args.org,
        department=args.department,
        title=args.title,
        circle=circle,
        tags=args.tags,
        emails=args.emails,
        cadence=args.cadence,
    )
    print(f"added {contact.name} ({contact.id})")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from netcrm.domain.warmth import going_cold, warmth

    ws = workspace_for(args)
    today, cadences = ws.today(), ws.cadences()
    people = ws.repo.contacts()
    if args.tag:
        people = [c for c in people if args.tag in c.tags]
    if args.circle:
        people = [c for c in people if c.circle == args.circle]
    if args.cold:
        rows = going_cold(people, today, cadences, ws.planned_ids())
    else:
        people = [c for c in people if args.archived or not c.archived]
        people.sort(key=lambda c: c.name.casefold())
        rows = [warmth(c, today, cadences) for c in people]
    if args.json:
        print_json([contact_json(w.contact, w) for w in rows])
        return 0
    if not rows:
        print("no one is going cold" if args.cold else "no people yet; add one with `netcrm add NAME`")
        return 0
    lines = []
    for w in rows:
        c = w.contact
        where = " / ".join(x for x in (c.org, c.department) if x)
        since = ago(w.days) if w.touched else "never"
        late = f"+{w.overdue_days}d" if w.overdue_days > 0 else ""
        lines.append((MARKS[w.band], c.name, where or "-", c.title or "-", f"{since} {late}".strip()))
    print(table(lines, ("", "name", "org / department", "title", "last touch")))
    return 0


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
    print(describe(contact, w, {c.id: c.name for c in ws.repo.contacts()}))
    upcoming = [p for p in plans if p.status == "planned"]
    if upcoming:
        print("\nplanned")
        for p in sorted(upcoming, key=lambda p: p.start):
            origin = "  upcoming, from your calendar" if p.source else ""
            print(f"  {when(p.start, tz)}  {p.kind}  {p.where}  ({p.id}){origin}".rstrip())
    print("\ntimeline" if timeline else "\nno touches yet")
    for item in timeline[:20]:
        arrow = "←" if item.direction == "inbound" else "→"
        print(f"  {when(item.at, tz)}  {arrow} {item.kind:<12} {item.summary}".rstrip())
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
    snooze(ws, contact, until)
    print(f"snoozed {contact.name} until {until.isoformat()}")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    from netcrm.services.people import archive

    ws = workspace_for(args)
    contact = ws.find(args.name)
    archive(ws, contact, archived=not args.restore)
    print(f"{'restored' if args.restore else 'archived'} {contact.name}")
    return 0
