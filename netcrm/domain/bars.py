"""Numbers drawn with block characters: the bars and sparklines of `netcrm stats` and the stats screen.

Pure text, so the CLI and the app draw the same figure the same way.
"""

from __future__ import annotations

BARS = " ▁▂▃▄▅▆▇█"


def bar(value: int, top: int, width: int = 20) -> str:
    """A horizontal bar of block characters, `width` wide at `top`."""
    if top <= 0 or value <= 0:
        return ""
    eighths = round(value / top * width * 8)
    full, part = divmod(max(eighths, 1), 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")


def sparkline(values: list[int]) -> str:
    """One block character per value, scaled to the largest."""
    top = max(values, default=0)
    if top == 0:
        return BARS[0] * len(values)
    return "".join(BARS[0] if v == 0 else BARS[max(1, round(v / top * (len(BARS) - 1)))] for v in values)
