"""The practice in numbers: habit, funnel, weekly activity and the networking map.

One `Stats` value feeds `netcrm stats` (text and JSON) and the stats screen,
so both always show the same figures; each face draws them its own way
(`commands/stats_text.py`, `ui/screens/stats.py`).
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
from netcrm.services.workspace import Workspace


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
