"""Records straight from the text `export yaml` writes, for `import yaml` at 100,000 touches.

`yaml_subset` reads an export line by line in Python (~13 µs a touch). Here one
regular expression per kind of record, built from the record's fields in the order
the export writes them, takes a whole record at C speed; its values are turned into
plain data (text unfolded, quotes undone, numbers read) and a whole file becomes
records in one `msgspec` decode. Each field only accepts what its type can hold
as the export writes it (a time for a time field, a whole number for a number, text
that YAML reads as text), so what this reads is what the strict loader would read
and `msgspec.convert` would make of it; a test compares them on generated and
hand-edited text. A record it does not recognise is read by `yaml_subset`; when that
gives up too, or any record does not validate, it returns None and the caller takes
the careful path (which names the file, line and field of the problem).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec

from netcrm.domain.model import Record
from netcrm.formats import yaml_subset
from netcrm.formats.yaml_subset import RESOLVED_FIRST, WORDS

R = TypeVar("R", bound=Record)

_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_SPECIAL_FIRST = _INDICATORS + "".join(sorted(RESOLVED_FIRST)) + " \\"
_WORD = "|".join(sorted(WORDS))


def _class(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


def _plain(cont: str) -> str:
    """Plain text YAML reads as text, folded onto lines starting with `cont`: no ": ", " #", no
    space or colon at the end; a first character that cannot make it a number, date, word or
    indicator (or one that may, followed by text with a space, which no such form has)."""
    rest = r"[^\n: ]*(?:(?::(?![ \n])| (?![ #\n]))[^\n: ]*)*"  # one line of it, after the first character
    words = rf"(?!(?:{_WORD})\n)"
    first = (
        rf"(?:{words}[^{_class(_SPECIAL_FIRST)}\n]"
        r"|[?:][^ \n]"
        r"|[-+][^0-9._ \n]"  # "--12-28": no number starts so
        rf"|(?![0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}[ Tt])[-+.~<=0-9](?=[^\n ]*[^\n :# ] (?! ))[^ \n])"
    )
    more = rf"(?:\n{cont}[^{_class(_INDICATORS)}\n ]{rest})*"
    return f"{first}{rest}{more}"


_QUOTED = r"'(?:[^'\n]|'')*'"
_STAMP = r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:[+-][0-9]{2}:[0-9]{2})?"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_INT = r"-?(?:0|[1-9][0-9]{0,17})"


def _block(cont: str) -> str:
    """A `|-` block (multi-line fields): lines at `cont`, the first not starting with a space
    (else YAML would find another indentation), none ending in one, no empty line at the end."""
    line = f"{cont}[^\\n]*[^ \\n]"
    return rf"\|-\n{cont}[^ \n](?:[^\n]*[^ \n])?(?:\n+{line})*"


def _text_of(cont: str) -> Callable[[str], str]:
    fold, block_line = "\n" + cont, "\n" + cont

    def text(value: str) -> str:
        first = value[0]
        if first == "'":
            return value[1:-1].replace("''", "'")
        if first == "|":
            return value[2:].replace(block_line, "\n")[1:]
        return value.replace(fold, " ") if "\n" in value else value

    return text


def _items_of(pad: str, text: Callable[[str], str]) -> Callable[[str], list[str]]:
    head, fold = f"\n{pad}- ", f"\n{pad}  "

    def items(value: str) -> list[str]:
        if value == " []":
            return []
        found = value[len(head):].split(head)
        return [text(item) for item in found] if "'" in value or fold in value else found

    return items


Convert = Callable[[str], Any]


def _field(name: str, info: msgspec.inspect.Type, lead: str, pad: str,
           multiline: bool) -> tuple[str, Convert | None, bool] | None:
    """The pattern of one field's line(s) (one group: its value), what makes data of the value
    (None: the value as it is) and whether that is only `text` (unquote, unfold, unindent)."""
    optional = False
    if isinstance(info, msgspec.inspect.UnionType):
        kinds = [t for t in info.types if not isinstance(t, msgspec.inspect.NoneType)]
        if len(kinds) != 1:
            return None
        info, optional = kinds[0], True
    cont = pad + "  "
    text = _text_of(cont)
    scalar = f"(?:{_QUOTED}|{_plain(cont)})"
    convert: Convert | None
    if isinstance(info, (msgspec.inspect.StrType, msgspec.inspect.LiteralType)):
        if isinstance(info, msgspec.inspect.LiteralType) and not all(isinstance(v, str) for v in info.values):
            return None
        value, convert = (f"(?:{_QUOTED}|{_block(cont)}|{_plain(cont)})" if multiline else scalar), text
    elif isinstance(info, msgspec.inspect.ListType) and isinstance(info.item_type, msgspec.inspect.StrType):
        if optional:
            return None
        return f"{lead}{name}:( \\[\\]|(?:\\n{pad}- {scalar})+)\n", _items_of(pad, text), False
    elif isinstance(info, msgspec.inspect.DateTimeType):
        value, convert = _STAMP, None  # msgspec reads the time from the text
    elif isinstance(info, msgspec.inspect.DateType):
        value, convert = _DATE, None
    elif isinstance(info, msgspec.inspect.BoolType):
        value, convert = "true|false", "true".__eq__
    elif isinstance(info, msgspec.inspect.IntType):
        value, convert = _INT, int
    else:
        return None
    if not optional:
        return f"{lead}{name}: ({value})\n", convert, convert is text
    inner = convert
    return f"{lead}{name}: (null|{value})\n", lambda v: None if v == "null" else inner(v) if inner else v, False


class _Reader:
    """The pattern and converters for one kind of record at one indentation."""

    def __init__(self, kind: type[Record], listed: bool, multiline: frozenset[str]) -> None:
        info = msgspec.inspect.type_info(kind)
        assert isinstance(info, msgspec.inspect.StructType)
        pad = "  " if listed else ""
        parts: list[str] = []
        self.names: list[str] = []
        self.converters: list[Convert | None] = []
        self.texts: list[bool] = []
        for n, f in enumerate(info.fields):
            lead = ("- " if listed else "") if n == 0 else pad
            made = _field(f.encode_name, f.type, lead, pad, f.encode_name in multiline)
            if made is None:
                continue  # a field of a shape the export does not write: its records take the careful path
            pattern, convert, text = made
            # The first field (the id) starts a record: it must be there. The others may be left out.
            parts.append(pattern if n == 0 else f"(?:{pattern})?")
            self.names.append(f.encode_name)
            self.converters.append(convert)
            self.texts.append(text)
        self.pattern = re.compile("".join(parts))
        self.decoder = _decoder(kind)
        self.listed = listed

    def data(self, match: re.Match[str]) -> dict[str, Any]:
        out = {}
        for name, convert, text, value in zip(self.names, self.converters, self.texts, match.groups()):
            if value is not None:
                # Plain one-line text and times are used as they are (most values: a call saved each).
                if convert is not None and not (text and value[0] not in "'|" and "\n" not in value):
                    value = convert(value)
                out[name] = value
        return out


_decoders: dict[type[Record], msgspec.json.Decoder[Any]] = {}


def _decoder(kind: type[Record]) -> msgspec.json.Decoder[Any]:
    found = _decoders.get(kind)
    if found is None:
        found = _decoders[kind] = msgspec.json.Decoder(list[kind])  # type: ignore[valid-type]  # a runtime type; msgspec builds it
    return found


_readers: dict[tuple[type[Record], bool, frozenset[str]], _Reader] = {}
_ODD = re.compile(yaml_subset._ODD.pattern)  # the characters neither reader takes


def _reader(kind: type[Record], listed: bool, multiline: frozenset[str]) -> _Reader:
    found = _readers.get((kind, listed, multiline))
    if found is None:
        found = _readers[(kind, listed, multiline)] = _Reader(kind, listed, multiline)
    return found


def read_records(text: str, kind: type[R], multiline: frozenset[str] = frozenset()) -> list[R] | None:
    """The records of a list file (a year of touches, the plans), or None when the text (or a
    record) is not as an export writes it, or a record does not validate: the careful path
    then reads the file and says what is wrong where."""
    if text == "[]\n":
        return []
    if not text.endswith("\n") or _ODD.search(text) is not None or not text.startswith("- "):
        return None
    reader = _reader(kind, True, multiline)
    match = reader.pattern.match
    end = len(text)
    fast: list[dict[str, Any]] = []
    slow: dict[int, dict[str, Any]] = {}  # position among the records -> data read by yaml_subset
    pos = 0
    while pos < end:
        found = match(text, pos)
        if found is not None and (found.end() == end or text.startswith("- ", found.end())):
            fast.append(reader.data(found))
            pos = found.end()
            continue
        stop = text.find("\n- ", pos) + 1 or end
        one = yaml_subset.read_list(text[pos:stop], multiline)
        if one is None or len(one) != 1:
            return None
        slow[len(fast) + len(slow)] = one[0]
        pos = stop
    try:
        records: list[R] = reader.decoder.decode(msgspec.json.encode(fast))
        if slow:
            converted = iter(records)
            records = [msgspec.convert(slow[i], kind) if i in slow else next(converted) for i in range(len(fast) + len(slow))]
    except (msgspec.ValidationError, msgspec.DecodeError, TypeError, ValueError):
        return None
    return records


def mapping_data(text: str, kind: type[Record], multiline: frozenset[str] = frozenset()) -> dict[str, Any] | None:
    """One record's data from a file holding just it (a person), ready for `decode_all`; None when
    the text is not as an export writes it (then `yaml_subset` or the strict loader reads it)."""
    if not text.endswith("\n") or _ODD.search(text) is not None:
        return None
    reader = _reader(kind, False, multiline)
    found = reader.pattern.match(text)
    if found is None or found.end() != len(text):
        return None
    return reader.data(found)


def decode_all(data: list[dict[str, Any]], kind: type[R]) -> list[R] | None:
    """Records from `mapping_data`'s data in one decode, or None when one does not validate."""
    try:
        return _decoder(kind).decode(msgspec.json.encode(data))  # type: ignore[no-any-return]  # the decoder's type is list[kind]
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
