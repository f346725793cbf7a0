"""The practice in numbers: habit, funnel, weekly activity and the networking map.

One `Stats` value feeds `netcrm stats` (text and JSON) and the stats screen,
so both always show the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from netcrm.domain.funnel import DEFAULT_DAYS, Funnel, funnel_of, last_days
from netcrm.domain.habit import Habit, habit_of, habit_since
from netcrm.domain.ledger import ledger
from netcrm.domain.model import Contact, Interaction
from netcrm.domain.orgmap import OrgMap, org_map
from netcrm.domain.warmth import Cadences, Warmth
from netcrm.services.profile import days_ago
from netcrm.services.workspace import Workspace

BARS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Stats:
    day: dt.date
    target: int
    habit: Habit
    funnel: Funnel
    map: OrgMap


def compute(
    contacts: list[Contact],
    interactions: list[Interaction],
    today: dt.date,
    cadences: Cadences,
    *,
    organisation: str = "",
    work_days: frozenset[int] = frozenset(range(5)),
    target: int = 1,
    funnel_days: int = DEFAULT_DAYS,
) -> Stats:
    start, _ = last_days(today, funnel_days)
    book = ledger(interactions, min(start, habit_since(today)), today, funnel_from=start)
    return Stats(
        today,
        target,
        habit_of(book, today, work_days, target),
        funnel_of(book, contacts),
        org_map(contacts, today, cadences, organisation),
    )


def workspace_stats(ws: Workspace, *, funnel_days: int = DEFAULT_DAYS) -> Stats:
    config = ws.config
    return compute(
        ws.repo.contacts(),
        ws.repo.interactions(),
        ws.today(),
        ws.cadences(),
        organisation=config.organisation,
        work_days=config.work_day_numbers(),
        target=config.daily_target,
        funnel_days=funnel_days,
    )


def sparkline(values: list[int]) -> str:
    """One block character per value, scaled to the largest."""
    top = max(values, default=0)
    if top == 0:
        return BARS[0] * len(values)
    return "".join(BARS[0] if v == 0 else BARS[max(1, round(v / top * (len(BARS) - 1)))] for v in values)


def _warmth_json(w: Warmth) -> dict[str, Any]:
    c = w.contact
    return {"id": c.id, "name": c.name, "org": c.org, "department": c.department, "band": w.band, "days": w.days}


def to_json(stats: Stats) -> dict[str, Any]:
    h, f, m = stats.habit, stats.funnel, stats.map
    group = lambda g: {"name": g.name, "known": g.known, "warm": g.warm, "bands": g.bands,
                       "never_contacted": g.never, "no_warm_contact": g.no_warm_contact}
    return {
        "day": stats.day.isoformat(),
        "habit": {
            "streak": h.streak,
            "best_streak": h.best_streak,
            "today": h.today_done,
            "daily_target": stats.target,
            "work_day": h.work_day,
            "periods": {
                p.name: {"start": p.start.isoformat(), "end": p.end.isoformat(), "done": p.done, "goal": p.goal,
                         "goal_to_date": p.goal_to_date}
                for p in h.periods
            },
        },
        "funnel": {
            "start": f.start.isoformat(),
            "end": f.end.isoformat(),
            "reached": f.reached,
            "responded": f.responded,
            "solid": f.solid,
            "response_rate": round(f.response_rate, 3),
            "solid_rate": round(f.solid_rate, 3),
        },
        "activity": [{"week": week.isoformat(), "touches": n} for week, n in h.weekly],
        "map": {
            "organisation": m.organisation,
            "departments": [group(g) for g in m.departments],
            "organisations": [group(g) for g in m.organisations],
            "cold_departments": m.cold_departments,
            "mentors": [_warmth_json(w) for w in m.mentors],
            "mentees": [_warmth_json(w) for w in m.mentees],
        },
    }


def bar(value: int, top: int, width: int = 20) -> str:
    """A horizontal bar of block characters, `width` wide at `top`."""
    if top <= 0 or value <= 0:
        return ""
    eighths = round(value / top * width * 8)
    full, part = divmod(max(eighths, 1), 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")


def text_report(stats: Stats) -> list[str]:
    """The same figures as `to_json`, as lines for a terminal."""
    h, f, m = stats.habit, stats.funnel, stats.map
    lines = [f"streak      {h.streak} work day{'s' if h.streak != 1 else ''} (best {h.best_streak})"]
    lines.append(f"today       {h.today_done} of {stats.target}" + ("" if h.work_day else " (day off)"))
    for p in h.periods:
        pace = "on track" if p.on_track else f"{p.goal_to_date - p.done} behind"
        lines.append(f"this {p.name:<6} {p.done} of {p.goal} ({pace})")
    lines.append("")
    lines.append(f"funnel      {f.text()}  [{f.start.isoformat()} .. {f.end.isoformat()}]")
    top = max(f.reached, 1)
    for label, value in (("reached", f.reached), ("responded", f.responded), ("solid", f.solid)):
        lines.append(f"  {label:<10}{value:>6}  {bar(value, top)}".rstrip())
    lines.append("")
    weekly = [n for _, n in h.weekly]
    first = h.weekly[0][0].isoformat() if h.weekly else ""
    lines.append(f"touches per week since {first} (max {max(weekly, default=0)}, total {sum(weekly)})")
    lines.append(f"  {sparkline(weekly)}")
    lines.append("")
    own = m.organisation or "your organisation"
    lines.append(f"{own} by department (known / warm)")
    lines.extend(_groups(m.departments))
    if m.organisations:
        lines.append("")
        lines.append("other organisations (known / warm)")
        lines.extend(_groups(m.organisations[:15]))
        if len(m.organisations) > 15:
            lines.append(f"  … and {len(m.organisations) - 15} more")
    for label, people in (("mentors", m.mentors), ("mentees", m.mentees)):
        if people:
            lines.append("")
            lines.append(label)
            lines.extend(f"  {w.contact.name:<28} {w.band:<8} last touch {days_ago(w.days)}" for w in people)
    return lines


def _groups(groups: list) -> list[str]:
    if not groups:
        return ["  (nobody yet)"]
    top = max(g.known for g in groups)
    width = max(len(g.name) for g in groups)
    out = []
    for g in groups:
        flag = "  no warm contact" if g.no_warm_contact else ""
        out.append(f"  {g.name:<{width}}  {g.known:>4} / {g.warm:<4} {bar(g.known, top, 16):<16}{flag}".rstrip())
    return out
