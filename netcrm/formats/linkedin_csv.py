"""LinkedIn's `Connections.csv` ("Get a copy of your data") as people to import: text in, `Parsed` out.

The export starts with a "Notes:" preamble (a quoted paragraph and a blank
line) above the header, may carry a UTF-8 BOM and CRLF line ends, writes
dates as `05 Mar 2024`, leaves most emails empty, quotes companies with
commas, and has rows without a name (members who hide it). The header is
found by its column names, not by skipping a fixed number of lines, and
columns are read by name, so a reordered or extended export still works.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from netcrm.errors import NetcrmError
from netcrm.formats.candidates import Candidate, Parsed

COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "email address": "email",
    "company": "company",
    "position": "position",
    "connected on": "connected",
}
_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_DAY_MON_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*[ -](\d{4})$")


def parse_connections(text: str, where: str) -> Parsed:
    reader = csv.reader(io.StringIO(text, newline=""))
    columns: dict[str, int] | None = None
    parsed = Parsed()
    for row in reader:
        if columns is None:
            columns = _header(row)
            continue
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num
        cells = {key: (row[i].strip() if i < len(row) else "") for key, i in columns.items()}
        candidate = _candidate(cells, f"{where} line {line}")
        if isinstance(candidate, str):
            parsed.skipped.append(f"{where} line {line}: {candidate}")
        else:
            parsed.candidates.append(candidate)
    if columns is None:
        raise NetcrmError(
            f"{where}: no header line with 'First Name,Last Name,...'; not a LinkedIn Connections.csv export"
        )
    return parsed


def _header(row: list[str]) -> dict[str, int] | None:
    names = [cell.strip().lstrip("\ufeff").casefold() for cell in row]
    if "first name" not in names or "last name" not in names:
        return None
    return {COLUMNS[n]: i for i, n in enumerate(names) if n in COLUMNS}


def _candidate(cells: dict[str, str], source: str) -> Candidate | str:
    name = " ".join(f"{cells.get('first', '')} {cells.get('last', '')}".split())
    if not name:
        return "no name (LinkedIn hides it for some members); skipped"
    connected = None
    if cells.get("connected"):
        connected = parse_connected_on(cells["connected"])
        if connected is None:
            return f"Connected On: cannot read date {cells['connected']!r}"
    fields: dict[str, object] = {
        "name": name,
        "given_name": " ".join(cells.get("first", "").split()),
        "family_name": " ".join(cells.get("last", "").split()),
        "org": cells.get("company", ""),
        "title": cells.get("position", ""),
        "emails": [cells["email"]] if cells.get("email") else [],
        "links": [cells["url"]] if cells.get("url") else [],
        "how_met": "LinkedIn",
        "met_on": connected,
    }
    return Candidate({k: v for k, v in fields.items() if v}, source, connected_on=connected, current_job=True)


def parse_connected_on(text: str) -> dt.date | None:
    """LinkedIn's "05 Mar 2024" (English month names whatever the locale), or ISO "2024-03-05"."""
    text = text.strip()
    match = _DAY_MON_YEAR.match(text)
    try:
        if match:
            day, month, year = match.groups()
            if month.casefold() not in _MONTHS:
                return None
            return dt.date(int(year), _MONTHS[month.casefold()], int(day))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
