"""Every action of the app in one place: its key, its name and what it does.

The app's bindings, the footer, the `?` help screen and the command palette
are all built from this list, so they cannot disagree. Each binding has an id
(`netcrm.<action>`) so keys can be remapped.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    name: str  # the App's action_<name>
    key: str
    title: str  # short, for the footer and the palette
    help: str  # one line, for the help screen and the palette
    footer: bool = True


ACTIONS: tuple[Action, ...] = (
    Action("search", "slash", "Search", "Filter the list as you type; tag:mentor, dept:finance narrow by field"),
    Action("add", "a", "Add", "Add a person"),
    Action("edit", "e", "Edit", "Edit the selected person in a form"),
    Action("edit_yaml", "E", "YAML", "Edit the selected person as YAML in $EDITOR", footer=False),
    Action("log", "l", "Log", "Log a touch (call, coffee, email...) with the selected person"),
    Action("plan", "p", "Plan", "Plan a catch-up with the selected person"),
    Action("move", "m", "Move", "Move the selected person's next catch-up to another time (the calendar follows)",
           footer=False),
    Action("snooze", "z", "Snooze", "Keep the selected person off the going-cold list until a date"),
    Action("archive", "x", "Archive", "Archive the selected person, or restore an archived one", footer=False),
    Action("side", "g", "Cold", "Going cold and today: to the panel and back (on a narrow screen, in the centre)",
           footer=False),
    Action("older", "o", "Older", "Show the selected person's whole timeline, not only the last 365 days", footer=False),
    Action("today", "t", "Today", "Today's reach-outs with reasons and conversation starters; done, skip, snooze"),
    Action("agenda", "c", "Agenda", "Catch-ups ahead and birthdays; d marks one done, m moves it, x x cancels it"),
    Action("stats", "s", "Stats", "Touches per week, the habit streak, the funnel, warmth by department"),
    Action("intros", "i", "Intros", "Suggested introductions: whose asks fit whose skills; r records one"),
    Action("dupes", "D", "Dupes", "Possible duplicates: m merges the pair, n marks them as two people", footer=False),
    Action("help", "question_mark", "Help", "Show every key"),
    Action("undo", "u", "Undo", "Undo the last change (log, plan, snooze, archive, edit, merge, import...)"),
    Action("redo", "U", "Redo", "Do again what the last undo took back", footer=False),
    Action("quit", "q", "Quit", "Quit netcrm"),
)

# Keys that belong to a widget rather than an action, listed on the help screen.
MOVEMENT = (
    ("↑ ↓  j k", "Move in any list; scroll the person"),
    ("PgUp PgDn Home End", "Move by page / to the ends"),
    ("enter", "Open the highlighted person (focus moves to their timeline)"),
    ("tab / shift+tab", "Move between the list, the person and the panels"),
    ("escape", "Clear the search, close a form or a screen"),
    ("ctrl+p", "Command palette: every action, and jump to anyone by name"),
)


def display_key(key: str) -> str:
    return {"slash": "/", "question_mark": "?"}.get(key, key)


def bindings() -> list[Binding]:
    return [
        Binding(a.key, a.name, a.title, show=a.footer, id=f"netcrm.{a.name}", key_display=display_key(a.key))
        for a in ACTIONS
    ]
