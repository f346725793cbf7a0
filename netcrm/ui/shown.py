"""Stored text as the app shows it: control characters visible, markup never obeyed.

Names, notes and places come from other people's cards and exports. Every
rendering helper passes its records through `shown_record` (or strings through
`shown`) before building Rich `Text`, which Textual never parses as markup; so
ESC cannot clear the screen or retitle the window, and a name like "[bold]" or
"[/]" shows literally instead of styling the row or crashing the markup parser.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

import msgspec
from rich.text import Text

from netcrm.domain.bounds import MULTILINE
from netcrm.domain.model import Record
from netcrm.domain.text import has_controls, visible

R = TypeVar("R", bound=Record)


def shown(text: str) -> str:
    """One line of stored text, safe for the terminal."""
    return visible(text)


def shown_block(text: str) -> str:
    """Stored text that may span lines (notes, agendas)."""
    return visible(text, multiline=True)


def literal(text: str, style: str = "") -> Text:
    """A Text that shows `text` as it is: visible controls, no markup."""
    return Text(visible(text), style=style)


def shown_record(record: R) -> R:
    """`record` with every text field made visible; the same object when nothing needed it (the usual case)."""
    if not _any_controls(record):
        return record  # one regex search over all the text instead of one per field
    changes: dict[str, Any] = {}
    for name in record.__struct_fields__:
        value = getattr(record, name)
        multiline = name in MULTILINE
        if isinstance(value, str):
            if has_controls(value, multiline):
                changes[name] = visible(value, multiline)
        elif isinstance(value, list) and any(isinstance(v, str) and has_controls(v, multiline) for v in value):
            changes[name] = [visible(v, multiline) if isinstance(v, str) else v for v in value]
    return msgspec.structs.replace(record, **changes) if changes else record


def _any_controls(record: Record) -> bool:
    """False when no text field holds a control character. `str.isprintable` (in C) is False for
    every control `visible` escapes, so a printable field needs no regex; only the rest (a
    newline in notes, a no-break space) are looked at field by field."""
    for value in msgspec.structs.astuple(record):
        if value.__class__ is str:
            if not value.isprintable():
                return True
        elif value.__class__ is list:
            if not all(v.isprintable() for v in value if v.__class__ is str):
                return True
    return False


def shown_names(names: Mapping[str, str]) -> Mapping[str, str]:
    """An id -> name mapping with every name made visible as it is looked up: a page names a few
    people, and copying 30,000 names each time someone is opened cost more than the page."""
    return VisibleNames(names)


class VisibleNames(Mapping[str, str]):
    def __init__(self, names: Mapping[str, str]) -> None:
        self._names = names

    def __getitem__(self, key: str) -> str:
        return visible(self._names[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)
