"""Printing results: JSON for scripts, aligned text for people."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from typing import Any

import msgspec

from netcrm.domain.model import Contact
from netcrm.domain.warmth import Warmth

# Keys scripts rely on: always present in `--json`, even when empty.
CONTACT_KEYS = ("id", "name", "org", "department", "title", "circle", "tags")


def print_json(data: Any) -> None:
    sys.stdout.buffer.write(msgspec.json.encode(data) + b"\n")
    sys.stdout.flush()


def contact_json(contact: Contact, warmth: Warmth | None = None) -> dict[str, Any]:
    data = {key: getattr(contact, key) for key in CONTACT_KEYS}
    data.update(msgspec.to_builtins(contact))
    if warmth is not None:
        data.update(
            band=warmth.band,
            days_since_touch=warmth.days,
            cadence=warmth.cadence,
            overdue_days=warmth.overdue_days,
            overdue_ratio=round(warmth.ratio, 3),
        )
    return data


def table(rows: Sequence[Sequence[str]], header: Sequence[str] | None = None) -> str:
    """Columns padded to their widest cell; the last column is left ragged."""
    all_rows = [list(header)] + [list(r) for r in rows] if header else [list(r) for r in rows]
    if not all_rows:
        return ""
    widths = [max(len(r[i]) for r in all_rows) for i in range(len(all_rows[0]) - 1)]
    lines = []
    for row in all_rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def when(value: dt.datetime | dt.date | None, tz: dt.tzinfo | None = None) -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def ago(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"
