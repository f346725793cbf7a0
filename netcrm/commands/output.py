"""Printing results: JSON for scripts, aligned text for people."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import msgspec

from netcrm.domain.bounds import local_time
from netcrm.domain.model import Contact
from netcrm.domain.text import has_controls, visible
from netcrm.domain.warmth import Warmth

# Keys scripts rely on: always present in `--json`, even when empty.
CONTACT_KEYS = ("id", "name", "org", "department", "title", "circle", "tags")


class VisibleStream:
    """A text stream that shows control characters as escapes: the one door human output goes through.

    Every subcommand prints through this, so a name holding ESC can neither clear the
    screen nor retitle the window, whichever command prints it. Tab and newline pass
    (tables and multi-line notes); bytes written to `.buffer` (`--json`, `export ics`
    to stdout) are exact, as scripts want them.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text, multiline=True))

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def write_trusted(self, text: str) -> int:
        """Text netcrm built itself, its stored parts already made visible (colour codes pass)."""
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def human_output() -> Iterator[None]:
    """Route `print()` through `VisibleStream` for the length of one command."""
    saved = sys.stdout
    sys.stdout = VisibleStream(saved)
    try:
        yield
    finally:
        sys.stdout = saved


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
    all_rows = [header, *rows] if header else list(rows)
    if not all_rows:
        return ""
    columns = list(zip(*all_rows))[:-1]
    line = "  ".join([*(f"{{:<{max(map(len, column))}}}" for column in columns), "{}"]).format
    return "\n".join([line(*row).rstrip() for row in all_rows])


def when(value: dt.datetime | dt.date | None, tz: dt.tzinfo | None = None) -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        return local_time(value, tz).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def ago(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


# Fitting the terminal, colour and CSV (issue 13) ------------------------------------------------

# Rich colour names used by the app (domain.warmth.BAND_COLOURS) -> ANSI SGR codes.
ANSI = {"green": "32", "yellow": "33", "dark_orange": "38;5;208", "red": "31"}
ELLIPSIS = "…"
# Leading characters a spreadsheet reads as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def terminal_width() -> int | None:
    """Columns to fit human output into: `COLUMNS`, else the terminal's; None when piped (no cutting)."""
    import os
    import shutil

    if os.environ.get("COLUMNS", "").isdigit():
        return max(20, int(os.environ["COLUMNS"]))
    if sys.stdout.isatty():
        return max(20, shutil.get_terminal_size().columns)
    return None


def use_colour() -> bool:
    """Colour only on a terminal, never when NO_COLOR is set (no-color.org); FORCE_COLOR forces it."""
    import os

    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def paint(text: str, colour: str) -> str:
    code = ANSI.get(colour)
    return f"\x1b[{code}m{text}\x1b[0m" if code else text


def fit_rows(rows: Sequence[Sequence[str]], header: Sequence[str], width: int | None) -> list[list[str]]:
    """Rows (header first) whose columns, padded by `table`, fit `width`: the widest column is cut first."""
    all_rows = [list(header)] + [list(r) for r in rows]
    if width is None or not rows:
        return all_rows
    widths = [max(len(r[i]) for r in all_rows) for i in range(len(header))]
    floor = [max(len(h), 4) for h in header]
    while sum(widths) + 2 * (len(widths) - 1) > width:
        shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return [[_cut(cell, widths[i]) for i, cell in enumerate(row)] for row in all_rows]


def _cut(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: max(0, width - 1)] + ELLIPSIS


def print_table(rows: Sequence[Sequence[str]], header: Sequence[str], colours: Sequence[str | None] = ()) -> None:
    """`table` fitted to the terminal; `colours[i]` paints the first cell of row i (a warmth mark)."""
    fitted = fit_rows(shown_rows(rows), header, terminal_width())
    lines = table(fitted[1:], fitted[0]).split("\n")
    if use_colour() and colours:
        for i, colour in enumerate(colours, start=1):
            if colour and i < len(lines) and lines[i]:
                lines[i] = paint(lines[i][0], colour) + lines[i][1:]
        # Every cell went through `shown`; only our own colour codes carry an ESC.
        write = getattr(sys.stdout, "write_trusted", sys.stdout.write)
        write("\n".join(lines) + "\n")
        return
    print("\n".join(lines))


def neutralise(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with ' so it stays text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def print_csv(rows: Sequence[Sequence[object]], header: Sequence[str]) -> None:
    """RFC 4180 CSV on stdout; every text cell neutralised against formula injection."""
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    sys.stdout.flush()


def shown(text: str) -> str:
    """Stored text for a human: control characters made visible (domain.text.visible)."""
    return visible(text)


def shown_rows(rows: Sequence[Sequence[str]]) -> Sequence[Sequence[str]]:
    """Every cell through `shown`; when no cell holds a control character (the usual case),
    one scan of all the text says so and the rows are as they are (10,000 rows: 50,000
    calls saved)."""
    if not has_controls("".join(cell for row in rows for cell in row)):
        return rows
    return [[shown(cell) for cell in row] for row in rows]


def print_record(record: Any, as_json: bool, line: str) -> None:
    """A saved record: exactly, as JSON, for scripts; else one line for people."""
    if as_json:
        print_json(msgspec.to_builtins(record))
    else:
        print(line)


def user_path(text: str) -> Path:
    """A path the user typed, `~` and `~name` expanded; a home that cannot be found is a one-line error."""
    from netcrm.errors import NetcrmError

    try:
        return Path(text).expanduser()
    except RuntimeError:
        raise NetcrmError(f"{visible(text)}: cannot find that home folder") from None
