"""`netcrm stats` as lines for a terminal: the same figures as `--json` (services.stats.to_json)."""

from __future__ import annotations

from netcrm.domain.bars import bar, sparkline
from netcrm.domain.orgmap import Group
from netcrm.services.profile import days_ago
from netcrm.services.stats import Stats


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


def _groups(groups: list[Group]) -> list[str]:
    if not groups:
        return ["  (nobody yet)"]
    top = max(g.known for g in groups)
    width = max(len(g.name) for g in groups)
    out = []
    for g in groups:
        flag = "  no warm contact" if g.no_warm_contact else ""
        out.append(f"  {g.name:<{width}}  {g.known:>4} / {g.warm:<4} {bar(g.known, top, 16):<16}{flag}".rstrip())
    return out
