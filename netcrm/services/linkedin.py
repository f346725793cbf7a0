"""Reading LinkedIn's `Connections.csv` from disk; the CSV itself is `formats.linkedin_csv`."""

from __future__ import annotations

from pathlib import Path

from netcrm.errors import NetcrmError
from netcrm.formats.candidates import Parsed
from netcrm.formats.linkedin_csv import parse_connections


def read_linkedin(path: Path) -> Parsed:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NetcrmError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise NetcrmError(f"{path}: is a folder; give the Connections.csv file") from None
    except OSError as exc:
        raise NetcrmError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    return parse_connections(text, path.name)
