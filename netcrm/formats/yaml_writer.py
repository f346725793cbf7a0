"""The export's YAML, written fast: byte for byte what `yaml_text.dump` writes, at a fraction of
the cost.

PyYAML spends ~0.2 ms per record even with libyaml's C emitter (its representers
run in Python), so 100,000 touches took seconds. Records are flat (scalars and
lists of scalars), and most of their text is plain words, which YAML writes as
is: those records are emitted here directly. Any record holding a value that
YAML would quote, fold or write as a block goes through `yaml_text.dump` (libyaml),
so the rules for tricky text stay in one place. A test checks both paths give
identical bytes for generated records. Touches, ~100,000 in a large network, are
written straight from the records (`dump_touches`), without building a dict each.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import yaml

from netcrm.domain.model import KINDS, Interaction
from netcrm.formats import yaml_text
from netcrm.formats.yaml_subset import RESOLVED_FIRST, WORDS
from netcrm.formats.yaml_text import to_data

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_STR = "tag:yaml.org,2002:str"
_resolver = yaml.resolver.Resolver()
_plain_ok: dict[str, bool] = {}
# libyaml's best_width: past this column a space in plain text becomes a line break.
_WIDTH = 100
T = TypeVar("T")
_SINGLE_SPACE = re.compile(r"(?<! ) (?! )")


class _NotSimple(Exception):
    """A value this emitter leaves to PyYAML."""


# Text PyYAML surely writes plain: a letter first, then only these characters (no ": ", " #",
# nothing non-ASCII), not ending in a space or colon. The full test below decides the rest.
_SURELY_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .,;!?&()/+_'@=-]*")


def _plain(value: str) -> bool:
    """Would PyYAML write `value` as plain (unquoted) text? Conservative: when unsure, no."""
    known = _plain_ok.get(value)
    if known is not None:
        return known
    if value not in WORDS and _SURELY_PLAIN.fullmatch(value) and value[-1] != " ":
        return True  # prose and ids, mostly: quick to check, not worth remembering
    known = (
        value != ""
        and (value[0] not in _INDICATORS or value[0] in "-?:" and value[1:2] not in ("", " "))
        and value[0] != " "
        and value[-1] not in " :"
        and ": " not in value
        and " #" not in value
        and not value.startswith(("...", "---"))
        and value.isprintable()
        and (value.isascii() or max(map(ord, value)) <= 0xFFFF)
        and (value[0] not in RESOLVED_FIRST and value not in WORDS
             or _resolver.resolve(yaml.ScalarNode, value, (True, False)) == _STR)  # type: ignore[no-untyped-call]  # PyYAML is untyped here; strict mode asks
    )
    if len(value) <= 64 and len(_plain_ok) < 500_000:  # tags, kinds and ids repeat; bounded for the app
        _plain_ok[value] = known
    return known


def _fold(text: str, column: int, indent: int) -> str:
    """Plain text as libyaml writes it from `column` on: a single space (not next to another)
    reached past column 100 becomes a line break indented by `indent`."""
    if column + len(text) <= _WIDTH + 1:
        return text
    out = []
    start = 0
    while True:
        # The first single space at a column past the width: text[i] sits at column + (i - start).
        found = _SINGLE_SPACE.search(text, max(start, start + _WIDTH + 1 - column))
        if found is None:
            out.append(text[start:])
            return ("\n" + " " * indent).join(out)
        out.append(text[start : found.start()])
        start = found.end()
        column = indent


def _printable(text: str) -> bool:
    return text.isprintable() and (text.isascii() or max(map(ord, text)) <= 0xFFFF)


def _quoted(value: str, column: int) -> str:
    """Single-quoted, as libyaml writes text it may not leave plain (dates, "yes", "-x")."""
    quoted = "'" + value.replace("'", "''") + "'"
    if column + len(quoted) > _WIDTH or not _printable(value):
        raise _NotSimple  # libyaml would fold it, or double-quote it
    return quoted


def _literal(value: str, indent: int) -> str:
    """A multi-line note as a `|` block, as libyaml writes it."""
    lines = value.split("\n")
    if value[-1] in " \n" or any(line.endswith(" ") or not _printable(line) for line in lines):
        raise _NotSimple  # trailing spaces or newlines: libyaml picks another style
    hint = "2" if value[0] in " \n" else ""
    pad = " " * indent
    return f"|{hint}-\n" + "\n".join(pad + line if line else "" for line in lines)


def _scalar(value: Any, column: int, indent: int) -> str:
    if isinstance(value, str):
        if "\n" in value:
            return _literal(value, indent)
        if not _plain(value):
            return _quoted(value, column)
        return _fold(value, column, indent)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise _NotSimple


def _mapping(data: dict[str, Any], first: str, rest: str) -> list[str]:
    lines: list[str] = []
    prefix = first
    indent = len(rest) + 2
    plain = _plain_ok.get  # the common case, short plain text, without a call per value
    for key, value in data.items():
        head = prefix + key + ":"
        cls = value.__class__
        if cls is str:
            ok = plain(value)
            if ok is None:
                ok = _plain(value)  # first seen, or long text (not remembered)
            if not ok:
                value = _scalar(value, len(head) + 1, indent)
            elif len(head) + len(value) > _WIDTH:
                value = _fold(value, len(head) + 1, indent)
            lines.append(head + " " + value)
        elif cls is dt.datetime:
            lines.append(head + " " + value.isoformat(" "))
        elif cls is list:
            if not value:
                lines.append(head + " []")
            else:
                lines.append(head)
                item_head = rest + "- "
                for item in value:
                    fits = item.__class__ is str and _plain(item) and indent + len(item) <= _WIDTH
                    lines.append(item_head + (item if fits else _scalar(item, indent, indent)))
        elif value is None:
            lines.append(head + " null")
        else:
            lines.append(head + " " + _scalar(value, len(head) + 1, indent))
        prefix = rest
    return lines


def dump_record(data: dict[str, Any]) -> str:
    """One mapping as a YAML document (a person's file)."""
    if not data:
        return yaml_text.dump(data)
    try:
        return "\n".join(_mapping(data, "", "")) + "\n"
    except _NotSimple:
        return yaml_text.dump(data)


def dump_records(records: list[dict[str, Any]]) -> str:
    """A list of mappings as a YAML document (a year of touches, the plans)."""
    return _dump_list(records, _list_item, lambda data: data)


def dump_touches(items: Sequence[Interaction]) -> str:
    """A year of touches: exactly `dump_records` of their data, written straight from the
    records (a year holds ~10,000 of them; this is the export's hot loop)."""
    return _dump_list(items, _touch_item, to_data)


def _dump_list(records: Sequence[T], item: Callable[[T], str], data_of: Callable[[T], dict[str, Any]]) -> str:
    if not records:
        return yaml_text.dump([])
    parts = []
    for record in records:
        try:
            parts.append(item(record))
        except _NotSimple:
            part = yaml_text.dump([data_of(record)])
            if part.endswith("\n...\n"):  # text ending in newlines: the document must end there
                return yaml_text.dump([data_of(r) for r in records])
            parts.append(part)
    return "".join(parts)


def _list_item(data: dict[str, Any]) -> str:
    if not data:
        raise _NotSimple
    return "\n".join(_mapping(data, "- ", "  ")) + "\n"


def _text(value: str, head: int) -> str:
    """A text field's value inside a list item, its key `head` characters wide (as `_mapping` writes it)."""
    if not _plain(value):
        return _scalar(value, head + 1, 4)
    if head + len(value) > _WIDTH:
        return _fold(value, head + 1, 4)
    return value


# The fields and defaults `_touch_item` is written for; a touch of another shape takes the general path.
TOUCH_SHAPE = (("id", "contacts", "at", "kind", "direction", "summary", "notes", "source"), ("outbound", "", "", ""))
_TOUCH_FAST = (Interaction.__struct_fields__, Interaction.__struct_defaults__) == TOUCH_SHAPE


_KIND_TEXT = {kind: _text(kind, 7) for kind in KINDS}  # one of a few words on every touch


def _touch_item(t: Interaction) -> str:
    """One touch as `_list_item(to_data(t))` writes it, without building the dict."""
    if not _TOUCH_FAST or t.__class__ is not Interaction or t.at.__class__ is not dt.datetime:
        return _list_item(to_data(t))
    out = ["- id: ", _text(t.id, 5), "\n  contacts:"]
    if not t.contacts:
        out.append(" []")
    for cid in t.contacts:
        fits = cid.__class__ is str and _plain(cid) and len(cid) <= _WIDTH - 4  # as `_scalar` would leave it
        out += ("\n  - ", cid if fits else _scalar(cid, 4, 4))
    kind = _KIND_TEXT.get(t.kind) or _text(t.kind, 7)
    out += ("\n  at: ", t.at.isoformat(" "), "\n  kind: ", kind)
    if t.direction != "outbound":
        out += ("\n  direction: ", _text(t.direction, 12))
    if t.summary:
        out += ("\n  summary: ", _text(t.summary, 10))
    if t.notes:
        out += ("\n  notes: ", _text(t.notes, 8))
    if t.source:
        out += ("\n  source: ", _text(t.source, 9))
    out.append("\n")
    return "".join(out)
