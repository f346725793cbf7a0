"""Text from data is shown, never obeyed: control characters become visible escapes.

Names, notes and places come from other people (a vCard, a LinkedIn export, a
calendar invite). An ESC or a C1 control in them would let that text clear the
screen, retitle the window or hide a link in the user's terminal, so every
human-facing output passes stored text through `visible()`. `--json` does not:
JSON escapes controls itself and scripts want the exact value.
"""

from __future__ import annotations

import re

# C0 (but tab and newline, which multi-line text may keep), DEL, C1, and the
# Unicode bidi overrides/isolates that can reorder what the reader sees.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SINGLE_LINE_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\x1b":
        return "␛"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, multiline: bool = False) -> str:
    """`text` with every control character shown as an escape (`␛` for ESC, `\\x07`, `\\u202e`).

    `multiline` keeps tab and newline as they are (notes, agendas); single-line
    values (names, titles, places) show them as escapes too.
    """
    pattern = _CONTROLS if multiline else _SINGLE_LINE_CONTROLS
    return pattern.sub(_escape, text)


def has_controls(text: str, multiline: bool = False) -> bool:
    """True when `text` holds a character `visible()` would escape."""
    pattern = _CONTROLS if multiline else _SINGLE_LINE_CONTROLS
    return pattern.search(text) is not None


def strip_controls(text: str, multiline: bool = False) -> str:
    """`text` without control characters (imports clean foreign text this way and say so)."""
    pattern = _CONTROLS if multiline else _SINGLE_LINE_CONTROLS
    return pattern.sub("", text)
