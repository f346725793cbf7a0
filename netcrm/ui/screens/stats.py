"""The practice as pictures: touches per week, the habit, the funnel, warmth by department.

Everything comes from `services.stats.Stats`, the same figures `netcrm stats`
prints. `escape` closes (the screen writes nothing).
"""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static

from netcrm.domain.bars import bar
from netcrm.domain.orgmap import Group
from netcrm.services.stats import Stats, workspace_stats
from netcrm.services.workspace import Workspace
from netcrm.ui.colours import style as colour
from netcrm.ui.screens.result import ScreenResult
from netcrm.ui.shown import shown

BANDS = ("warm", "due", "overdue", "cold")


def habit_text(stats: Stats) -> Text:
    h = stats.habit
    text = Text()
    text.append(f"{h.streak}", style=colour("good", "bold") if h.streak else "bold")
    text.append(f" work day{'s' if h.streak != 1 else ''} in a row  (best {h.best_streak})\n")
    text.append(f"today {h.today_done} of {stats.target}" + ("" if h.work_day else "  (day off)") + "\n\n")
    for p in h.periods:
        style = colour("good") if p.on_track else colour("attention")
        text.append(f"{p.name:<6}", style="bold")
        text.append(f"{bar(p.done, max(p.goal, 1), 20):<20}", style=style)
        text.append(f" {p.done}/{p.goal}")
        text.append("  on track\n" if p.on_track else f"  {p.goal_to_date - p.done} behind\n", style="dim")
    return text


def funnel_text(stats: Stats) -> Text:
    f = stats.funnel
    top = max(f.reached, 1)
    text = Text(f"{f.start.isoformat()} .. {f.end.isoformat()}\n\n", style="dim")
    rows = (("reached", f.reached, ""), ("responded", f.responded, f"{f.response_rate:.0%}"),
            ("solid", f.solid, f"{f.solid_rate:.0%}"))
    for label, value, rate in rows:
        text.append(f"{label:<10}", style="bold")
        text.append(f"{bar(value, top, 24):<24}", style=colour("bar"))
        text.append(f" {value:>5} {rate}\n")
    return text


def bands_bar(group: Group, top: int, width: int = 24) -> Text:
    """A stacked bar: warm, due, overdue and cold people in their colours, never contacted in grey."""
    text = Text()
    counts: list[tuple[int, Style | str]] = [(group.bands[band], colour(band)) for band in BANDS]
    counts.append((group.never, "dim"))
    for count, style in counts:
        if count:
            text.append("█" * max(1, round(count / max(top, 1) * width)), style=style)
    return text


def legend() -> Text:
    text = Text("\n")
    keys: list[tuple[str, Style | str]] = [(band, colour(band)) for band in BANDS]
    for label, style in (*keys, ("never contacted", "dim")):
        text.append("■ ", style=style)
        text.append(f"{label}  ", style="dim")
    return text


def groups_text(groups: list[Group], limit: int = 12) -> Text:
    text = Text()
    if not groups:
        return Text("nobody yet", style="dim")
    listed = groups[:limit]
    top = max(g.known for g in listed)
    width = min(max(len(shown(g.name)) for g in listed), 22)
    for g in listed:
        text.append(f"{shown(g.name)[:width]:<{width}} ")
        text.append(f"{g.known:>4} ")
        text.append(f"{g.warm:>3} warm ", style=colour("good") if g.warm else "dim")
        text.append_text(bands_bar(g, top, 12))
        if g.no_warm_contact:
            text.append("  no warm contact", style=colour("alarm", "bold"))
        text.append("\n")
    if len(groups) > limit:
        text.append(f"… and {len(groups) - limit} more\n", style="dim")
    return text


def people_text(stats: Stats) -> Text:
    m = stats.map
    text = Text()
    for label, people in (("mentors", m.mentors), ("mentees", m.mentees)):
        text.append(f"{label}: ", style="bold")
        if not people:
            text.append("none tagged\n", style="dim")
            continue
        for i, w in enumerate(people[:6]):
            text.append(", " if i else "")
            text.append(shown(w.contact.name), style=colour(w.band))
        text.append(f" (+{len(people) - 6})\n" if len(people) > 6 else "\n")
    return text


class StatsScreen(Screen[ScreenResult]):
    CSS_PATH = Path(__file__).with_name("stats.tcss")
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.stats: Stats = workspace_stats(ws)

    def compose(self) -> ComposeResult:
        s = self.stats
        own = s.map.organisation or "your organisation"
        weekly = [n for _, n in s.habit.weekly]
        yield Static(f"Stats · {s.day.strftime('%A %d %B %Y')} · {s.funnel.text()}", id="stats-head")
        with VerticalScroll():
            with Horizontal():
                yield self._panel(habit_text(s), "the habit", "habit")
                yield self._panel(funnel_text(s), "the funnel", "funnel")
            with Vertical(id="activity", classes="panel") as activity:
                activity.border_title = "touches per week, last 52 weeks"
                yield Sparkline(weekly, id="weekly")
                first = s.habit.weekly[0][0].isoformat() if s.habit.weekly else ""
                yield Static(f"since {first} · max {max(weekly, default=0)} a week · {sum(weekly)} in all",
                             id="activity-caption")
            with Horizontal():
                yield self._panel(groups_text(s.map.departments).append_text(legend()), f"{own} by department",
                                  "departments")
                yield self._panel(groups_text(s.map.organisations, 8).append_text(people_text(s)),
                                  "other organisations · mentors", "organisations")
        yield Footer()

    @staticmethod
    def _panel(content: Text, title: str, panel_id: str) -> Static:
        panel = Static(content, id=panel_id, classes="panel")
        panel.border_title = title
        return panel

    def action_close(self) -> None:
        self.dismiss(ScreenResult(False))
