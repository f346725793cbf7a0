"""A reader for exactly the YAML that `export yaml` writes, at a fraction of PyYAML's cost.

PyYAML builds a node per scalar in Python even with libyaml's C parser, so reading
100,000 touches took tens of seconds. An export is flat: a person's file is one
mapping, a year of touches (plans, introductions) a list of mappings, and every value
a scalar or a list of scalars, written plain, single-quoted, folded at column 100 or
as a `|-` block. This reader takes those lines as they are and gives up (returns
None) on anything else: comments, double quotes, flow collections, anchors, tags,
tabs, control or odd line-break characters, a key given twice, plain words YAML would
read as something other than text, dates or small integers. The caller then reads
the file with the strict loader, which gives the same data or the error with its
file and line; a test compares both readers on generated and hand-edited text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

# Anything but the characters an export writes as they are: newline and printable text.
# Tab, CR, NEL and the Unicode line/paragraph separators are line breaks or spacing in YAML;
# a BOM, C0/C1 controls and non-characters are refused or escaped by the strict reader.
_ODD = re.compile("[^\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = re.compile(r"[a-z_][a-z0-9_]*\Z")
# Characters that may start a plain scalar YAML resolves to something other than text, and the
# words it reads as booleans or null: any other plain scalar is text (PyYAML's resolvers are
# keyed by first character). The fast emitter uses the same rule.
RESOLVED_FIRST = frozenset("0123456789-+.~<=")
WORDS = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split()
)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_DIGITS = frozenset("0123456789")
_SPECIAL_FIRST = _INDICATORS | RESOLVED_FIRST | {" "}
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:[+-][0-9]{2}:[0-9]{2})?\Z")
_resolver = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


class _Unusual(Exception):
    """Something this reader leaves to the strict loader."""


_GIVE_UP = _Unusual()


def _plain(value: str) -> Any:
    """A plain scalar as the strict loader reads it (text, int, bool, null, date, timestamp)."""
    first = value[0]
    if ": " in value or " #" in value or value[-1] in " :":
        raise _GIVE_UP
    if first not in _SPECIAL_FIRST:
        if value in WORDS:
            return _resolved(value)
        return value
    if first in _DIGITS:
        try:
            if _STAMP.match(value):  # what an export writes for a date and time
                return dt.datetime.fromisoformat(value)
            if _DATE.match(value):
                return dt.date.fromisoformat(value)
        except ValueError:
            raise _GIVE_UP from None  # no such date: the strict loader says so, with the line
    if first == " " or first in _INDICATORS and (first not in "-?:" or len(value) == 1 or value[1] == " "):
        raise _GIVE_UP
    return _resolved(value)


def _resolved(value: str) -> Any:
    tag: str = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]  # PyYAML is untyped here
    if tag == _STR:
        return value
    if tag.endswith(":int") and _INT.match(value):
        return int(value)
    if tag.endswith(":bool") and value in ("true", "false"):
        return value == "true"
    if tag.endswith(":null") and value in ("null", "~"):
        return None
    raise _GIVE_UP


def _quoted(value: str) -> str:
    if len(value) < 2 or value[-1] != "'":
        raise _GIVE_UP  # continues on the next line
    inner = value[1:-1]
    if "'" in inner.replace("''", ""):
        raise _GIVE_UP
    return inner.replace("''", "'")


def _mapping(lines: list[str], i: int, base: int, first: str, multiline: frozenset[str]) -> tuple[dict[str, Any], int]:
    """The flat mapping from line i whose keys start at column `base` (`first` is line i without
    its "- " when it is a list item), and the line after it."""
    record: dict[str, Any] = {}
    end = len(lines)
    pad = " " * base
    item_head = pad + "- "
    deeper = pad + " "
    line = first
    while True:
        key, colon, rest = line.partition(":")
        if not colon or key not in _KEYS and not _key(key) or key in record:
            raise _GIVE_UP
        i += 1
        if rest == "":  # "key:" then "- item" lines at the same indent
            items: list[Any] = []
            while i < end and lines[i].startswith(item_head):
                text = lines[i][base + 2 :]
                i += 1
                if not text:
                    raise _GIVE_UP
                if text[0] == "'":
                    items.append(_quoted(text))
                    continue
                while i < end and lines[i].startswith(deeper + " "):  # a long item folded at column 100
                    text = _joined(text, lines[i])
                    i += 1
                items.append(_plain(text))
            if not items:
                raise _GIVE_UP  # null, or a nested block
            record[key] = items
        elif rest[0] != " " or len(rest) == 1:
            raise _GIVE_UP
        else:
            text = rest[1:]
            if text[0] == "'":
                record[key] = _quoted(text)
            elif text == "[]":
                record[key] = []
            elif text == "|-" or text == "|2-":
                if key not in multiline:
                    raise _GIVE_UP  # a line break in a one-line field: the strict path decides
                record[key], i = _block(lines, i, base, text == "|-")
            else:
                while i < end and lines[i].startswith(deeper):  # folded at column 100
                    text = _joined(text, lines[i])
                    i += 1
                record[key] = _plain(text)
        if i >= end:
            return record, i
        line = lines[i]
        if base:
            if line[:2] == "- ":
                return record, i
            if line[:2] != pad or line[2:3] in (" ", ""):
                raise _GIVE_UP
            line = line[2:]
        elif line[:1] in (" ", ""):
            raise _GIVE_UP


_KEYS: set[str] = set()


def _key(key: str) -> bool:
    """A field name (and not a word YAML reads as true, false or null)."""
    if not _KEY.match(key) or key in WORDS:
        return False
    if len(_KEYS) < 1000:
        _KEYS.add(key)
    return True


def _joined(text: str, line: str) -> str:
    """A plain scalar and its next line, folded into one space (as YAML does, trimming both sides)."""
    more = line.lstrip(" ")
    if not more or more[0] in _INDICATORS or text[-1] == " ":
        raise _GIVE_UP
    return text + " " + more


def _block(lines: list[str], i: int, base: int, detect: bool) -> tuple[str, int]:
    """A `|-` block's text (indented two more than its key) and the line after it."""
    block_pad = " " * (base + 2)
    body: list[str] = []
    end = len(lines)
    while i < end and (lines[i].startswith(block_pad) or lines[i] == ""):
        body.append(lines[i][base + 2 :])
        i += 1
    if not body or body[-1] == "" or (detect and next(b for b in body if b)[:1] == " "):
        raise _GIVE_UP  # a trailing empty line, or an indentation YAML would detect otherwise
    return "\n".join(body), i


def _lines(text: str) -> list[str] | None:
    if not text.endswith("\n") or _ODD.search(text) is not None:
        return None
    return text[:-1].split("\n")


def read_mapping(text: str, multiline: frozenset[str] = frozenset()) -> dict[str, Any] | None:
    """One flat mapping (a person's file), or None when the text is not as an export writes it.
    `multiline` names the fields that may hold a `|-` block."""
    lines = _lines(text)
    if not lines or not lines[0] or lines[0][0] in " -":
        return None
    try:
        return _mapping(lines, 0, 0, lines[0], multiline)[0]
    except _Unusual:
        return None


def read_list(text: str, multiline: frozenset[str] = frozenset()) -> list[dict[str, Any]] | None:
    """A list of flat mappings (a year of touches, the plans), or None as for `read_mapping`."""
    if text == "[]\n":
        return []
    lines = _lines(text)
    if not lines:
        return None
    records = []
    i, end = 0, len(lines)
    try:
        while i < end:
            line = lines[i]
            if line[:2] != "- ":
                return None
            record, i = _mapping(lines, i, 2, line[2:], multiline)
            records.append(record)
    except _Unusual:
        return None
    return records
