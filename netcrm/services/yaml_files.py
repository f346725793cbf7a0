"""YAML files for the services: reading one (with errors that name the file and the line),
and the text format itself, which lives in `netcrm.formats.yaml_text` and is re-exported here
so `from netcrm.services import yaml_files` keeps working for the services that read and write files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netcrm.formats.yaml_text import (
    Dumper,
    Loader,
    PyDumper,
    YamlError,
    dump,
    explain,
    field_of,
    line_of,
    load,
    to_data,
    to_record,
)

__all__ = [
    "Dumper", "Loader", "PyDumper", "YamlError", "dump", "explain", "field_of", "line_of", "load",
    "load_file", "read_text", "to_data", "to_record",
]


def read_text(path: Path, where: str | None = None) -> str:
    """A file's text, or a YamlError naming the file (and, for bytes that are not UTF-8, the line)."""
    where = where or str(path)
    if path.is_dir():
        raise YamlError(f"{where}: is a folder, not a YAML file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise YamlError(f"{where}: cannot read ({exc.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError(f"{where}: line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8") from None


def load_file(path: Path, where: str | None = None) -> Any:
    where = where or str(path)
    return load(read_text(path, where), where)
