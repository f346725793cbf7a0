"""`today`, `stats`, `intros`, `intro`: the practice of keeping in touch."""

from __future__ import annotations

import argparse

from netcrm.commands.context import workspace_for
from netcrm.commands.output import print_json, print_table, when
from netcrm.domain.model import KINDS
from netcrm.domain.names import call_name


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    today = sub.add_parser("today", parents=[common], help="today's reach-out queue, with reasons and starters")
    act = today.add_mutually_exclusive_group()
    act.add_argument("--done", metavar="NAME", help="you reached out: log a touch (kind message unless --kind)")
    act.add_argument("--skip", metavar="NAME", help="leave them out of today's queue")
    act.add_argument("--snooze", metavar="NAME", help="leave them out for a week")
    today.add_argument(
        "--kind", choices=KINDS, default="message", metavar="KIND", help="with --done: " + ", ".join(KINDS)
    )
    today.add_argument("--note", default="", help="with --done: one-line summary")
    today.add_argument("--json", action="store_true")
    today.set_defaults(handler=cmd_today)

    stats = sub.add_parser("stats", parents=[common], help="habit, funnel, activity and the networking map")
    stats.add_argument("--days", type=int, default=365, metavar="N", help="funnel period: the last N days (365)")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=cmd_stats)

    intros = sub.add_parser("intros", parents=[common], help="suggested introductions (or --made: the ones you made)")
    intros.add_argument("--limit", type=int, default=20, metavar="N")
    intros.add_argument("--made", action="store_true", help="introductions you recorded, with ids and outcomes")
    intros.add_argument("--dismiss", nargs=2, metavar=("A", "B"), help="never suggest introducing A and B")
    intros.add_argument("--json", action="store_true")
    intros.set_defaults(handler=cmd_intros)

    intro = sub.add_parser(
        "intro", parents=[common], help="record an introduction (or, with --outcome, what came of it)"
    )
    intro.add_argument("a", metavar="A", help="a person, or an introduction id with --outcome")
    intro.add_argument("b", metavar="B", nargs="?", default=None)
    intro.add_argument("--why", default="", help="why they should meet")
    intro.add_argument("--outcome", default=None, help="what came of it (A B: their latest introduction; or an id)")
    intro.set_defaults(handler=cmd_intro)


def cmd_today(args: argparse.Namespace) -> int:
    from netcrm.services import today as service

    ws = workspace_for(args)
    queue = service.today_queue(ws)
    name = args.done or args.skip or args.snooze
    if name:
        person = service.in_queue(ws, queue, name)
        if args.done:
            service.mark_done(ws, person, kind=args.kind, note=args.note)
            message = f"done: logged {args.kind} with {person.name}"
        elif args.skip:
            service.skip(ws, person)
            message = f"skipped {person.name} for today"
        else:
            until = service.snooze_week(ws, person).snoozed_until
            message = f"snoozed {person.name} until {when(until)}"
        queue = service.today_queue(ws)
        if not args.json:
            print(message)
            return 0
    if args.json:
        print_json(queue_json(queue))
        return 0
    print(queue_text(queue))
    return 0


def queue_json(queue) -> dict:
    return {
        "day": queue.day.isoformat(),
        "work_day": queue.work_day,
        "target": queue.target,
        "done": queue.done,
        "waiting": queue.waiting,
        "skipped": queue.skipped,
        "queue": [
            {"id": e.contact.id, "name": e.contact.name, "call": call_name(e.contact), "org": e.contact.org,
             "department": e.contact.department,
             "title": e.contact.title, "reasons": e.reasons, "starter": e.starter, "done": e.done,
             "score": e.score}
            for e in queue.entries
        ],
    }


def queue_text(queue) -> str:
    day = queue.day.strftime("%A %d %B")
    if queue.target == 0:
        return f"{day}: no queue (daily_target is 0 in the config)"
    if not queue.entries:
        return f"{day}: nobody to reach out to today — everyone is warm."
    head = f"{day}: {queue.done} of {len(queue.entries)} done"
    if not queue.work_day:
        head += " (a day off: only if you feel like it)"
    lines = [head]
    for e in queue.entries:
        mark = "✓" if e.done else "·"
        where = " / ".join(x for x in (e.contact.org, e.contact.department) if x)
        lines.append(f"{mark} {e.contact.name}" + (f" ({where})" if where else "") + f" — {'; '.join(e.reasons)}")
        if e.starter:
            lines.append(f"    starter: {e.starter}")
    more = [f"{queue.waiting} more waiting"] if queue.waiting else []
    if queue.skipped:
        more.append(f"{queue.skipped} skipped today")
    if more:
        lines.append(", ".join(more))
    return "\n".join(lines)


def cmd_stats(args: argparse.Namespace) -> int:
    from netcrm.commands.stats_text import text_report
    from netcrm.errors import NetcrmError
    from netcrm.services.stats import to_json, workspace_stats

    if not 1 <= args.days <= 3650:
        raise NetcrmError(f"--days {args.days}: expected 1 to 3650")
    stats = workspace_stats(workspace_for(args), funnel_days=args.days)
    if args.json:
        print_json(to_json(stats))
    else:
        print("\n".join(text_report(stats)))
    return 0


def cmd_intros(args: argparse.Namespace) -> int:
    from netcrm.errors import NetcrmError
    from netcrm.services.introductions import suggestion_json, suggestions

    if args.limit < 1:
        raise NetcrmError(f"--limit {args.limit}: expected at least 1")
    ws = workspace_for(args)
    if args.made:
        return _made(ws, args.json)
    if args.dismiss:
        from netcrm.domain.text import visible
        from netcrm.services.introductions import dismiss

        a, b = (ws.find(name) for name in args.dismiss)
        dismiss(ws, a, b)
        print(visible(f"{a.name} and {b.name} will not be suggested again"))
        return 0
    found = suggestions(ws, limit=args.limit)
    if args.json:
        print_json([suggestion_json(s) for s in found])
        return 0
    if not found:
        print("no introductions to suggest yet: add asks, skills, offers and interests to people")
        return 0
    for s in found:
        side = f"  (across {s.across})" if s.across else ""
        print(f"{s.a.name} ↔ {s.b.name}{side}")
        for reason in s.reasons[:3]:
            print(f"    {reason}")
    return 0


def _made(ws, as_json: bool) -> int:
    import msgspec

    made = sorted(ws.repo.introductions(), key=lambda x: x.at, reverse=True)
    if as_json:
        print_json([msgspec.to_builtins(x) for x in made])
        return 0
    if not made:
        print("no introductions recorded yet; `netcrm intro A B --why TEXT`")
        return 0
    names = {c.id: c.name for c in ws.repo.contacts()}
    rows = [(x.id, when(x.at, ws.config.tzinfo()), f"{names.get(x.a, x.a)} ↔ {names.get(x.b, x.b)}",
             x.why, x.outcome or "-") for x in made]
    print_table(rows, ("id", "when", "who", "why", "outcome"))
    return 0


def cmd_intro(args: argparse.Namespace) -> int:
    from netcrm.errors import NetcrmError
    from netcrm.services.introductions import find_intro, record_intro, set_outcome

    ws = workspace_for(args)
    if args.outcome is not None and args.why:
        raise NetcrmError("give either --why (a new introduction) or --outcome (of one made), not both")
    if args.b is None:
        if args.outcome is None:
            raise NetcrmError("B: who to introduce A to (or an introduction id with --outcome TEXT)", field="b")
        intro = set_outcome(ws, args.a, outcome=args.outcome)
        print(f"outcome of {intro.id}: {intro.outcome}")
        return 0
    a, b = ws.find(args.a), ws.find(args.b)
    if args.outcome is not None:
        intro = set_outcome(ws, find_intro(ws, a, b).id, outcome=args.outcome)
        print(f"outcome of {a.name} ↔ {b.name} ({intro.id}): {intro.outcome}")
        return 0
    intro = record_intro(ws, a, b, why=args.why)
    print(f"introduced {a.name} and {b.name} ({intro.id}); logged on both timelines")
    return 0
