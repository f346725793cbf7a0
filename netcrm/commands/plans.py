"""`plan`, `plans`, `move`, `done`, `cancel`: catch-ups ahead, rescheduled, and how they ended."""

from __future__ import annotations

import argparse

from netcrm.commands.context import with_people, workspace_for
from netcrm.commands.output import print_json, print_table, when
from netcrm.domain.model import KINDS

PLAN_EDIT_EXAMPLES = """examples:
  netcrm plan edit p-3f2a9c1b7d --at 'thu 15:00'
  netcrm plan edit p-3f2a --where 'Café Central' --duration 1h --with zoe --with raj
"""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    plan = sub.add_parser("plan", parents=[common], help="plan a catch-up")
    plan.add_argument("names", nargs="+", metavar="NAME")
    plan.add_argument("--at", required=True, metavar="WHEN", help="e.g. 'fri 10:00', '2026-12-03 14:30'")
    plan.add_argument("--duration", default="30m", help="e.g. 30m, 1h, 1h30m (default 30m)")
    plan.add_argument("--kind", default="meeting", choices=KINDS, metavar="KIND", help="coffee, lunch, call, video...")
    plan.add_argument("--where", default="")
    plan.add_argument("--agenda", default="")
    plan.add_argument("--remind", default=None, metavar="BEFORE", help="alarm before the start, e.g. 15m")
    plan.set_defaults(handler=cmd_plan)

    change = sub.add_parser(
        "plan-edit", parents=[common], prog="netcrm plan edit", help="change a planned catch-up (plan edit ID)",
        epilog=PLAN_EDIT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Change a catch-up still planned; calendars see the new version (same UID, SEQUENCE + 1).",
    )
    sub._choices_actions[-1].metavar = "plan edit"  # typed as two words (cli.two_word_commands)
    change.add_argument("plan", metavar="PLAN", help="the plan id, or a unique start of it (see `netcrm plans`)")
    change.add_argument("--at", default=None, metavar="WHEN", help="new start, e.g. 'fri 10:00'")
    change.add_argument("--duration", default=None, help="e.g. 30m, 1h, 1h30m")
    change.add_argument("--kind", default=None, choices=KINDS, metavar="KIND", help="coffee, lunch, call, video...")
    change.add_argument("--where", default=None, help="place or video link")
    change.add_argument("--agenda", default=None, help="what to talk about")
    change.add_argument("--remind", default=None, metavar="BEFORE", help="alarm before the start, e.g. 15m")
    change.add_argument("--with", dest="people", action="append", default=None, metavar="NAME",
                        help="who is coming (repeat; replaces the list)")
    change.add_argument("--json", action="store_true", help="the plan as saved, as JSON")
    change.set_defaults(handler=cmd_plan_edit)

    plans = sub.add_parser("plans", parents=[common], help="upcoming catch-ups (and passed, still open ones) with ids")
    plans.add_argument("--all", action="store_true", help="include done and cancelled ones")
    plans.add_argument("--json", action="store_true")
    plans.set_defaults(handler=cmd_plans)

    move = sub.add_parser("move", parents=[common], help="move a catch-up to another time (same calendar event)")
    move.add_argument("plan", metavar="PLAN")
    move.add_argument("--at", required=True, metavar="WHEN", help="the new start, e.g. 'fri 10:00'")
    move.set_defaults(handler=cmd_move)

    done = sub.add_parser("done", parents=[common], help="a catch-up happened: log it as a touch")
    done.add_argument("plan", metavar="PLAN")
    done.add_argument("--note", default="", help="how it went")
    done.set_defaults(handler=cmd_done)

    cancel = sub.add_parser("cancel", parents=[common], help="a catch-up is off")
    cancel.add_argument("plan", metavar="PLAN")
    cancel.set_defaults(handler=cmd_cancel)


def cmd_plan(args: argparse.Namespace) -> int:
    from netcrm.domain.when import parse_minutes, parse_when
    from netcrm.services.plans import plan_catchup

    ws = workspace_for(args)
    people = [ws.find(name) for name in args.names]
    start = parse_when(args.at, ws.now(), prefer="future")
    duration = parse_minutes(args.duration, least=1)
    remind = parse_minutes(args.remind) if args.remind else None
    plan = plan_catchup(
        ws, people, start=start, duration=duration, kind=args.kind, where=args.where, agenda=args.agenda, remind=remind
    )
    names = ", ".join(p.name for p in people)
    print(f"planned {plan.kind} with {names} on {plan.start.strftime('%a %Y-%m-%d %H:%M')} ({plan.id})")
    return 0


def cmd_plan_edit(args: argparse.Namespace) -> int:
    from netcrm.commands.output import print_record
    from netcrm.domain.when import parse_minutes, parse_when
    from netcrm.services.plans import find_plan, update_plan

    ws = workspace_for(args)
    plan = find_plan(ws, args.plan)
    changes: dict[str, object] = {}
    if args.at:
        changes["start"] = parse_when(args.at, ws.now(), prefer="future")
    if args.duration:
        changes["duration"] = parse_minutes(args.duration)
    if args.remind:
        changes["remind"] = parse_minutes(args.remind)
    for key in ("kind", "where", "agenda"):
        if getattr(args, key) is not None:
            changes[key] = getattr(args, key)
    changes = with_people(ws, args, changes, "--at, --duration, --kind, --where, --agenda, --remind or --with")
    saved = update_plan(ws, plan, **changes)
    line = f"saved {saved.id}: {saved.kind} on {when(saved.start, ws.config.tzinfo())}, {saved.duration}m"
    print_record(saved, args.json, f"{line} (calendar version {saved.sequence})")
    return 0


def cmd_plans(args: argparse.Namespace) -> int:
    import msgspec

    from netcrm.services.plans import upcoming

    ws = workspace_for(args)
    now = ws.now()
    # A catch-up whose time has passed while still planned is listed: it waits for done, move or cancel.
    plans = [p for p in upcoming(ws, include_all=True) if args.all or p.status == "planned"]
    names = {c.id: c.name for c in ws.repo.contacts()}
    if args.json:
        rows = []
        for p in plans:
            row = msgspec.to_builtins(p)
            row.update(status=p.status, duration=p.duration, names=[names.get(c, c) for c in p.contacts],
                       past=p.status == "planned" and p.end < now)
            rows.append(row)
        print_json(rows)
        return 0
    if not plans:
        print("no catch-ups planned; plan one with `netcrm plan NAME --at WHEN`")
        return 0
    tz = ws.config.tzinfo()
    rows = [
        (p.id, when(p.start, tz), f"{p.duration}m", p.kind, ", ".join(names.get(c, c) for c in p.contacts),
         status_text(p, now))
        for p in plans
    ]
    print_table(rows, ("id", "when", "length", "kind", "with", "status"))
    if any(p.status == "planned" and p.end < now for p in plans):
        print("passed ones are still open: `netcrm done PLAN`, `netcrm move PLAN --at WHEN` or `netcrm cancel PLAN`")
    return 0


def status_text(plan, now) -> str:
    if plan.status == "planned" and plan.end < now:
        return "passed: done, move or cancel?"
    return plan.status


def cmd_move(args: argparse.Namespace) -> int:
    from netcrm.domain.when import parse_when
    from netcrm.errors import NetcrmError
    from netcrm.services.plans import find_plan, update_plan

    ws = workspace_for(args)
    plan = find_plan(ws, args.plan)
    start = parse_when(args.at, ws.now(), prefer="future")
    if start < ws.now():
        raise NetcrmError(f"--at {args.at!r} is {when(start, ws.config.tzinfo())}, in the past: move it to a time ahead")
    moved = update_plan(ws, plan, start=start)
    if moved is plan:
        print(f"{plan.id} already starts at {when(plan.start, ws.config.tzinfo())}; nothing changed")
        return 0
    print(f"moved {moved.kind} {moved.id} to {moved.start.astimezone(ws.config.tzinfo()).strftime('%a %Y-%m-%d %H:%M')}")
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    from netcrm.services.plans import complete, find_plan

    ws = workspace_for(args)
    item = complete(ws, find_plan(ws, args.plan), notes=args.note)
    print(f"done: logged {item.kind} on {item.at.strftime('%Y-%m-%d %H:%M')}")
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    from netcrm.services.plans import cancel, find_plan

    ws = workspace_for(args)
    plan = cancel(ws, find_plan(ws, args.plan))
    print(f"cancelled {plan.id}")
    return 0
