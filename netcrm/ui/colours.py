"""Colours by meaning, taken from the theme, so every built-in theme (ctrl+p → theme) looks right.

Widgets styled with CSS use `$success`, `$warning`... directly. Text built in
Python (Rich `Text` for the person pane, panels and practice screens) asks
here: `style("warm")` is the theme's `text-success` colour. The app calls
`use()` with the theme's variables at start and whenever the theme changes.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from textual.color import Color, ColorParseError

# Meaning -> the theme variable that colours it.
ROLES = {
    "warm": "text-success",
    "due": "text-warning",
    "overdue": "warning-darken-2",
    "cold": "text-error",
    "good": "text-success",
    "attention": "text-warning",
    "alarm": "text-error",
    "when": "text-primary",
    "link": "text-secondary",
    "special": "text-accent",
    "bar": "text-primary",
}
# For a variable a theme does not define: plain terminal colours.
FALLBACK = {
    "warm": "green", "due": "yellow", "overdue": "dark_orange", "cold": "red", "good": "green",
    "attention": "yellow", "alarm": "red", "when": "cyan", "link": "cyan", "special": "magenta", "bar": "cyan",
}
_current: dict[str, Style] = {}


def use(variables: Mapping[str, str]) -> None:
    """Take the colours of the theme whose CSS variables are given."""
    for role, variable in ROLES.items():
        try:
            colour = Color.parse(variables[variable])
        except (KeyError, ColorParseError):
            colour = None
        _current[role] = Style(color=colour.rich_color) if colour is not None else Style.parse(FALLBACK[role])


def use_default() -> None:
    """The colours of Textual's default theme: what an app shows before (and after) a theme is chosen."""
    from textual.theme import BUILTIN_THEMES

    use(BUILTIN_THEMES["textual-dark"].to_color_system().generate())


def style(role: str, extra: str = "") -> Style:
    """The theme's colour for `role` ("warm", "when"...), with `extra` attributes such as "bold"."""
    base = _current[role]
    return Style.parse(extra) + base if extra else base


use_default()
